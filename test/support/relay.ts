// A migrated relay database on a throwaway PostgreSQL cluster, shared by the tests of one file.
import { after } from 'node:test';
import { migrate, openDb, type Db } from '../../electron/relay/db.ts';
import { startPostgres, type PgCluster } from './postgres.ts';

export interface RelayDb {
  cluster: PgCluster;
  db: Db;
}

/** Starts a cluster, migrates it, and closes both when the file's tests end (call it at the top level of a test file). */
export async function relayDatabase(): Promise<RelayDb> {
  const cluster = await startPostgres();
  const db = openDb(cluster.url);
  after(async () => {
    await db.end();
    cluster.destroy();
  });
  await migrate(db);
  return { cluster, db };
}

/** A 32-byte operator key, as RELAY_SECRET_KEY carries it. */
export const TEST_SECRET_KEY = 'a'.repeat(64);
