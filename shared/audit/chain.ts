// The audit trail's hash chain (spec: shared/audit/SPEC.md). Each entry's hash covers its fields and
// the previous entry's hash, so an entry edited, deleted, moved or slipped in breaks the chain at the
// first entry that no longer matches. Pure code: main checks its database with it, the verify command
// checks exported bundles with it.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../crypto/encoding.ts';
import { t } from '../i18n/index.ts';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
export const ENTRY_DOMAIN = 'activation-kiosk/audit-entry/v1';

export const ACTORS = ['engineer', 'sync', 'system'] as const;
export type AuditActor = (typeof ACTORS)[number];

/** One audit entry as chained: `hash` covers every other field. */
export interface ChainedEntry {
  seq: number;
  at: string;
  requestId: string | null;
  actor: string;
  /** The engineer's name and id when the engineer acted (as set at that time); null otherwise or before names were kept. */
  actorName: string | null;
  actorId: string | null;
  event: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export type Sha256 = (bytes: Uint8Array) => Uint8Array;

const NULL_FIELD = 0xffffffff;

const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

/** Fields as length-prefixed UTF-8 (4-byte big-endian length; 0xFFFFFFFF for null), after a domain tag and a zero byte. */
export function encodeFields(domain: string, fields: readonly (string | null)[]): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: room for the worst case, written in place (the start-up check encodes 100,000 entries).
  const room = 3 * (domain.length + fields.reduce((n, f) => n + (f?.length ?? 0), 0)) + 1 + 4 * fields.length;
  if (scratch.length < room) scratch = new Uint8Array(room * 2);
  const view = new DataView(scratch.buffer);
  let at = encoder.encodeInto(domain, scratch).written;
  scratch[at++] = 0;
  for (const field of fields) {
    if (field === null) {
      view.setUint32(at, NULL_FIELD);
      at += 4;
      continue;
    }
    const written = encoder.encodeInto(field, scratch.subarray(at + 4)).written;
    view.setUint32(at, written);
    at += 4 + written;
  }
  return scratch.slice(0, at);
}

/** The bytes an entry's hash covers, in the order of SPEC.md §2. */
export function entryBytes(entry: Omit<ChainedEntry, 'hash'>): Uint8Array {
  return encodeFields(ENTRY_DOMAIN, [
    entry.prevHash,
    String(entry.seq),
    entry.at,
    entry.requestId,
    entry.actor,
    entry.actorName,
    entry.actorId,
    entry.event,
    entry.detail,
  ]);
}

export function entryHash(entry: Omit<ChainedEntry, 'hash'>, sha256: Sha256 = nobleSha256): string {
  return toHex(sha256(entryBytes(entry)));
}

export type BreakKind = 'edited' | 'out_of_chain';

/** The first entry that does not match, and why, in a sentence. */
export interface ChainBreak {
  seq: number;
  /** Position in the checked sequence, from 1. */
  position: number;
  kind: BreakKind;
  message: string;
}

export interface ChainReport {
  /** Entries checked (up to and including a broken one). */
  entries: number;
  /** The hash of the last entry that matched (the genesis hash when there is none). */
  head: string;
  /** The seq of the last entry that matched (0 when there is none). */
  lastSeq: number;
  broken: ChainBreak | null;
}

/** Where a check starts: the beginning of the trail, or where an earlier check of its first part ended. */
export const CHAIN_START: ChainReport = { entries: 0, head: GENESIS_HASH, lastSeq: 0, broken: null };

/**
 * Walks the entries in order and stops at the first that does not match: its previous hash is not
 * the hash of the entry before it (one deleted, moved or slipped in before it), or its own hash
 * differs from its content (edited). `from` continues an earlier check (the trail read in pages).
 */
export function verifyChain(entries: Iterable<ChainedEntry>, sha256: Sha256 = nobleSha256, from: ChainReport = CHAIN_START): ChainReport {
  let { head, lastSeq, entries: count } = from;
  for (const entry of entries) {
    count++;
    if (entry.prevHash !== head || entry.seq <= lastSeq) {
      const message = lastSeq === 0 ? t('crypto:audit.notFirst', { seq: entry.seq }) : t('crypto:audit.notFollowing', { seq: entry.seq, previous: lastSeq });
      return { entries: count, head, lastSeq, broken: { seq: entry.seq, position: count, kind: 'out_of_chain', message } };
    }
    if (entryHash(entry, sha256) !== entry.hash) {
      const message = t('crypto:audit.edited', { seq: entry.seq });
      return { entries: count, head, lastSeq, broken: { seq: entry.seq, position: count, kind: 'edited', message } };
    }
    head = entry.hash;
    lastSeq = entry.seq;
  }
  return { entries: count, head, lastSeq, broken: null };
}
