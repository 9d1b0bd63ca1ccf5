// The data folder is private to the user running the kiosk: the folder 0700 and every file the kiosk
// writes in it 0600 on POSIX, including what older versions left readable (0755/0644). On Windows the
// folder under the user's profile already carries the user's ACL, and POSIX modes mean nothing there:
// nothing is changed.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const POSIX = process.platform !== 'win32';

export const DATABASE_FILE_NAME = 'kiosk.sqlite';
/** The database and its WAL companions: SQLite creates -wal and -shm with the database file's mode. */
export const DATABASE_FILES = [DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`, `${DATABASE_FILE_NAME}-shm`] as const;
/** Files the kiosk keeps at the top of the data folder (the secret stores of the web host and of Electron). */
const TOP_FILES = [...DATABASE_FILES, 'secrets.json', 'secrets.safe.json', 'audit-key.json', 'audit-key.safe.json'];
/** Folders that hold only the kiosk's files: the demo service's data, backups, copies of damaged databases. */
const OWN_FOLDER = /^(?:demo|backups|damaged-.+)$/;
/** Temp files of atomic writes (secret stores, demo state and key, backups) a crash can leave behind. */
const LEFTOVER_TEMP = /(?:\.tmp|\.partial(?:-journal)?)$/;

/** Creates a folder (and its parents) and makes it private. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (POSIX) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes an existing file private (no-op when it does not exist). */
export function makePrivateFile(file: string): void {
  if (!POSIX) return;
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * At start: the data folder private, the kiosk's files in it private, and the temp files of writes
 * a crash interrupted removed. Only the kiosk's own names are touched: Electron keeps its browser
 * profile in the same folder.
 */
export function secureDataFolder(dataDir: string): void {
  makePrivateDir(dataDir);
  for (const name of TOP_FILES) makePrivateFile(path.join(dataDir, name));
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    const full = path.join(dataDir, entry.name);
    if (entry.isFile() && LEFTOVER_TEMP.test(entry.name) && TOP_FILES.some((name) => entry.name.startsWith(`${name}.`))) fs.rmSync(full, { force: true });
    // Copies of damaged databases are kept exactly as they were found.
    else if (entry.isDirectory() && OWN_FOLDER.test(entry.name)) secureOwnFolder(full, !entry.name.startsWith('damaged-'));
  }
}

function secureOwnFolder(dir: string, removeTemps: boolean): void {
  if (POSIX) fs.chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) secureOwnFolder(full, removeTemps);
    else if (entry.isFile()) {
      if (removeTemps && LEFTOVER_TEMP.test(entry.name)) fs.rmSync(full, { force: true });
      else makePrivateFile(full);
    }
  }
}
