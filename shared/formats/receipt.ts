// The device's receipt (ur:kiosk-receipt): after applying (or refusing) a response the device says
// so, signed with the same Ed25519 key that signed its request. Deterministic CBOR with small integer
// keys (SPEC.md §8a); the signature covers the version's domain tag + the map without key 7.
// Version 2 names the response it is about (SHA-256 of the artifact the device received, key 8), so
// a receipt for one response can never speak for another; version 1 (no digest) is still read.
import { t } from '../i18n/index.ts';
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
const form = (): string => t('formats:forms.receipt');

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
  if (!HEX32.test(r.requestId)) throw new FormatError(form(), t('formats:receipt.requestId'));
  if (!NONCE.test(r.nonce)) throw new FormatError(form(), t('formats:receipt.nonce'));
  if (!Number.isInteger(r.appliedAt) || r.appliedAt < 0 || r.appliedAt > MAX_TIME) throw new FormatError(form(), t('formats:receipt.appliedAt'));
  if (!RECEIPT_OUTCOMES.includes(r.outcome)) throw new FormatError(form(), t('formats:receipt.outcome'));
  if ((r.outcome === 'refused') !== (r.reason !== undefined)) throw new FormatError(form(), t('formats:receipt.reasonOnRefusal'));
  if (r.reason !== undefined && !RECEIPT_REASONS.includes(r.reason)) throw new FormatError(form(), t('formats:receipt.reason', { reasons: RECEIPT_REASONS.join(', ') }));
  if (r.responseDigest !== undefined && !HEX32.test(r.responseDigest)) throw new FormatError(form(), t('formats:receipt.digest'));
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
  if (signed.signature.length !== 64) throw new FormatError(form(), t('formats:receipt.signatureLength'));
  const m = toMap(signed.receipt);
  m.set(RECEIPT_KEYS.signature, signed.signature);
  return encodeDeterministic(m);
}

/** Reads the CBOR strictly (version 1 or 2); throws FormatError naming the first problem. */
export function decodeReceipt(bytes: Uint8Array): SignedReceipt {
  const get = decodeKnownMap(bytes, form(), RECEIPT_KEYS);
  const version = get(RECEIPT_KEYS.version);
  if (typeof version === 'number' && version > KIOSK_RECEIPT_VERSION) throw new FormatError(form(), t('formats:receipt.newer', { version, supported: KIOSK_RECEIPT_VERSION }));
  if (version !== 1 && version !== 2) throw new FormatError(form(), t('formats:receipt.version'));
  const id = get(RECEIPT_KEYS.requestId);
  if (!(id instanceof Uint8Array) || id.length !== 32) throw new FormatError(form(), t('formats:receipt.requestIdBytes'));
  const nonce = get(RECEIPT_KEYS.nonce);
  if (typeof nonce !== 'string') throw new FormatError(form(), t('formats:receipt.nonceText'));
  const appliedAt = get(RECEIPT_KEYS.appliedAt);
  if (typeof appliedAt !== 'number') throw new FormatError(form(), t('formats:receipt.appliedAt'));
  const outcome = get(RECEIPT_KEYS.outcome);
  if (typeof outcome !== 'string') throw new FormatError(form(), t('formats:receipt.outcome'));
  const reason = get(RECEIPT_KEYS.reason);
  if (reason !== undefined && typeof reason !== 'string') throw new FormatError(form(), t('formats:receipt.reasonText'));
  const digest = get(RECEIPT_KEYS.responseDigest);
  if (version === 1 && digest !== undefined) throw new FormatError(form(), t('formats:receipt.v1Digest'));
  if (version === 2 && !(digest instanceof Uint8Array && digest.length === 32)) throw new FormatError(form(), t('formats:receipt.v2Digest'));
  const signature = get(RECEIPT_KEYS.signature);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new FormatError(form(), t('formats:receipt.signature'));
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
  return decodeReceipt(cborOfUr(text, KIOSK_RECEIPT_UR_TYPE, t('formats:forms.receiptQr')));
}
