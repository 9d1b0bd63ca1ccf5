// Writes an exported response into the engineer's folder atomically and without overwriting:
// the bytes go to a temp file that is flushed, then hard-linked to the final name (link fails if the
// name exists, unlike rename), so a reader never sees half a file and nothing is replaced silently.
// A same-named file with different bytes gets a numbered sibling instead.
// Temp files carry the export's tag (".<name>.<tag>-<n>.tmp"), so that the ones a crash leaves behind
// can be told from anything else in the folder and removed (pending-exports.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';

export interface Written {
  fileName: string;
  /** True when a file with the same name and the same bytes was already there. */
  alreadyThere: boolean;
}

/** A fresh tag for one export's temp files. */
export const newExportTag = (): string => randomBytes(6).toString('hex');

let tempSeq = 0;

/** Whether `name` is a temp file of the export tagged `tag`. */
export function isExportTemp(name: string, tag: string): boolean {
  return /^\..+\.([0-9a-f]{12})-\d+\.tmp$/.exec(name)?.[1] === tag;
}

/** Creates `file` (never over an existing one) with `bytes`, flushed to the disk before it returns. */
export function writeNewSynced(file: string, bytes: Uint8Array): void {
  const fd = fs.openSync(file, 'wx', 0o644);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeNewFile(folder: string, wantedName: string, bytes: Uint8Array, tag = newExportTag()): Written {
  const tmp = path.join(folder, `.${wantedName}.${tag}-${++tempSeq}.tmp`);
  writeNewSynced(tmp, bytes);
  try {
    for (let n = 1; n < 1000; n++) {
      const fileName = n === 1 ? wantedName : withSuffix(wantedName, n);
      const target = path.join(folder, fileName);
      try {
        claim(tmp, target);
        return { fileName, alreadyThere: false };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (sameBytes(target, bytes)) return { fileName, alreadyThere: true };
      }
    }
    throw new Error(t('files:write.tooManyFiles', { name: wantedName, folder }));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** Gives the temp file its final name, failing with EEXIST if that name is taken. */
function claim(tmp: string, target: string): void {
  try {
    fs.linkSync(tmp, target);
  } catch (error) {
    // FAT-formatted USB sticks have no hard links: check, then rename (still atomic for readers).
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    if (fs.existsSync(target)) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
    fs.renameSync(tmp, target);
  }
}

/** "activation-press-1.json" → "activation-press-1 (2).json" */
function withSuffix(name: string, n: number): string {
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
}

function sameBytes(file: string, bytes: Uint8Array): boolean {
  try {
    return Buffer.compare(fs.readFileSync(file), Buffer.from(bytes)) === 0;
  } catch {
    return false;
  }
}
