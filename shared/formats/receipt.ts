// The device's receipt (ur:kiosk-receipt, version 1): after applying (or refusing) a response the
// device says so, signed with the same Ed25519 key that signed its request. Deterministic CBOR with
// small integer keys (SPEC.md §8a); the signature covers the domain tag + the map without key 7.
import * as ed from '@noble/ed25519';
import { utf8 } from '../crypto/encoding.ts';
import { decodeDeterministic, encodeDeterministic } from './cbor.ts';
import { FormatError } from './errors.ts';
import { fromHex, toHex } from './hex.ts';
import './device-signature.ts'; // sets the SHA-512 the Ed25519 calls need
import { decodeSinglePartUr, encodeSinglePartUr, UrError } from '../qr/ur.ts';

export const KIOSK_RECEIPT_UR_TYPE = 'kiosk-receipt';
export const KIOSK_RECEIPT_VERSION = 1;
export const RECEIPT_SIGNATURE_DOMAIN = 'activation-kiosk/receipt/v1\n';
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
}

export interface SignedReceipt {
  receipt: Receipt;
  signature: Uint8Array;
}

export const RECEIPT_KEYS = { version: 1, requestId: 2, nonce: 3, appliedAt: 4, outcome: 5, reason: 6, signature: 7 } as const;
const NONCE = /^[\x21-\x7e]{8,128}$/;
const MAX_TIME = 253402300799;

function toMap(r: Receipt): Map<number, unknown> {
  if (!/^[0-9a-f]{64}$/.test(r.requestId)) throw new FormatError(FORM, 'request_id must be 64 lower-case hex characters');
  if (!NONCE.test(r.nonce)) throw new FormatError(FORM, 'nonce must be 8 to 128 printable ASCII characters');
  if (!Number.isInteger(r.appliedAt) || r.appliedAt < 0 || r.appliedAt > MAX_TIME) throw new FormatError(FORM, 'applied_at must be whole seconds since 1970');
  if (!RECEIPT_OUTCOMES.includes(r.outcome)) throw new FormatError(FORM, 'outcome must be applied or refused');
  if ((r.outcome === 'refused') !== (r.reason !== undefined)) throw new FormatError(FORM, 'a reason comes with a refusal, and only then');
  if (r.reason !== undefined && !RECEIPT_REASONS.includes(r.reason)) throw new FormatError(FORM, `reason must be one of ${RECEIPT_REASONS.join(', ')}`);
  const m = new Map<number, unknown>([
    [RECEIPT_KEYS.version, KIOSK_RECEIPT_VERSION],
    [RECEIPT_KEYS.requestId, fromHex(r.requestId)],
    [RECEIPT_KEYS.nonce, r.nonce],
    [RECEIPT_KEYS.appliedAt, r.appliedAt],
    [RECEIPT_KEYS.outcome, r.outcome],
  ]);
  if (r.reason !== undefined) m.set(RECEIPT_KEYS.reason, r.reason);
  return m;
}

/** What is signed: the domain tag + the canonical receipt (no signature). */
function signedMessage(r: Receipt): Uint8Array {
  const tag = utf8(RECEIPT_SIGNATURE_DOMAIN);
  const body = encodeDeterministic(toMap(r));
  const out = new Uint8Array(tag.length + body.length);
  out.set(tag);
  out.set(body, tag.length);
  return out;
}

export function signReceipt(receipt: Receipt, secretKey: Uint8Array): SignedReceipt {
  return { receipt, signature: ed.sign(signedMessage(receipt), secretKey) };
}

export function verifyReceipt(signed: SignedReceipt, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signed.signature, signedMessage(signed.receipt), publicKey);
  } catch {
    return false;
  }
}

export function encodeReceipt(signed: SignedReceipt): Uint8Array {
  if (signed.signature.length !== 64) throw new FormatError(FORM, 'signature must be 64 bytes');
  const m = toMap(signed.receipt);
  m.set(RECEIPT_KEYS.signature, signed.signature);
  return encodeDeterministic(m);
}

/** Reads the CBOR strictly; throws FormatError naming the first problem. */
export function decodeReceipt(bytes: Uint8Array): SignedReceipt {
  const value = decodeDeterministic(bytes, FORM);
  if (!(value instanceof Map)) throw new FormatError(FORM, 'the CBOR must be a map');
  const known = new Set<number>(Object.values(RECEIPT_KEYS));
  for (const k of value.keys()) if (typeof k !== 'number' || !known.has(k)) throw new FormatError(FORM, `unexpected map key ${String(k).slice(0, 20)}`);
  const get = (k: number) => value.get(k) as unknown;
  const version = get(RECEIPT_KEYS.version);
  if (typeof version === 'number' && version > KIOSK_RECEIPT_VERSION) throw new FormatError(FORM, `version ${version} is newer than this app reads (version ${KIOSK_RECEIPT_VERSION}); update Activation Kiosk`);
  if (version !== KIOSK_RECEIPT_VERSION) throw new FormatError(FORM, 'version must be 1');
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
  const signature = get(RECEIPT_KEYS.signature);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new FormatError(FORM, 'signature must be a 64-byte string (a receipt is always signed)');
  const receipt: Receipt = { requestId: toHex(id), nonce, appliedAt, outcome: outcome as Receipt['outcome'] };
  if (reason !== undefined) receipt.reason = reason as ReceiptReason;
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
  let ur;
  try {
    ur = decodeSinglePartUr(text.trim(), KIOSK_RECEIPT_UR_TYPE);
  } catch (error) {
    if (error instanceof UrError) throw new FormatError('device receipt QR', error.message);
    throw error;
  }
  if (ur.type !== KIOSK_RECEIPT_UR_TYPE) throw new FormatError('device receipt QR', `ur:${ur.type} is not a device receipt`);
  return decodeReceipt(ur.cbor);
}
