// Reads a SQLite write-ahead log before SQLite does, to notice damage SQLite would hide: its recovery
// stops at the first frame whose salts or cumulative checksum do not match and silently discards
// every later frame, committed or not (https://www.sqlite.org/fileformat2.html#walformat).
// A torn tail (the last, unsynced transaction cut short by a crash) is normal and not damage; a bad
// frame followed by a commit frame of the same salt generation is: committed data would be lost.
import fs from 'node:fs';
import { t } from '../../shared/i18n/index.ts';

const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;
const FORMAT_VERSION = 3007000;
/** The check reads the log whole; a WAL this large is not one the kiosk wrote (auto-checkpoint keeps it to a few MB). */
const MAX_WAL_BYTES = 1024 * 1024 * 1024;

export type WalCheck = { ok: true; frames: number } | { ok: false; problem: string };

/** SQLite's WAL checksum: pairs of 32-bit words in the log's byte order, added into (s0, s1). */
function checksum(bytes: Buffer, start: number, end: number, bigEndian: boolean, s0: number, s1: number): [number, number] {
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

export function checkWalFile(file: string): WalCheck {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, frames: 0 };
    throw error;
  }
  if (size > MAX_WAL_BYTES) return { ok: false, problem: t('store:wal.tooLarge', { file, size }) };
  return checkWal(fs.readFileSync(file), file);
}

export function checkWal(wal: Buffer, name?: string): WalCheck {
  const where = name ? ` (${name})` : '';
  // Shorter than a header: SQLite ignores it, and so nothing committed can be in it.
  if (wal.length < HEADER_BYTES) return { ok: true, frames: 0 };
  const magic = wal.readUInt32BE(0);
  const pageSize = wal.readUInt32BE(8);
  const frameBytes = FRAME_HEADER_BYTES + pageSize;
  const headerValid =
    (magic === MAGIC_LITTLE_ENDIAN || magic === MAGIC_BIG_ENDIAN) &&
    wal.readUInt32BE(4) === FORMAT_VERSION &&
    pageSize >= 512 &&
    pageSize <= 65536 &&
    (pageSize & (pageSize - 1)) === 0;
  const bigEndian = magic === MAGIC_BIG_ENDIAN;
  const [h0, h1] = headerValid ? checksum(wal, 0, 24, bigEndian, 0, 0) : [0, 0];
  if (!headerValid || h0 !== wal.readUInt32BE(24) || h1 !== wal.readUInt32BE(28)) {
    // SQLite would ignore the whole log. Harmless only when it holds no complete frame.
    const anyFrame = wal.length >= HEADER_BYTES + FRAME_HEADER_BYTES + 512;
    return anyFrame ? { ok: false, problem: t('store:wal.header', { where }) } : { ok: true, frames: 0 };
  }
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  const total = Math.floor((wal.length - HEADER_BYTES) / frameBytes);
  const sameGeneration = (at: number) => wal.readUInt32BE(at + 8) === salt1 && wal.readUInt32BE(at + 12) === salt2;
  const isCommit = (at: number) => wal.readUInt32BE(at + 4) !== 0;

  let s: [number, number] = [h0, h1];
  for (let n = 0; n < total; n++) {
    const at = HEADER_BYTES + n * frameBytes;
    let valid = sameGeneration(at);
    if (valid) {
      // The checksum runs over the frame header's first 8 bytes and the page, seeded by the frame before.
      s = checksum(wal, at, at + 8, bigEndian, s[0], s[1]);
      s = checksum(wal, at + FRAME_HEADER_BYTES, at + frameBytes, bigEndian, s[0], s[1]);
      valid = s[0] === wal.readUInt32BE(at + 16) && s[1] === wal.readUInt32BE(at + 20);
    }
    if (valid) continue;
    // Recovery stops here. Frames of the current generation after this one that end a transaction
    // were committed: they would be dropped. Anything else is a torn tail or an older generation.
    let lostCommits = 0;
    for (let m = n + 1; m < total; m++) {
      const later = HEADER_BYTES + m * frameBytes;
      if (sameGeneration(later) && isCommit(later)) lostCommits++;
    }
    if (lostCommits === 0) return { ok: true, frames: n };
    return {
      ok: false,
      problem: t('store:wal.frame', { where, frame: n + 1, total, count: lostCommits }),
    };
  }
  return { ok: true, frames: total };
}
