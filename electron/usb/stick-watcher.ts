// Tells when something may have changed under the mount roots or in a watched folder.
// chokidar (not bare fs.watch): it gives the same add/remove events on Linux (inotify), macOS
// (FSEvents) and Windows, copes with roots that are created and removed, and debounces the bursts a
// copy makes. No OS raises an event inside a folder when a file system is mounted onto it, and FAT
// or network mounts drop events, so a slow rescan (`pollMs`) runs beside it: the events make the
// kiosk quick, the rescan makes it certain.
import { watch, type FSWatcher } from 'chokidar';

export interface StickWatcher {
  /** Watches these folders from now on (mount roots and watched folders). */
  setPaths(paths: readonly string[]): void;
  close(): Promise<void>;
}

export function watchSticks(paths: readonly string[], onChange: () => void, pollMs: number): StickWatcher {
  let timer: NodeJS.Timeout | null = null;
  // Many events in a burst (a whole stick appearing) become one rescan.
  const soon = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, 150);
  };
  let watcher: FSWatcher | null = null;
  let watching: string[] = [];
  const setPaths = (next: readonly string[]) => {
    const sorted = [...new Set(next)].sort();
    if (sorted.join('\0') === watching.join('\0')) return;
    const previous = watcher;
    watching = sorted;
    // Depth 3: root / stick / two folder levels of request files.
    watcher = sorted.length ? watch(sorted, { ignoreInitial: true, depth: 3, ignorePermissionErrors: true, followSymlinks: false }) : null;
    watcher?.on('all', soon).on('error', () => undefined);
    void previous?.close();
  };
  setPaths(paths);
  const poll = setInterval(onChange, pollMs);
  poll.unref();
  return {
    setPaths,
    async close() {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      await watcher?.close();
    },
  };
}
