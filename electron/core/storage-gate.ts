// Stands in front of the core: makes the data folder private, checks the database before SQLite
// writes to it, and, when it is damaged, keeps a copy and answers only the storage calls (what is
// wrong, restore a backup, start empty) until the engineer has chosen. Every other call is refused
// with a sentence, over either transport, so the renderer can show the damaged-database screen.
import fs from 'node:fs';
import path from 'node:path';
import { parseInput, type CallOutput, type StorageView, type UiPreferences } from '../../shared/api/contract.ts';
import { KioskError, type CallResult } from '../../shared/api/errors.ts';
import type { CallName } from '../../shared/api/methods.ts';
import { resolveLanguage, setLanguage, t } from '../../shared/i18n/index.ts';
import { backupsDir, finishRestore, listBackups, newestBackupAt, restoreBackupFile } from '../store/backups.ts';
import { DATABASE_FILE_NAME, DATABASE_FILES, secureDataFolder } from '../store/data-folder.ts';
import { checkDatabase, corruptionProblem, isCorruption, keepDamagedCopy } from '../store/database-check.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { RequestStore } from '../store/request-store.ts';
import type { CoreEvent, KioskCore } from './kiosk-core.ts';

export const STORAGE_CALLS = ['getStorage', 'restoreBackup', 'startFresh'] as const;
export type StorageCall = (typeof STORAGE_CALLS)[number];
const isStorageCall = (name: CallName): name is StorageCall => (STORAGE_CALLS as readonly string[]).includes(name);

interface GateOptions {
  dataDir: string;
  nativeBinding?: string;
  now: () => Date;
  log: (message: string) => void;
  systemLocales: () => readonly string[];
}

/** While the database (and the preferences in it) cannot be read: the OS's language and the default look. */
function preferencesWithoutDatabase(systemLocales: readonly string[]): UiPreferences {
  const display = resolveLanguage('system', systemLocales);
  return { theme: 'system', language: 'system', display: { ...display, system: display.language }, kioskMode: false };
}

export function gateOnStorage(options: GateOptions, build: (db: Db) => KioskCore): KioskCore {
  const file = path.join(options.dataDir, DATABASE_FILE_NAME);
  const listeners = new Set<(event: CoreEvent) => void>();
  let inner: KioskCore | null = null;
  let damaged: { problem: string; copyPath: string } | null = null;
  let closing: Promise<void> | null = null;

  function open(): { db: Db } | { problem: string } {
    const check = checkDatabase(file, { nativeBinding: options.nativeBinding });
    if (!check.ok) return check;
    try {
      return { db: openDatabase(file, { nativeBinding: options.nativeBinding }) };
    } catch (error) {
      if (isCorruption(error)) return { problem: corruptionProblem(error) };
      throw error;
    }
  }

  function attach(db: Db): void {
    inner = build(db);
    inner.subscribe((event) => listeners.forEach((listener) => listener(event)));
    damaged = null;
  }

  function view(): StorageView {
    if (!damaged) return { state: 'ok', lastBackupAt: newestBackupAt(options.dataDir)?.toISOString() ?? null };
    return { state: 'damaged', ...damaged, backups: listBackups(options.dataDir, options.nativeBinding) };
  }

  /** Replaces the damaged database (its copy is kept) by `replace`'s files and opens the result. */
  function reopen(replace: () => void, note: (was: { problem: string; copyPath: string }) => { event: string; detail: string }): StorageView {
    const was = damaged;
    if (!was) throw new KioskError('not_allowed', t('core:storage.nothingToReplace'));
    replace();
    const opened = open();
    if ('problem' in opened) {
      damaged = { problem: opened.problem, copyPath: was.copyPath };
      throw new KioskError('internal', t('core:storage.notSoundEither', { problem: opened.problem }));
    }
    const { event, detail } = note(was);
    new RequestStore(opened.db, options.now).audit(null, 'engineer', event, detail);
    attach(opened.db);
    return view();
  }

  const handlers: { [K in StorageCall]: (input: ReturnType<typeof parseInput<K>>) => CallOutput<K> } = {
    getStorage: view,
    restoreBackup({ file: name }) {
      if (!damaged) throw new KioskError('not_allowed', t('core:storage.nothingToRestore'));
      const backup = listBackups(options.dataDir, options.nativeBinding).find((b) => b.file === name);
      if (!backup) throw new KioskError('not_found', t('core:storage.backupGone', { folder: backupsDir(options.dataDir) }));
      return reopen(
        () => restoreBackupFile(options.dataDir, backup.file),
        (was) => ({
          event: 'database_restored',
          detail: t('core:storage.restored', { problem: was.problem, at: backup.takenAt, count: backup.requests, path: was.copyPath }),
        }),
      );
    },
    startFresh() {
      return reopen(
        // The WAL goes before the database: a crash in between must not leave a WAL without its database.
        () => [...DATABASE_FILES].reverse().forEach((name) => fs.rmSync(path.join(options.dataDir, name), { force: true })),
        (was) => ({ event: 'database_started_fresh', detail: t('core:storage.startedFresh', { problem: was.problem, path: was.copyPath }) }),
      );
    },
  };

  secureDataFolder(options.dataDir);
  finishRestore(options.dataDir);
  const first = open();
  if ('db' in first) attach(first.db);
  else {
    const fallback = preferencesWithoutDatabase(options.systemLocales());
    setLanguage(fallback.display.language, fallback.display.locale);
    damaged = { problem: first.problem, copyPath: keepDamagedCopy(options.dataDir, options.now()) };
    options.log(`The kiosk database is damaged: ${damaged.problem} A copy of the damaged files is in ${damaged.copyPath}. Open the kiosk to restore a backup or start with an empty database.`);
  }

  return {
    dataDir: options.dataDir,
    async call(name, raw): Promise<CallResult<unknown>> {
      if (!isStorageCall(name)) {
        if (inner) return inner.call(name, raw);
        // The damaged-database screen speaks the OS's language.
        if (name === 'getUiPreferences') return { ok: true, value: preferencesWithoutDatabase(options.systemLocales()) };
        return {
          ok: false,
          error: { code: 'not_allowed', message: t('core:storage.damaged', { problem: damaged?.problem ?? '' }) },
        };
      }
      try {
        const handler = handlers[name] as (input: unknown) => unknown;
        return { ok: true, value: handler(parseInput(name, raw)) };
      } catch (error) {
        if (error instanceof KioskError) return { ok: false, error: { code: error.code, message: error.message } };
        options.log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
        return { ok: false, error: { code: 'internal', message: t('core:storage.somethingWrong', { problem: (error as Error)?.message ?? t('core:kiosk.unknownError') }) } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= inner?.close() ?? Promise.resolve();
      return closing;
    },
  };
}
