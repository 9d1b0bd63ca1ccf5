// The device's receipt (ur:kiosk-receipt): after applying (or refusing) a response the device says
// so, signed with the same Ed25519 key that signed its request. Deterministic CBOR with small integer
// keys (SPEC.md §8a); the signature covers the version's domain tag + the map without key 7.
// Version 2 names the response it is about (SHA-256 of the artifact the device received, key 8), so
// a receipt for one response can never speak for another; version 1 (no digest) is still read.
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeKnownMap, encodeDeterministic } from './cbor.ts';
import { signCanonical, verifyCanonical } from './device-signature.ts';
import { FormatError } from './errors.ts';
import { fromHex, toHex } from './hex.ts';
import { cborOfUr } from './ur-payload.ts';
import { encodeSinglePartUr } from '../qr/ur.ts';

export const KIOSK_RECEIPT_UR_TYPE = 'kiosk-receipt';
/** The version devices write now; version 1 receipts (no response digest) are still read. */
export const KIOSK_RECEIPT_VERSION = 2;
export const RECEIPT_SIGNATURE_DOMAINS = { 1: 'activation-kiosk/receipt/v1\n', 2: 'activation-kiosk/receipt/v2\n' } as const;
export type ReceiptVersion = keyof typeof RECEIPT_SIGNATURE_DOMAINS;
export const RECEIPT_OUTCOMES = ['applied', 'refused'] as const;
/** Why a device refused a response; a device that knows no better says 'other'. */
export const RECEIPT_REASONS = ['signature', 'wrong-device', 'wrong-request', 'expired', 'clock', 'other'] as const;
export type ReceiptReason = (typeof RECEIPT_REASONS)[number];
const FORM = 'device receipt';

export interface Receipt {
  /** The kiosk request id (64 hex characters) whose response this is about. */
  requestId: string;
  nonce: string;
  /** Whole seconds since the Unix epoch (device clock). */
  appliedAt: number;
  outcome: (typeof RECEIPT_OUTCOMES)[number];
  /** Only when refused. */
  reason?: ReceiptReason;
  /**
   * Version 2: SHA-256 (64 hex characters) of the artifact the device received, byte for byte
   * (`responseDigestOf`). Absent in a version 1 receipt, which does not say which response it is about.
   */
  responseDigest?: string;
}

export interface SignedReceipt {
  receipt: Receipt;
  signature: Uint8Array;
}

export const RECEIPT_KEYS = { version: 1, requestId: 2, nonce: 3, appliedAt: 4, outcome: 5, reason: 6, signature: 7, responseDigest: 8 } as const;
const NONCE = /^[\x21-\x7e]{8,128}$/;
const HEX32 = /^[0-9a-f]{64}$/;
const MAX_TIME = 253402300799;

/**
 * What a version 2 receipt names: SHA-256 of the response artifact exactly as the device received it
 * (key 6 of the response envelope for a QR delivery, the file's bytes for a file delivery).
 */
export function responseDigestOf(artifact: Uint8Array): string {
  return toHex(sha256(artifact));
}

export function receiptVersion(r: Receipt): ReceiptVersion {
  return r.responseDigest === undefined ? 1 : 2;
}

function toMap(r: Receipt): Map<number, unknown> {
  if (!HEX32.test(r.requestId)) throw new FormatError(FORM, 'request_id must be 64 lower-case hex characters');
  if (!NONCE.test(r.nonce)) throw new FormatError(FORM, 'nonce must be 8 to 128 printable ASCII characters');
  if (!Number.isInteger(r.appliedAt) || r.appliedAt < 0 || r.appliedAt > MAX_TIME) throw new FormatError(FORM, 'applied_at must be whole seconds since 1970');
  if (!RECEIPT_OUTCOMES.includes(r.outcome)) throw new FormatError(FORM, 'outcome must be applied or refused');
  if ((r.outcome === 'refused') !== (r.reason !== undefined)) throw new FormatError(FORM, 'a reason comes with a refusal, and only then');
  if (r.reason !== undefined && !RECEIPT_REASONS.includes(r.reason)) throw new FormatError(FORM, `reason must be one of ${RECEIPT_REASONS.join(', ')}`);
  if (r.responseDigest !== undefined && !HEX32.test(r.responseDigest)) throw new FormatError(FORM, 'response_digest must be 64 lower-case hex characters (SHA-256)');
  const m = new Map<number, unknown>([
    [RECEIPT_KEYS.version, receiptVersion(r)],
    [RECEIPT_KEYS.requestId, fromHex(r.requestId)],
    [RECEIPT_KEYS.nonce, r.nonce],
    [RECEIPT_KEYS.appliedAt, r.appliedAt],
    [RECEIPT_KEYS.outcome, r.outcome],
  ]);
  if (r.reason !== undefined) m.set(RECEIPT_KEYS.reason, r.reason);
  if (r.responseDigest !== undefined) m.set(RECEIPT_KEYS.responseDigest, fromHex(r.responseDigest));
  return m;
}

/** What is signed (after the version's domain tag): the canonical receipt without its signature. */
function canonical(r: Receipt): Uint8Array {
  return encodeDeterministic(toMap(r));
}

export function signReceipt(receipt: Receipt, secretKey: Uint8Array): SignedReceipt {
  return { receipt, signature: signCanonical(canonical(receipt), secretKey, RECEIPT_SIGNATURE_DOMAINS[receiptVersion(receipt)]) };
}

export function verifyReceipt(signed: SignedReceipt, publicKey: Uint8Array): boolean {
  return verifyCanonical(canonical(signed.receipt), signed.signature, publicKey, RECEIPT_SIGNATURE_DOMAINS[receiptVersion(signed.receipt)]);
}

export function encodeReceipt(signed: SignedReceipt): Uint8Array {
  if (signed.signature.length !== 64) throw new FormatError(FORM, 'signature must be 64 bytes');
  const m = toMap(signed.receipt);
  m.set(RECEIPT_KEYS.signature, signed.signature);
  return encodeDeterministic(m);
}

/** Reads the CBOR strictly (version 1 or 2); throws FormatError naming the first problem. */
export function decodeReceipt(bytes: Uint8Array): SignedReceipt {
  const get = decodeKnownMap(bytes, FORM, RECEIPT_KEYS);
  const version = get(RECEIPT_KEYS.version);
  if (typeof version === 'number' && version > KIOSK_RECEIPT_VERSION) throw new FormatError(FORM, `version ${version} is newer than this app reads (version ${KIOSK_RECEIPT_VERSION}); update Activation Kiosk`);
  if (version !== 1 && version !== 2) throw new FormatError(FORM, 'version must be 1 or 2');
  const id = get(RECEIPT_KEYS.requestId);
  if (!(id instanceof Uint8Array) || id.length !== 32) throw new FormatError(FORM, 'request_id must be 32 bytes');
  const nonce = get(RECEIPT_KEYS.nonce);
  if (typeof nonce !== 'string') throw new FormatError(FORM, 'nonce must be a text string');
  const appliedAt = get(RECEIPT_KEYS.appliedAt);
  if (typeof appliedAt !== 'number') throw new FormatError(FORM, 'applied_at must be whole seconds since 1970');
  const outcome = get(RECEIPT_KEYS.outcome);
  if (typeof outcome !== 'string') throw new FormatError(FORM, 'outcome must be applied or refused');
  const reason = get(RECEIPT_KEYS.reason);
  if (reason !== undefined && typeof reason !== 'string') throw new FormatError(FORM, 'reason must be a text string');
  const digest = get(RECEIPT_KEYS.responseDigest);
  if (version === 1 && digest !== undefined) throw new FormatError(FORM, 'a version 1 receipt carries no response_digest (key 8)');
  if (version === 2 && !(digest instanceof Uint8Array && digest.length === 32)) throw new FormatError(FORM, 'response_digest (key 8) must be 32 bytes in a version 2 receipt');
  const signature = get(RECEIPT_KEYS.signature);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new FormatError(FORM, 'signature must be a 64-byte string (a receipt is always signed)');
  const receipt: Receipt = { requestId: toHex(id), nonce, appliedAt, outcome: outcome as Receipt['outcome'] };
  if (reason !== undefined) receipt.reason = reason as ReceiptReason;
  if (digest instanceof Uint8Array) receipt.responseDigest = toHex(digest);
  toMap(receipt); // the same field checks as when writing
  return { receipt, signature };
}

export function receiptToUr(signed: SignedReceipt): string {
  return encodeSinglePartUr({ type: KIOSK_RECEIPT_UR_TYPE, cbor: encodeReceipt(signed) });
}

/** True when the text claims to be a receipt (so capture reads it as one, never as a request). */
export function looksLikeReceiptUr(text: string): boolean {
  return /^ur:kiosk-receipt\//i.test(text.trim());
}

export function receiptFromUr(text: string): SignedReceipt {
  return decodeReceipt(cborOfUr(text, KIOSK_RECEIPT_UR_TYPE, 'device receipt QR'));
}
