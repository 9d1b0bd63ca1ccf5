// Daily online backups of the kiosk database into `backups/` of the data folder, through SQLite's
// backup API (better-sqlite3's db.backup(), which copies a few pages per step and yields to the event
// loop between steps, so calls keep being answered). Each copy is written beside its final name,
// checked with `PRAGMA quick_check`, then renamed; the newest few are kept, each 0600.
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME, makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from './data-folder.ts';
import { stamp } from './database-check.ts';
import type { Db } from './database.ts';

export const BACKUPS_KEPT = 5;
export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often a running kiosk asks whether the day has passed (a laptop that slept catches up within this). */
const CHECK_EVERY_MS = 60 * 60 * 1000;
const BACKUP_NAME = /^kiosk-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.sqlite$/;

export interface BackupInfo {
  /** The file name in backups/, e.g. kiosk-2026-11-30T14-38-29-123Z.sqlite. */
  file: string;
  takenAt: string;
  /** Requests in the backup. */
  requests: number;
}

export const backupsDir = (dataDir: string) => path.join(dataDir, 'backups');
export const isBackupName = (name: string) => BACKUP_NAME.test(name);

/** The backups' names and times, newest first (from the names alone). */
function backupFiles(dataDir: string): { file: string; takenAt: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((file) => {
      const m = BACKUP_NAME.exec(file);
      return m ? [{ file, takenAt: Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) }] : [];
    })
    .sort((a, b) => b.takenAt - a.takenAt);
}

/** Opens a backup read-only and checks it; its request count, or a sentence saying what is wrong. */
export function inspectBackup(file: string, nativeBinding?: string): { requests: number } | { problem: string } {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') return { problem: t('store:backup.integrity', { file: path.basename(file), problem: check }) };
    return { requests: (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n };
  } catch (error) {
    return { problem: t('store:backup.unreadable', { file: path.basename(file), problem: (error as Error).message }) };
  } finally {
    db?.close();
  }
}

/** The usable backups, newest first, with their request counts. */
export function listBackups(dataDir: string, nativeBinding?: string): BackupInfo[] {
  return backupFiles(dataDir).flatMap(({ file, takenAt }) => {
    const inspected = inspectBackup(path.join(backupsDir(dataDir), file), nativeBinding);
    return 'requests' in inspected ? [{ file, takenAt: new Date(takenAt).toISOString(), requests: inspected.requests }] : [];
  });
}

export function newestBackupAt(dataDir: string): Date | null {
  const newest = backupFiles(dataDir)[0];
  return newest ? new Date(newest.takenAt) : null;
}

/** Writes, checks and keeps one backup of `db`; removes the oldest beyond `keep`. */
export async function takeBackup(db: Db, dataDir: string, at: Date, options: { keep?: number; nativeBinding?: string } = {}): Promise<BackupInfo> {
  const dir = backupsDir(dataDir);
  makePrivateDir(dir);
  const file = `kiosk-${stamp(at)}.sqlite`;
  const final = path.join(dir, file);
  const partial = `${final}.partial`;
  // Created private first: SQLite would create the copy (and its journal, which takes the copy's mode) 0644.
  fs.closeSync(fs.openSync(partial, 'wx', PRIVATE_FILE_MODE));
  try {
    await db.backup(partial);
    settle(partial, options.nativeBinding);
    const inspected = inspectBackup(partial, options.nativeBinding);
    if ('problem' in inspected) throw new Error(inspected.problem);
    makePrivateFile(partial);
    fs.renameSync(partial, final);
    pruneBackups(dataDir, options.keep ?? BACKUPS_KEPT);
    return { file, takenAt: at.toISOString(), requests: inspected.requests };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * The copy carries the live database's WAL mode in its header, so every read would leave -wal and
 * -shm files beside it: switch it to a self-contained rollback-journal file (restoring turns WAL on again).
 */
function settle(file: string, nativeBinding?: string): void {
  const copy = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    copy.pragma('journal_mode = DELETE' /* ui-text-ok: SQLite pragma */);
  } finally {
    copy.close();
  }
}

export function pruneBackups(dataDir: string, keep: number): void {
  for (const { file } of backupFiles(dataDir).slice(keep)) fs.rmSync(path.join(backupsDir(dataDir), file), { force: true });
}

/**
 * Copies a backup into place as the kiosk database (the caller has kept the damaged files). The copy
 * is complete and flushed as `kiosk.sqlite.restoring` before anything is removed, so a restore cut
 * short by a crash is finished at the next start (finishRestore) instead of leaving a half state.
 */
export function restoreBackupFile(dataDir: string, file: string): void {
  if (!isBackupName(file)) throw new Error(t('store:backup.notBackup', { file }));
  const target = path.join(dataDir, DATABASE_FILE_NAME);
  const partial = `${target}.restore.partial`;
  fs.copyFileSync(path.join(backupsDir(dataDir), file), partial);
  makePrivateFile(partial);
  const fd = fs.openSync(partial, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, `${target}${RESTORING}`);
  finishRestore(dataDir);
}

const RESTORING = '.restoring';

/** Puts a complete restored copy in place, if one is waiting. */
export function finishRestore(dataDir: string): void {
  const target = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(`${target}${RESTORING}`)) return;
  // The old WAL and shared memory belong to the damaged database: SQLite must not apply them to this one.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(`${target}${RESTORING}`, target);
}

/**
 * Backs the database up at start when the newest backup is a day old (or there is none) and the
 * database holds something, then checks every hour while the kiosk runs.
 */
export function scheduleBackups(options: { db: Db; dataDir: string; now: () => Date; log: (message: string) => void; nativeBinding?: string }): { lastBackupAt(): Date | null; stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const due = (): boolean => {
    const newest = newestBackupAt(options.dataDir);
    if (newest && Math.abs(options.now().getTime() - newest.getTime()) < BACKUP_EVERY_MS) return false;
    const holds = options.db.prepare('SELECT EXISTS (SELECT 1 FROM requests) OR EXISTS (SELECT 1 FROM connections) AS any').get() as { any: number };
    return holds.any === 1;
  };
  const tick = (): void => {
    if (stopped || running) return;
    try {
      if (!due()) return;
    } catch (error) {
      options.log(`backup check failed: ${(error as Error).message}`);
      return;
    }
    running = takeBackup(options.db, options.dataDir, options.now(), { nativeBinding: options.nativeBinding })
      .catch((error: unknown) => options.log(`the daily backup of the kiosk database failed: ${(error as Error).message}`))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, CHECK_EVERY_MS);
  timer.unref();
  return {
    lastBackupAt: () => newestBackupAt(options.dataDir),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
