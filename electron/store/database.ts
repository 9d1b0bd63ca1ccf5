// Opens the kiosk's SQLite file: WAL for crash safety with a reader beside the writer, foreign keys
// on, and the schema brought up to date by the numbered migrations.
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import Database from 'better-sqlite3';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from './data-folder.ts';
import { ensureAuditTrigger, registerAuditFunctions } from './audit-chain.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to an Electron-ABI build of better-sqlite3, when the default Node build cannot load. */
  nativeBinding?: string;
}

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  makePrivateDir(path.dirname(file));
  // SQLite creates the database 0644 and gives -wal and -shm the database's mode: create it private.
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  makePrivateFile(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // ui-text-ok: SQL
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // ui-text-ok: SQL
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    if (db.open) db.close();
    throw error;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, upTo = LATEST_VERSION): void {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    db.close();
    throw new DatabaseTooNewError(
      t('store:database.tooNew', { version: current, latest: LATEST_VERSION }),
    );
  }
  // The audit trail's trigger hashes with it (from the chain migration on): every writing connection needs it.
  registerAuditFunctions(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > upTo) continue;
    // foreign_keys cannot change inside a transaction: it is turned off around one that rebuilds a table.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    // ui-text-ok: SQL
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(t('store:database.migrationOrphans', { version: migration.version }));
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  ensureAuditTrigger(db);
}
