// Writes one file onto a stick so that it is either wholly there or not there at all: the bytes go to
// a temp file in the same folder (same file system), which is flushed and renamed over the final name,
// and the folder is flushed too. The temp name carries the export tag of pending-exports.ts, so one a
// crash or a pulled stick leaves behind is removed at the next start. After the rename the file is
// read back and its SHA-256 compared: a stick that vanished under the write is found here.
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import { sha256Of } from '../delivery/answer-manifest.ts';
import { writeNewSynced } from '../deliver/write-file.ts';

let tempSeq = 0;


export function writeAtomic(folder: string, name: string, bytes: Uint8Array, tag: string): void {
  const target = path.join(folder, name);
  const tmp = path.join(folder, `.${name}.${tag}-${++tempSeq}.tmp`);
  try {
    writeNewSynced(tmp, bytes);
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  syncFolder(folder);
  const back = fs.readFileSync(target);
  if (sha256Of(back) !== sha256Of(bytes)) throw Object.assign(new Error(t('files:write.readsBackDifferent', { name })), { code: 'EIO' });
}

/** Flushes the folder entry of the rename; some file systems (FAT on Windows) refuse to open a folder: the rename itself is still atomic there. */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // see above
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The sentence for a failed write onto a stick, by the OS's error code. */
export function writeProblem(fileName: string, stickLabel: string, error: unknown): { kind: 'read_only' | 'full' | 'gone' | 'other'; message: string } {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return { kind: 'read_only', message: t('files:write.readOnly', { file: fileName, stick: stickLabel }) };
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return { kind: 'full', message: t('files:write.full', { file: fileName, stick: stickLabel }) };
  }
  if (code === 'ENOENT' || code === 'EIO' || code === 'ENODEV' || code === 'ENXIO' || code === 'ENOTDIR') {
    return { kind: 'gone', message: t('files:write.gone', { file: fileName, stick: stickLabel }) };
  }
  return { kind: 'other', message: t('files:write.other', { file: fileName, stick: stickLabel, problem: (error as Error)?.message ?? String(error) }) };
}
