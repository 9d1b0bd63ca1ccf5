// Writes an exported response into the engineer's folder atomically and without overwriting:
// the bytes go to a temp file that is flushed, then hard-linked to the final name (link fails if the
// name exists, unlike rename), so a reader never sees half a file and nothing is replaced silently.
// A same-named file with different bytes gets a numbered sibling instead.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Written {
  fileName: string;
  /** True when a file with the same name and the same bytes was already there. */
  alreadyThere: boolean;
}

export function writeNewFile(folder: string, wantedName: string, bytes: Uint8Array): Written {
  const tmp = path.join(folder, `.${wantedName}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o644);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
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
    throw new Error(`too many files named like ${wantedName} in ${folder}`);
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
