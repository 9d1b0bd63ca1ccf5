// The relay's PostgreSQL pool, its migrations and a transaction helper.
import pg from 'pg';
import { RELAY_MIGRATIONS } from './migrations.ts';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

/** Arbitrary but fixed: the advisory lock every relay process takes while it migrates. */
const MIGRATION_LOCK = 0x7265_6c61;

export function openDb(databaseUrl: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (PostgreSQL restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}

/** Applies the migrations not yet applied, each in its own transaction; returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  const applied: number[] = [];
  // Under the same lock as the migrations: two processes running CREATE TABLE IF NOT EXISTS at once can
  // both pass the check and one fails on the catalogue (23505, or 42710 for the table's row type).
  await transaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  });
  for (const migration of RELAY_MIGRATIONS) {
    await transaction(db, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM relay_schema WHERE version = $1', [migration.version]);
      if (done.rowCount) return;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO relay_schema (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    });
  }
  return applied;
}

/** True for errors that mean PostgreSQL is away (restarting, unreachable): the call is answered "try again". */
export function isDbUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'].includes(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(String((error as Error)?.message));
}
