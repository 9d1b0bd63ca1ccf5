// Export temp files a crash left in the engineer's folders. The temp files must live in the target
// folder (the final link or rename stays on one file system, often a USB stick), so before an export
// writes there the kiosk records the folder and the export's tag in its database, and drops the
// record when the export ends. A record found at start means the kiosk stopped mid-export: that
// folder's temp files (and temp folders of a many-answer export) with that tag, and only those, are removed.
import fs from 'node:fs';
import path from 'node:path';
import type { Preferences } from '../store/preferences.ts';
import { isExportTemp, newExportTag } from './write-file.ts';

const KEY = 'pendingExports';
/** A stick that never comes back must not grow the list for ever. */
const MAX_PENDING = 50;

interface Pending {
  folder: string;
  tag: string;
}

const pendingOf = (preferences: Preferences): Pending[] => preferences.get<Pending[]>(KEY, []);

/** Records an export into `folder`; returns the tag its temp files carry. */
export function beginExport(preferences: Preferences, folder: string): string {
  const tag = newExportTag();
  preferences.set(KEY, [...pendingOf(preferences), { folder, tag }].slice(-MAX_PENDING));
  return tag;
}

export function endExport(preferences: Preferences, tag: string): void {
  preferences.set(KEY, pendingOf(preferences).filter((p) => p.tag !== tag));
}

/** At start: removes the temp files of exports a crash interrupted. A folder not mounted now is tried again at the next start. */
export function removeCrashedExportTemps(preferences: Preferences, log: (message: string) => void): void {
  const pending = pendingOf(preferences);
  if (!pending.length) return;
  const unreachable = pending.filter(({ folder, tag }) => {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      return true;
    }
    for (const name of names) {
      if (!isExportTemp(name, tag)) continue;
      try {
        fs.rmSync(path.join(folder, name), { force: true, recursive: true });
        log(`Removed ${name} from ${folder}: a temp file of an export the kiosk did not finish.`);
      } catch (error) {
        log(`Could not remove the unfinished export's temp file ${path.join(folder, name)}: ${(error as Error).message}`);
      }
    }
    return false;
  });
  preferences.set(KEY, unreachable);
}
