// The reference device kit: what an air-gapped device runs to make a request and to check and
// apply the response, and to sign its receipt. Pure TypeScript (no Node APIs), so vendors can embed or port it; the byte
// formats are in SPEC.md beside this file.
import { importRsaPublicKey, PublicKeyError, verifySignedData } from '../crypto/rsa.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { fromUtf8, toHex } from '../crypto/encoding.ts';
import { generateDeviceKeyPair, type DeviceKeyPair } from '../formats/device-signature.ts';
import { FormatError } from '../formats/errors.ts';
import {
  canonicalRequestBytes,
  encodeKioskEnvelope,
  kioskCanonicalString,
  KIOSK_REQUEST_UR_TYPE,
  kioskEnvelopeToJsonText,
  kioskEnvelopeToUr,
  signKioskRequest,
  type KioskEnvelope,
  type KioskRequest,
} from '../formats/kiosk-request.ts';
import { responseFromUr, type ResponseEnvelope } from '../formats/response.ts';
import { receiptToUr, signReceipt, type Receipt, type ReceiptReason, type SignedReceipt } from '../formats/receipt.ts';
import { UrEncoder } from '../qr/ur.ts';

export { generateDeviceKeyPair, type DeviceKeyPair };

export interface MadeRequest {
  envelope: KioskEnvelope;
  /** Canonical CBOR (what is signed). */
  canonical: Uint8Array;
  /** Envelope CBOR (canonical + signature), the UR payload. */
  cbor: Uint8Array;
  /** The id the kiosk will queue it under; responses name it. */
  requestId: string;
  json: string;
  ur: string;
}

export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return toHex(bytes);
}

/** Builds (and signs, when a secret key is given) a kiosk request. */
export async function makeRequest(request: KioskRequest, secretKey?: Uint8Array): Promise<MadeRequest> {
  const envelope: KioskEnvelope = secretKey ? signKioskRequest(request, secretKey) : { request, signature: null };
  const canonical = canonicalRequestBytes(envelope.request);
  return {
    envelope,
    canonical,
    cbor: encodeKioskEnvelope(envelope),
    requestId: await sha256Hex(kioskCanonicalString(canonical)),
    json: kioskEnvelopeToJsonText(envelope),
    ur: kioskEnvelopeToUr(envelope),
  };
}

/** Frames of the request as an animated QR (one frame when it fits). */
export function requestFrames(made: MadeRequest, maxFragmentLen: number, passes = 1): string[] {
  const encoder = new UrEncoder({ type: KIOSK_REQUEST_UR_TYPE, cbor: made.cbor }, maxFragmentLen);
  if (encoder.isSinglePart) return [encoder.nextPart()];
  return Array.from({ length: Math.ceil(encoder.seqLen * passes) }, () => encoder.nextPart());
}

/** A response is one artifact (at most 48 KiB) in an envelope, as UR text at most about twice that. */
export const MAX_RESPONSE_INPUT = 256 * 1024;
/** Nesting a licence document may have before its signed text is built (a recursive walk). */
const MAX_DOCUMENT_DEPTH = 32;

export type VendorCheck = { kind: 'seed004'; publicKeyPem: string } | { kind: 'none' };

export interface PendingRequest {
  requestId: string;
  request: KioskRequest;
}

export type CheckResult =
  | { ok: true; fileName: string; bytes: Uint8Array; licenseExpiresAt: string | null; notes: string[] }
  | { ok: false; reasons: string[] };

export interface CheckOptions {
  pending: PendingRequest;
  vendor: VendorCheck;
  now: Date;
  /** Tolerated clock difference between the device and the licensing server. */
  clockSkewSeconds?: number;
  /** Only for a bare file: the name it was delivered under. */
  fileName?: string;
}

/**
 * Checks a response before the device applies it: the envelope's binding to this device's pending
 * request (request id and nonce), the vendor's signature, the binding of the signed data to this
 * device and licence, and the expiry. Every refusal reason is listed.
 */
export async function checkResponse(input: string | Uint8Array, options: CheckOptions): Promise<CheckResult> {
  if (input.length > MAX_RESPONSE_INPUT) return { ok: false, reasons: [`too large for a response (${input.length} characters or bytes; at most ${MAX_RESPONSE_INPUT})`] };
  const reasons: string[] = [];
  const notes: string[] = [];
  const { pending, now } = options;
  const skew = (options.clockSkewSeconds ?? 300) * 1000;
  let bytes: Uint8Array;
  let fileName = options.fileName ?? 'response';
  const text = typeof input === 'string' ? input.trim() : null;
  if (text !== null && /^ur:/i.test(text)) {
    let envelope: ResponseEnvelope;
    try {
      envelope = responseFromUr(text);
    } catch (error) {
      if (error instanceof FormatError) return { ok: false, reasons: [`not a readable response: ${error.message}`] };
      throw error;
    }
    if (envelope.requestId !== pending.requestId) reasons.push(`answers another request (${envelope.requestId.slice(0, 12)}…, this device waits for ${pending.requestId.slice(0, 12)}…)`);
    if (envelope.nonce !== undefined && envelope.nonce !== pending.request.nonce) reasons.push('the nonce does not match this device\'s request (a replayed or foreign response)');
    if (envelope.nonce === undefined) notes.push('the response names no nonce; bound by request id only');
    bytes = envelope.artifact.bytes;
    fileName = envelope.artifact.fileName;
  } else {
    bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    notes.push('a bare file carries no request id: bound through the signed data only');
  }
  if (pending.request.expiresAt !== undefined && pending.request.expiresAt * 1000 + skew < now.getTime()) {
    reasons.push(`the request expired at ${new Date(pending.request.expiresAt * 1000).toISOString()}; make a new one`);
  }
  let licenseExpiresAt: string | null = null;
  if (options.vendor.kind === 'seed004') {
    const checked = await checkSeed004(bytes, options.vendor.publicKeyPem, pending.request, now, skew);
    reasons.push(...checked.reasons);
    licenseExpiresAt = checked.expiresAt;
  } else {
    notes.push('no vendor signature check configured');
  }
  return reasons.length ? { ok: false, reasons } : { ok: true, fileName, bytes, licenseExpiresAt, notes };
}

async function checkSeed004(bytes: Uint8Array, pem: string, request: KioskRequest, now: Date, skew: number): Promise<{ reasons: string[]; expiresAt: string | null }> {
  const reasons: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch {
    return { reasons: ['the licence document is not JSON'], expiresAt: null };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { reasons: ['the licence document must be a JSON object {data, signature}'], expiresAt: null };
  if (deeperThan(doc, MAX_DOCUMENT_DEPTH)) return { reasons: [`the licence document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep`], expiresAt: null };
  const { data, signature } = doc as { data?: unknown; signature?: unknown };
  if (data === null || typeof data !== 'object' || Array.isArray(data) || typeof signature !== 'string') {
    return { reasons: ['the licence document needs "data" (an object) and "signature" (base64)'], expiresAt: null };
  }
  let key: CryptoKey;
  try {
    key = await importRsaPublicKey(pem);
  } catch (error) {
    if (error instanceof PublicKeyError) return { reasons: [`vendor key: ${error.message}`], expiresAt: null };
    throw error;
  }
  if (!(await verifySignedData(key, data, signature))) reasons.push('the vendor signature does not verify (altered or signed by another key)');
  const d = data as Record<string, unknown>;
  if (typeof d.machine_id !== 'string' || d.machine_id.toLowerCase() !== request.fingerprint.toLowerCase()) {
    reasons.push(`issued for another device (machine_id ${String(d.machine_id).slice(0, 12)}…, this device is ${request.fingerprint.slice(0, 12)}…)`);
  }
  if (request.licenseKey !== undefined && typeof d.license_key === 'string' && d.license_key.toUpperCase() !== request.licenseKey.toUpperCase()) {
    reasons.push('issued for another licence key');
  }
  let expiresAt: string | null = null;
  if (typeof d.expires_at === 'string') {
    expiresAt = d.expires_at;
    const t = Date.parse(d.expires_at);
    if (Number.isNaN(t)) reasons.push('expires_at is not a date');
    else if (t + skew < now.getTime()) reasons.push(`the licence expired at ${d.expires_at}`);
  }
  if (typeof d.activated_at === 'string' && Date.parse(d.activated_at) - skew > now.getTime()) {
    reasons.push(`issued in the future (${d.activated_at}): check the device clock`);
  }
  return { reasons, expiresAt };
}

/** Iterative, so absurd nesting is refused before any recursive walk. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return false;
}

export interface ReceiptInput {
  pending: PendingRequest;
  outcome: Receipt['outcome'];
  /** Required when refused. */
  reason?: ReceiptReason;
  now: Date;
}

/**
 * The receipt the device shows back after applying (or refusing) a response: one QR, signed with
 * the key that signed the request, so the kiosk can mark the request delivered.
 */
export function makeReceipt(input: ReceiptInput, secretKey: Uint8Array): { receipt: SignedReceipt; ur: string } {
  const receipt: Receipt = { requestId: input.pending.requestId, nonce: input.pending.request.nonce, appliedAt: Math.floor(input.now.getTime() / 1000), outcome: input.outcome };
  if (input.reason !== undefined) receipt.reason = input.reason;
  const signed = signReceipt(receipt, secretKey);
  return { receipt: signed, ur: receiptToUr(signed) };
}
