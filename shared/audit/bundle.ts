// The signed audit bundle (SPEC.md §4): every entry of the trail with its chain, the kiosk's Ed25519
// public key, and a signature over the chain's head. Because each entry's hash covers the one before
// it, signing the head (with the entry count and export time) signs every entry.
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { fromHex } from '../formats/hex.ts';
import { toHex } from '../crypto/encoding.ts';
import { t } from '../i18n/index.ts';
import { parseStrictJson, StrictJsonError } from '../crypto/strict-json.ts';
import { encodeFields, GENESIS_HASH, verifyChain, type ChainBreak, type ChainedEntry, type Sha256 } from './chain.ts';

ed.hashes.sha512 = sha512;

export const BUNDLE_FORMAT = 'activation-kiosk/audit-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_DOMAIN = 'activation-kiosk/audit-bundle/v1';
/** Largest bundle the verifier reads (about two million entries). */
export const MAX_BUNDLE_CHARS = 512 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, { error: () => t('crypto:audit.hex64') });
const entrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string(),
  requestId: z.string().nullable(),
  actor: z.string(),
  actorName: z.string().nullable(),
  actorId: z.string().nullable(),
  event: z.string(),
  detail: z.string(),
  prevHash: hex64,
  hash: hex64,
});

export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: z.string(),
  publicKey: hex64,
  genesis: z.literal(GENESIS_HASH),
  entries: z.array(entrySchema),
  head: z.strictObject({ entries: z.number().int().nonnegative(), seq: z.number().int().nonnegative(), hash: hex64 }),
  signature: z.string().regex(/^[0-9a-f]{128}$/, { error: () => t('crypto:audit.hex128') }),
});
export type AuditBundle = z.output<typeof bundleSchema>;

/** SHA-256 of the public key, the way Settings shows it (groups of four hex digits). */
export function keyFingerprint(publicKeyHex: string): string {
  return toHex(sha256(fromHex(publicKeyHex))).replace(/(.{4})(?!$)/g, '$1 ');
}

function signedBytes(bundle: Pick<AuditBundle, 'exportedAt' | 'publicKey' | 'head'>): Uint8Array {
  return encodeFields(BUNDLE_DOMAIN, [bundle.exportedAt, bundle.publicKey, String(bundle.head.entries), String(bundle.head.seq), bundle.head.hash]);
}

/** Builds and signs a bundle over entries already checked to form a chain. */
export function signBundle(entries: ChainedEntry[], secretKey: Uint8Array, exportedAt: string): AuditBundle {
  const last = entries.at(-1);
  const unsigned = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt,
    publicKey: toHex(ed.getPublicKey(secretKey)),
    genesis: GENESIS_HASH,
    entries,
    head: { entries: entries.length, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH },
  } as const;
  return { ...unsigned, signature: toHex(ed.sign(signedBytes(unsigned), secretKey)) };
}

/**
 * What the verify command reports. `code` is its exit code: 0 the bundle is whole and signed by its
 * key; 1 an entry does not match (named); 2 the signature or the key is wrong; 3 not a readable bundle.
 */
export type BundleVerdict =
  | { code: 0; message: string; entries: number; fingerprint: string }
  | { code: 1; message: string; broken: ChainBreak }
  | { code: 2 | 3; message: string };

export function verifyBundleText(text: string, options: { expectedKey?: string; sha256?: Sha256 } = {}): BundleVerdict {
  if (text.length > MAX_BUNDLE_CHARS) return { code: 3, message: t('crypto:audit.tooLarge', { mib: MAX_BUNDLE_CHARS / 1024 / 1024 }) };
  let json: unknown;
  try {
    json = parseStrictJson(text, { maxLength: MAX_BUNDLE_CHARS, maxDepth: 8 });
  } catch (error) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') && !trimmed.endsWith('}')) return { code: 3, message: t('crypto:audit.cutShort') };
    const why = error instanceof StrictJsonError ? error.message : String(error);
    return { code: 3, message: t('crypto:audit.notJson', { problem: why }) };
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` ${t('crypto:audit.at', { path: issue.path.join('.') })}` : '';
    const entryIndex = issue?.path[0] === 'entries' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const entry = entryIndex === null ? null : (json as { entries: { seq?: unknown }[] }).entries[entryIndex];
    const named = entry && typeof entry.seq === 'number' ? ` ${t('crypto:audit.entryNamed', { seq: entry.seq })}` : '';
    return { code: 3, message: t('crypto:audit.notBundle', { version: BUNDLE_VERSION, problem: `${issue?.message ?? t('crypto:audit.unexpected')}${where}${named}` }) };
  }
  const bundle = parsed.data;
  const report = verifyChain(bundle.entries, options.sha256);
  if (report.broken) return { code: 1, message: report.broken.message, broken: report.broken };
  const last = bundle.entries.at(-1);
  if (bundle.head.entries !== report.entries || bundle.head.hash !== report.head || bundle.head.seq !== (last?.seq ?? 0)) {
    // The chain is whole but shorter (or longer) than what was signed: entries were cut off the end or added after it.
    const seq = bundle.head.entries > report.entries ? bundle.head.seq : (bundle.entries[bundle.head.entries]?.seq ?? bundle.head.seq);
    const broken: ChainBreak = {
      seq,
      position: Math.min(bundle.head.entries, report.entries) + 1,
      kind: 'out_of_chain',
      message: bundle.head.entries > report.entries
        ? t('crypto:audit.cutEnd', { signed: bundle.head.entries, seq: bundle.head.seq, held: report.entries })
        : t('crypto:audit.added', { seq, signed: bundle.head.entries }),
    };
    return { code: 1, message: broken.message, broken };
  }
  const fingerprint = keyFingerprint(bundle.publicKey);
  if (options.expectedKey !== undefined && !sameKey(options.expectedKey, bundle)) {
    return { code: 2, message: t('crypto:audit.otherKey', { fingerprint, expected: options.expectedKey.trim() }) };
  }
  if (!signatureHolds(bundle)) return { code: 2, message: t('crypto:audit.badSignature', { fingerprint }) };
  return { code: 0, message: t('crypto:audit.intact', { count: report.entries, fingerprint }), entries: report.entries, fingerprint };
}

function signatureHolds(bundle: AuditBundle): boolean {
  try {
    return ed.verify(fromHex(bundle.signature), signedBytes(bundle), fromHex(bundle.publicKey));
  } catch {
    return false;
  }
}

/** The expected key as hex (64 digits) or as the fingerprint Settings shows (spaces optional). */
function sameKey(expected: string, bundle: AuditBundle): boolean {
  const clean = expected.replace(/\s+/g, '').toLowerCase();
  return clean === bundle.publicKey || clean === keyFingerprint(bundle.publicKey).replace(/\s+/g, '');
}
