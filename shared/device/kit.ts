// The reference device kit: what an air-gapped device runs to make a request and to check and
// apply the response, and to sign its receipt. Pure TypeScript (no Node APIs), so vendors can embed or port it; the byte
// formats are in SPEC.md beside this file.
import { importRsaPublicKey, PublicKeyError } from '../crypto/rsa.ts';
import { readSignedDocument, verifySignedDocument } from '../crypto/signed-document.ts';
import { checkActiveRecord, checkReleaseRecord } from '../formats/license-record.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { toHex } from '../crypto/encoding.ts';
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
import { receiptToUr, responseDigestOf, signReceipt, type Receipt, type ReceiptReason, type SignedReceipt } from '../formats/receipt.ts';
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

export type VendorCheck = { kind: 'seed004'; publicKeyPem: string } | { kind: 'none' };

export interface PendingRequest {
  requestId: string;
  request: KioskRequest;
}

/**
 * `responseDigest` names the response for the receipt (SHA-256 of the artifact as received, SPEC.md
 * §8a); null only when the input could not be read as a response at all.
 */
export type CheckResult =
  | { ok: true; fileName: string; bytes: Uint8Array; licenseExpiresAt: string | null; notes: string[]; responseDigest: string }
  | { ok: false; reasons: string[]; responseDigest: string | null };

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
  // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
  if (input.length > MAX_RESPONSE_INPUT) return { ok: false, reasons: [`too large for a response (${input.length} characters or bytes; at most ${MAX_RESPONSE_INPUT})`], responseDigest: null };
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
      // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
      if (error instanceof FormatError) return { ok: false, reasons: [`not a readable response: ${error.message}`], responseDigest: null };
      throw error;
    }
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    if (envelope.requestId !== pending.requestId) reasons.push(`answers another request (${envelope.requestId.slice(0, 12)}…, this device waits for ${pending.requestId.slice(0, 12)}…)`);
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    if (envelope.nonce !== undefined && envelope.nonce !== pending.request.nonce) reasons.push('the nonce does not match this device\'s request (a replayed or foreign response)');
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    if (envelope.nonce === undefined) notes.push('the response names no nonce; bound by request id only');
    bytes = envelope.artifact.bytes;
    fileName = envelope.artifact.fileName;
  } else {
    bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    notes.push('a bare file carries no request id: bound through the signed data only');
  }
  if (pending.request.expiresAt !== undefined && pending.request.expiresAt * 1000 + skew < now.getTime()) {
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    reasons.push(`the request expired at ${new Date(pending.request.expiresAt * 1000).toISOString()}; make a new one`);
  }
  let licenseExpiresAt: string | null = null;
  if (options.vendor.kind === 'seed004') {
    const checked = await checkSeed004(bytes, options.vendor.publicKeyPem, pending.request, now, skew);
    reasons.push(...checked.reasons);
    licenseExpiresAt = checked.expiresAt;
  } else {
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    notes.push('no vendor signature check configured');
  }
  const responseDigest = responseDigestOf(bytes);
  return reasons.length ? { ok: false, reasons, responseDigest } : { ok: true, fileName, bytes, licenseExpiresAt, notes, responseDigest };
}

async function checkSeed004(bytes: Uint8Array, pem: string, request: KioskRequest, now: Date, skew: number): Promise<{ reasons: string[]; expiresAt: string | null }> {
  // Strict: a duplicate key, a "__proto__" member or a number that does not round-trip would let
  // the data read here differ from the data the signature covers.
  const read = readSignedDocument(bytes);
  // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
  if (!read.ok) return { reasons: [`the licence document is unusable: ${read.reason}`], expiresAt: null };
  let key: CryptoKey;
  try {
    key = await importRsaPublicKey(pem);
  } catch (error) {
    if (error instanceof PublicKeyError) return { reasons: [`vendor key: ${error.message}`], expiresAt: null };
    throw error;
  }
  const reasons: string[] = [];
  // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
  if (!(await verifySignedDocument(key, read.document))) reasons.push('the vendor signature does not verify (altered or signed by another key)');
  const { data } = read.document;
  const ask = { licenseKey: request.licenseKey, machineId: request.fingerprint };
  let expiresAt: string | null = null;
  if (request.kind === 'deactivate') {
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    reasons.push(...checkReleaseRecord(data, ask, request.createdAt * 1000 - skew).map((p) => `the licence record: ${p.reason}`));
  } else {
    const checked = checkActiveRecord(data, ask, now.getTime(), skew);
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    reasons.push(...checked.problems.map((p) => `the licence record: ${p.reason}`));
    expiresAt = checked.expiresAt;
  }
  if (typeof data.activated_at === 'string' && Date.parse(data.activated_at) - skew > now.getTime()) {
    // ui-text-ok: the device-side kit's words, shown by the device, never by the kiosk
    reasons.push(`issued in the future (${data.activated_at.slice(0, 40)}): check the device clock`);
  }
  return { reasons, expiresAt };
}

export interface ReceiptInput {
  pending: PendingRequest;
  /** The response it is about: `responseDigest` from checkResponse (SHA-256 of the artifact as received). */
  responseDigest: string;
  outcome: Receipt['outcome'];
  /** Required when refused. */
  reason?: ReceiptReason;
  now: Date;
}

/**
 * The receipt (version 2) the device shows back after applying (or refusing) a response: one QR,
 * signed with the key that signed the request and naming the response, so the kiosk can mark that
 * response delivered (and no other).
 */
export function makeReceipt(input: ReceiptInput, secretKey: Uint8Array): { receipt: SignedReceipt; ur: string } {
  const receipt: Receipt = {
    requestId: input.pending.requestId,
    nonce: input.pending.request.nonce,
    appliedAt: Math.floor(input.now.getTime() / 1000),
    outcome: input.outcome,
    responseDigest: input.responseDigest,
  };
  if (input.reason !== undefined) receipt.reason = input.reason;
  const signed = signReceipt(receipt, secretKey);
  return { receipt: signed, ur: receiptToUr(signed) };
}
