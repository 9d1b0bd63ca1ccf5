// Reads a stick (or watched folder) for request files: regular files up to two folders deep, at most
// the capture size limit, that parse as a request or a device receipt in any form capture accepts.
// Files whose name says "request" but do not parse are kept with the parser's sentence; anything
// else (photos, manuals) is left alone. The reader is injectable at the OS boundary for tests.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import { MAX_REQUEST_FILE_BYTES } from '../../shared/api/contract.ts';
import { looksLikeReceiptUr } from '../../shared/formats/receipt.ts';
import { parseRequestText } from '../../shared/formats/request.ts';

/** Extensions a device writes requests with; a file with one of them that does not parse is reported. */
const REQUEST_LIKE = new Set(['.json', '.txt', '.req', '.dat', '.ur', '.b64', '.request', '']);
const MAX_DEPTH = 2;
/** A stick full of other files must not keep the kiosk reading for minutes. */
const MAX_FILES = 2000;
/** What the kiosk itself writes onto a stick (never read back as requests). */
export const MANIFEST_NAME = 'manifest.json';
export const README_NAME = 'README.txt';

export interface FileOps {
  readFile(file: string): Buffer;
  stat(file: string): { size: number; mtimeMs: number };
}

export const nodeFileOps: FileOps = {
  readFile: (file) => fs.readFileSync(file),
  stat: (file) => fs.statSync(file),
};

export type StickFile =
  | { path: string; name: string; sha256: string; size: number; text: string; kind: 'request' | 'receipt' }
  | { path: string; name: string; sha256: string | null; size: number; kind: 'unreadable'; problem: string };

/** Lists the candidate files of `root` (paths absolute); `skip` holds paths the kiosk wrote there. */
export function listCandidates(root: string, skip: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_FILES || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
      else if (entry.isFile() && !skip.has(full) && !(depth === 0 && (entry.name === MANIFEST_NAME || entry.name === README_NAME))) found.push(full);
    }
  };
  walk(root, 0);
  return found;
}

/** Reads one file; null when it is neither a request nor request-like (not the kiosk's business). */
export function readStickFile(file: string, ops: FileOps = nodeFileOps): StickFile | null {
  const name = path.basename(file);
  const requestLike = REQUEST_LIKE.has(path.extname(name).toLowerCase());
  const unreadable = (problem: string, sha256: string | null = null, size = 0): StickFile | null =>
    requestLike ? { path: file, name, sha256, size, kind: 'unreadable', problem } : null;
  let before: { size: number; mtimeMs: number };
  let bytes: Buffer;
  try {
    before = ops.stat(file);
    if (before.size > MAX_REQUEST_FILE_BYTES) return unreadable(t('files:scan.tooLarge', { name }), null, before.size);
    bytes = ops.readFile(file);
  } catch (error) {
    return unreadable(t('files:scan.unreadable', { name, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  // A file still being copied onto the stick: its size or time moved under the read.
  let after: { size: number; mtimeMs: number } | null;
  try {
    after = ops.stat(file);
  } catch {
    after = null;
  }
  if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytes.length !== before.size) {
    return {
      path: file,
      name,
      sha256: null,
      size: bytes.length,
      kind: 'unreadable',
      problem: t('files:scan.changing', { name }),
    };
  }
  if (bytes.includes(0)) return unreadable(t('files:scan.binary', { name }));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  if (looksLikeReceiptUr(text)) return { path: file, name, sha256, size: bytes.length, text, kind: 'receipt' };
  const parsed = parseRequestText(text);
  if (parsed.ok) return { path: file, name, sha256, size: bytes.length, text, kind: 'request' };
  return unreadable(t('files:scan.notRequest', { name, problem: parsed.problem }), sha256, bytes.length);
}
