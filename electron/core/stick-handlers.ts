// USB sticks and watched folders behind the contract: which are present, what is new on them,
// importing their request files through capture, and writing the answers back.
import path from 'node:path';
import fs from 'node:fs';
import type { CallInput, CallOutput, parseInput } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import type { StickView } from '../../shared/api/sticks.ts';
import { t } from '../../shared/i18n/index.ts';
import type { Db } from '../store/database.ts';
import type { Preferences } from '../store/preferences.ts';
import type { RequestStore } from '../store/request-store.ts';
import { responseUnusable } from './views.ts';
import { listCandidates, nodeFileOps, readStickFile, type FileOps, type StickFile } from '../usb/stick-scan.ts';
import { StickStore } from '../usb/stick-store.ts';
import { watchSticks, type StickWatcher } from '../usb/stick-watcher.ts';
import { listVolumes, windowsRemovableDrives, type RemovableDrive, type Volume } from '../usb/volumes.ts';
import { writeAnswersBack } from '../usb/write-back.ts';

type StickCall = 'listSticks' | 'importFromStick' | 'writeAnswersToStick' | 'getStickSettings' | 'setStickSettings';
type Handlers = { [K in StickCall]: (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>> };

export interface StickOptions {
  /** Folders under which removable media appear (see volumes.ts defaultMountRoots); tests pass temp folders. */
  mountRoots: string[];
  /** Windows: also ask the OS for removable drive letters. */
  windowsDrives?: boolean;
  /** The rescan beside file events (stick-watcher.ts); default 3 s. */
  pollMs?: number;
  /** The file reader, replaceable at the OS boundary in tests. */
  fileOps?: FileOps;
}

interface Deps {
  db: Db;
  requests: RequestStore;
  preferences: Preferences;
  now: () => Date;
  /** The core's capture call (it queues, reports changes and starts sync). */
  capture: (items: CallInput<'capture'>['items']) => Promise<CallOutput<'capture'>['results']>;
  emit: (sticks: StickView[]) => void;
  changed: (ids: string[]) => void;
  log: (message: string) => void;
}

const WATCHED = 'watchedFolders';
const AUTO_IMPORT = 'stickAutoImport';
/** Files per capture call: well under its item and size limits. */
const CAPTURE_CHUNK = 100;

export function createStickHandlers(options: StickOptions | undefined, deps: Deps): { handlers: Handlers; close(): Promise<void> } {
  const { requests, preferences, now } = deps;
  const sticks = new StickStore(deps.db, now);
  const mountRoots = options?.mountRoots ?? [];
  const ops = options?.fileOps ?? nodeFileOps;
  const watched = (): string[] => preferences.get<string[]>(WATCHED, []);
  const autoImport = (): boolean => preferences.get(AUTO_IMPORT, false);

  let volumes: Volume[] = [];
  let drives: RemovableDrive[] = [];
  /** Parsed files by path, reused while size and time stay the same (the rescan runs every few seconds). */
  const cache = new Map<string, { size: number; mtimeMs: number; file: StickFile | null }>();
  const filesOf = new Map<string, StickFile[]>();
  const busy = new Map<string, NonNullable<StickView['busy']>>();
  const autoImported = new Map<string, NonNullable<StickView['autoImported']>>();
  let lastEmitted = '';

  /** The volumes present now, without reading their files. */
  function findVolumes(): void {
    volumes = listVolumes(mountRoots, watched(), drives);
  }

  function scan(): void {
    findVolumes();
    const skip = sticks.writtenPaths();
    filesOf.clear();
    for (const volume of volumes) {
      const files: StickFile[] = [];
      for (const file of listCandidates(volume.path, skip)) {
        let stat: { size: number; mtimeMs: number };
        try {
          stat = ops.stat(file);
        } catch {
          continue;
        }
        let hit = cache.get(file);
        if (!hit || hit.size !== stat.size || hit.mtimeMs !== stat.mtimeMs) {
          hit = { ...stat, file: readStickFile(file, ops) };
          // A file caught mid-copy is read again at the next scan.
          if (hit.file?.kind !== 'unreadable' || hit.file.sha256 !== null) cache.set(file, hit);
        }
        if (hit.file) files.push(hit.file);
      }
      filesOf.set(volume.path, files);
    }
  }

  const isNew = (f: StickFile) => f.sha256 === null || !sticks.seen(f.path, f.sha256);

  function views(): StickView[] {
    return volumes.map((volume) => {
      const fresh = (filesOf.get(volume.path) ?? []).filter(isNew);
      const known = sticks.requestFiles(volume.path);
      const ready = known.filter(({ request_id: id }) => {
        const row = requests.get(id);
        const response = row?.state === 'fulfilled' ? requests.response(id) : undefined;
        return response !== undefined && responseUnusable(response, now().getTime()) === null;
      });
      return {
        path: volume.path,
        label: volume.label,
        kind: volume.kind,
        newRequests: fresh.filter((f) => f.kind === 'request').length,
        newReceipts: fresh.filter((f) => f.kind === 'receipt').length,
        imported: known.length,
        answersReady: ready.length,
        problems: fresh.flatMap((f) => (f.kind === 'unreadable' ? [f.problem] : [])),
        busy: busy.get(volume.path) ?? null,
        autoImported: autoImported.get(volume.path) ?? null,
      };
    });
  }

  function emit(force = false): StickView[] {
    const list = views();
    const json = JSON.stringify(list);
    if (force || json !== lastEmitted) {
      lastEmitted = json;
      deps.emit(list);
    }
    return list;
  }

  async function refresh(): Promise<void> {
    if (options?.windowsDrives) drives = await windowsRemovableDrives();
    scan();
    const list = emit();
    if (!autoImport()) return;
    for (const stick of list) {
      if (stick.busy || stick.newRequests + stick.newReceipts === 0) continue;
      await importFrom(volumeAt(stick.path), 'system').catch((error: unknown) => deps.log(`Import from ${stick.label} failed: ${String(error)}`)); // ui-text-ok: a log line
    }
  }

  let refreshing: Promise<void> | null = null;
  const refreshSoon = () => {
    refreshing ??= refresh()
      .catch((error: unknown) => deps.log(`Looking for USB sticks failed: ${String(error)}`)) // ui-text-ok: a log line
      .finally(() => (refreshing = null));
  };

  function volumeAt(p: string): Volume {
    const volume = volumes.find((v) => v.path === path.resolve(p));
    if (!volume) throw new KioskError('not_found', t('core:sticks.volumeMissing', { path: p }));
    return volume;
  }

  async function withBusy<T>(volume: Volume, action: 'import' | 'write', work: (progress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
    if (busy.has(volume.path)) throw new KioskError('not_allowed', t('core:sticks.busy', { label: volume.label }));
    const progress = (done: number, total: number) => {
      busy.set(volume.path, { action, done, total });
      emit(true);
    };
    progress(0, 0);
    try {
      return await work(progress);
    } finally {
      busy.delete(volume.path);
      scan();
      emit(true);
    }
  }

  async function importFrom(volume: Volume, actor: 'engineer' | 'system'): Promise<CallOutput<'importFromStick'>> {
    return withBusy(volume, 'import', async (progress) => {
      const rel = (file: string) => path.relative(volume.path, file).split(path.sep).join('/');
      // Read again now: the scan may be seconds old, and the file must be the one that is imported.
      const files = listCandidates(volume.path, sticks.writtenPaths()).flatMap((file) => {
        const read = readStickFile(file, ops);
        return read && isNew(read) ? [read] : [];
      });
      const results: CallOutput<'importFromStick'>['results'] = [];
      const ids: string[] = [];
      const readable = files.filter((f): f is Extract<StickFile, { text: string }> => f.kind !== 'unreadable');
      for (const f of files) {
        if (f.kind !== 'unreadable') continue;
        results.push({ file: rel(f.path), outcome: 'error', message: f.problem });
        if (f.sha256) sticks.remember({ path: f.path, sha256: f.sha256, volume: volume.path, request_id: null, problem: f.problem });
      }
      progress(results.length, files.length);
      for (let at = 0; at < readable.length; at += CAPTURE_CHUNK) {
        const chunk = readable.slice(at, at + CAPTURE_CHUNK);
        const captured = await deps.capture(chunk.map((f) => ({ name: f.name, size: f.size, text: f.text, source: 'file' as const })));
        chunk.forEach((f, i) => {
          const r = captured[i]!;
          results.push({ file: rel(f.path), outcome: r.outcome, message: r.message });
          sticks.remember({ path: f.path, sha256: f.sha256, volume: volume.path, request_id: r.outcome === 'queued' || r.outcome === 'duplicate' ? r.requestId : null, problem: r.outcome === 'error' ? r.message : null });
          if (r.requestId) ids.push(r.requestId);
        });
        progress(results.length, files.length);
      }
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      const summary = { label: volume.label, queued: count('queued'), duplicates: count('duplicate'), results };
      requests.audit(
        null,
        actor,
        'stick_imported',
        t(actor === 'system' ? 'core:sticks.importedAuto' : 'core:sticks.imported', { label: volume.label, path: volume.path, queued: summary.queued, duplicates: summary.duplicates, failed: count('error') }),
      );
      if (actor === 'system') autoImported.set(volume.path, { at: now().toISOString(), queued: summary.queued, duplicates: summary.duplicates, failed: results.filter((r) => r.outcome === 'error').map((r) => r.message) });
      else autoImported.delete(volume.path);
      if (ids.length) deps.changed(ids);
      return summary;
    });
  }

  function settings(): CallOutput<'getStickSettings'> {
    return { watchedFolders: watched(), autoImport: autoImport(), mountRoots };
  }

  const watcher: StickWatcher | null = options ? watchSticks([...mountRoots, ...watched()], refreshSoon, options.pollMs ?? 3000) : null;
  if (options) refreshSoon();

  const handlers: Handlers = {
    async listSticks() {
      if (options?.windowsDrives) drives = await windowsRemovableDrives();
      scan();
      return { sticks: emit() };
    },
    async importFromStick({ path: p }) {
      findVolumes();
      return importFrom(volumeAt(p), 'engineer');
    },
    async writeAnswersToStick({ path: p }) {
      findVolumes();
      const volume = volumeAt(p);
      const result = await withBusy(volume, 'write', (progress) => writeAnswersBack(volume, { requests, sticks, preferences, now, progress }));
      if (result.written.length) deps.changed(result.written.map((w) => w.requestId));
      return { label: volume.label, ...result };
    },
    async getStickSettings() {
      return settings();
    },
    async setStickSettings(input) {
      if (input.watchedFolders) {
        for (const folder of input.watchedFolders) {
          if (!path.isAbsolute(folder)) throw new KioskError('invalid_input', t('core:sticks.notAbsolute', { folder }));
          if (!isFolder(folder)) throw new KioskError('invalid_input', t('core:sticks.notFolder', { folder }));
        }
        const folders = [...new Set(input.watchedFolders.map((f) => path.resolve(f)))];
        preferences.set(WATCHED, folders);
        requests.audit(null, 'engineer', 'watched_folders', folders.length ? t('core:sticks.watched', { folders: folders.join(', ') }) : t('core:sticks.noWatched'));
      }
      if (input.autoImport !== undefined && input.autoImport !== autoImport()) {
        preferences.set(AUTO_IMPORT, input.autoImport);
        requests.audit(null, 'engineer', 'stick_auto_import', input.autoImport ? t('core:sticks.autoOn') : t('core:sticks.autoOff'));
      }
      watcher?.setPaths([...mountRoots, ...watched()]);
      refreshSoon();
      return settings();
    },
  };
  return {
    handlers,
    async close() {
      await watcher?.close();
      await refreshing;
    },
  };
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
