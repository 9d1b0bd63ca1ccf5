// The start-up check of the kiosk database, before anything writes to it: the write-ahead log read
// by hand (SQLite would drop committed frames after a damaged one without a word), then SQLite's
// `PRAGMA quick_check` and the tables and columns the schema version promises, all on a read-only
// connection so that nothing (no checkpoint, no migration) changes a damaged file before it is copied.
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import Database from 'better-sqlite3';
import { DATABASE_FILES, makePrivateDir, makePrivateFile } from './data-folder.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';
import { checkWalFile } from './wal-check.ts';

export type DatabaseCheck = { ok: true } | { ok: false; problem: string };

/** SQLite's words for a file that is not (any more) a sound database. */
export function isCorruption(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(?:CORRUPT|NOTADB)/.test(error.code);
}

export function corruptionProblem(error: unknown): string {
  return (error as { code?: string }).code?.startsWith('SQLITE_NOTADB')
    ? t('store:database.notSqlite')
    : t('store:database.damaged', { problem: (error as Error).message });
}

export function checkDatabase(file: string, options: { nativeBinding?: string } = {}): DatabaseCheck {
  if (!fs.existsSync(file)) return { ok: true };
  const wal = checkWalFile(`${file}-wal`);
  if (!wal.ok) return wal;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    const rows = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (rows[0] !== 'ok') {
      // SQLite's own findings, without its "*** in database main ***" banner; the first two say enough.
      const findings = rows.flatMap((row) => row.split('\n')).filter((line) => line && !line.startsWith('***'));
      return { ok: false, problem: t('store:database.integrity', { problem: findings.slice(0, 2).join('; ') }) };
    }
    const schema = schemaProblem(db);
    return schema ? { ok: false, problem: schema } : { ok: true };
  } catch (error) {
    if (isCorruption(error)) return { ok: false, problem: corruptionProblem(error) };
    throw error;
  } finally {
    db?.close();
  }
}

/** The tables and columns the migrations up to `version` create, read from their SQL. */
function expectedSchema(version: number): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const migration of MIGRATIONS) {
    if (migration.version > version) break;
    for (const [, table, body] of migration.sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\s*\);/g)) {
      const columns = [...body!.matchAll(/^\s*(\w+)\s+(?:TEXT|INTEGER|BLOB|REAL)\b/gim)].map((m) => m[1]!);
      tables.set(table!, columns);
    }
    for (const [, table, column] of migration.sql.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)) tables.get(table!)?.push(column!);
    // A rebuilt table (created anew, the old one dropped, the new one renamed; migrations.ts version 6).
    for (const [, table] of migration.sql.matchAll(/DROP TABLE (\w+)/g)) tables.delete(table!);
    for (const [, from, to] of migration.sql.matchAll(/ALTER TABLE (\w+) RENAME TO (\w+)/g)) {
      const columns = tables.get(from!);
      tables.delete(from!);
      if (columns) tables.set(to!, columns);
    }
  }
  return tables;
}

function schemaProblem(db: Database.Database): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < 0) return t('store:database.impossibleVersion', { version });
  // A newer app's database is refused later with its own sentence (update the app), not as damage.
  if (version > LATEST_VERSION) return null;
  for (const [table, columns] of expectedSchema(version)) {
    const present = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    if (present.size === 0) return t('store:database.missingTable', { version, table });
    const missing = columns.find((c) => !present.has(c));
    if (missing) return t('store:database.missingColumn', { version, table, column: missing });
  }
  return null;
}

/** The files that hold the data (-shm is only shared memory between connections). */
const DATA_FILES = DATABASE_FILES.filter((name) => !name.endsWith('-shm'));

/**
 * A copy of the damaged database and its WAL, exactly as found, in `damaged-<time>/` of the data
 * folder; returns that folder. Started again without a choice, the kiosk names the copy it already
 * made of the same bytes instead of making another.
 */
export function keepDamagedCopy(dataDir: string, at: Date): string {
  const previous = fs
    .readdirSync(dataDir)
    .filter((name) => name.startsWith('damaged-'))
    .sort()
    .at(-1);
  if (previous && DATA_FILES.every((name) => sameFile(path.join(dataDir, name), path.join(dataDir, previous, name)))) return path.join(dataDir, previous);
  const base = path.join(dataDir, `damaged-${stamp(at)}`);
  let folder = base;
  for (let n = 2; fs.existsSync(folder); n++) folder = `${base}-${n}`;
  makePrivateDir(folder);
  for (const name of DATA_FILES) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    fs.copyFileSync(from, path.join(folder, name), fs.constants.COPYFILE_EXCL);
    makePrivateFile(path.join(folder, name));
  }
  return folder;
}

function sameFile(a: string, b: string): boolean {
  const exists = fs.existsSync(a);
  if (exists !== fs.existsSync(b)) return false;
  return !exists || (fs.statSync(a).size === fs.statSync(b).size && fs.readFileSync(a).equals(fs.readFileSync(b)));
}

/** A time as a file-name part: 2026-11-30T14-38-29-123Z. */
export function stamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}
