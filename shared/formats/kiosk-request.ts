// The kiosk request envelope, version 1. One record, three forms:
//  - canonical binary: a deterministic CBOR map with small integer keys (see shared/device/SPEC.md);
//    a device signature (Ed25519) covers these bytes, and the request id is derived from them;
//  - QR text: `ur:kiosk-request/<bytewords>` (the CBOR, plus the signature under key 16);
//  - JSON file: {"format":"activation-kiosk/request","version":1,...}.
import { t } from '../i18n/index.ts';
import { z } from 'zod';
import '../api/zod-language.ts';
import { fromHex, toHex } from './hex.ts';
import { decodeKnownMap, encodeDeterministic } from './cbor.ts';
import { signCanonical, verifyCanonical, devicePublicKey as publicKeyOf } from './device-signature.ts';
import { FormatError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from './license-key.ts';
import { cborOfUr } from './ur-payload.ts';
import { encodeSinglePartUr } from '../qr/ur.ts';

export const KIOSK_REQUEST_FORMAT = 'activation-kiosk/request';
export const KIOSK_REQUEST_VERSION = 1;
export const KIOSK_REQUEST_UR_TYPE = 'kiosk-request';
// 'license-file': a licence file for the key alone (Keygen's licence check-out), bound to no machine.
export const REQUEST_KINDS = ['activate', 'deactivate', 'refresh', 'license-file'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
const kindProblem = (): string => t('formats:kiosk.kind');
export const VENDOR_REQUEST_VENDORS = ['cryptlex'] as const;
export const MAX_VENDOR_REQUEST_CHARS = 16384;

const form = (): string => t('formats:forms.kioskRequest');

/** The request as a device states it. Times are whole seconds since the Unix epoch (UTC). */
export interface KioskRequest {
  kind: RequestKind;
  /** Absent only when a vendor request is wrapped and the engineer will type the key. */
  licenseKey?: string;
  fingerprint: string;
  nonce: string;
  createdAt: number;
  expiresAt?: number;
  target?: { connection?: string; product?: string };
  device?: { hostname?: string; os?: string; appVersion?: string };
  /** An opaque vendor request carried inside the envelope (e.g. a Cryptlex offline request file). */
  vendorRequest?: { vendor: (typeof VENDOR_REQUEST_VENDORS)[number]; body: string };
  /** Ed25519 public key of the device (32 bytes); required when the request is signed. */
  devicePublicKey?: Uint8Array;
}

export interface KioskEnvelope {
  request: KioskRequest;
  /** Ed25519 signature (64 bytes) over the domain tag + canonical bytes, or null. */
  signature: Uint8Array | null;
}

/** CBOR map keys of the canonical form (SPEC.md §2). */
export const KEYS = {
  version: 1,
  kind: 2,
  licenseKey: 3,
  fingerprint: 4,
  nonce: 5,
  createdAt: 6,
  expiresAt: 7,
  connection: 8,
  product: 9,
  hostname: 10,
  os: 11,
  appVersion: 12,
  vendor: 13,
  vendorRequest: 14,
  devicePublicKey: 15,
  signature: 16,
} as const;

const printable = (min: number, max: number) => new RegExp(`^[\\x21-\\x7e]{${min},${max}}$`);
const FINGERPRINT = printable(1, 256);
const NONCE = printable(8, 128);
// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]*$/;
const MAX_TIME = 253402300799; // 9999-12-31T23:59:59Z

function text(value: unknown, field: string, max: number, min = 0): string {
  if (typeof value !== 'string') throw new FormatError(form(), t('formats:kiosk.notText', { field }));
  if (value.length < min || value.length > max) throw new FormatError(form(), t('formats:kiosk.length', { field, min, max }));
  if (!noControl.test(value)) throw new FormatError(form(), t('formats:kiosk.control', { field }));
  return value;
}

function time(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIME) {
    throw new FormatError(form(), t('formats:kiosk.time', { field, max: MAX_TIME }));
  }
  return value;
}

/** Checks every field; throws FormatError naming the first problem. Returns the same object. */
export function validateKioskRequest(r: KioskRequest): KioskRequest {
  if (!REQUEST_KINDS.includes(r.kind)) throw new FormatError(form(), kindProblem());
  // A licence file is the vendor's file for a key: the key must be there, and no device request is wrapped.
  if (r.kind === 'license-file' && (r.licenseKey === undefined || r.vendorRequest)) throw new FormatError(form(), t('formats:kiosk.licenseFile'));
  if (r.licenseKey !== undefined) text(r.licenseKey, 'license_key', MAX_LICENSE_KEY_CHARS, 1);
  else if (!r.vendorRequest) throw new FormatError(form(), t('formats:kiosk.noKey'));
  if (typeof r.fingerprint !== 'string' || !FINGERPRINT.test(r.fingerprint)) throw new FormatError(form(), t('formats:kiosk.fingerprint'));
  if (typeof r.nonce !== 'string' || !NONCE.test(r.nonce)) throw new FormatError(form(), t('formats:kiosk.nonce'));
  time(r.createdAt, 'created_at');
  // expires_at before created_at is kept (a device clock may be wrong): the kiosk marks it expired.
  if (r.expiresAt !== undefined) time(r.expiresAt, 'expires_at');
  if (r.target?.connection !== undefined) text(r.target.connection, 'target.connection', 200, 1);
  if (r.target?.product !== undefined) text(r.target.product, 'target.product', 200, 1);
  if (r.device?.hostname !== undefined) text(r.device.hostname, 'device.hostname', 255);
  if (r.device?.os !== undefined) text(r.device.os, 'device.os', 255);
  if (r.device?.appVersion !== undefined) text(r.device.appVersion, 'device.app_version', 100);
  if (r.vendorRequest) {
    if (!VENDOR_REQUEST_VENDORS.includes(r.vendorRequest.vendor)) throw new FormatError(form(), t('formats:kiosk.vendor', { vendors: VENDOR_REQUEST_VENDORS.join(', ') }));
    if (typeof r.vendorRequest.body !== 'string' || r.vendorRequest.body.length < 1 || r.vendorRequest.body.length > MAX_VENDOR_REQUEST_CHARS) {
      throw new FormatError(form(), t('formats:kiosk.body', { max: MAX_VENDOR_REQUEST_CHARS }));
    }
  }
  if (r.devicePublicKey !== undefined && (!(r.devicePublicKey instanceof Uint8Array) || r.devicePublicKey.length !== 32)) {
    throw new FormatError(form(), t('formats:kiosk.publicKey'));
  }
  return r;
}

function toMap(r: KioskRequest): Map<number, unknown> {
  const m = new Map<number, unknown>();
  const put = (k: number, v: unknown) => {
    if (v !== undefined) m.set(k, v);
  };
  put(KEYS.version, KIOSK_REQUEST_VERSION);
  put(KEYS.kind, r.kind);
  put(KEYS.licenseKey, r.licenseKey);
  put(KEYS.fingerprint, r.fingerprint);
  put(KEYS.nonce, r.nonce);
  put(KEYS.createdAt, r.createdAt);
  put(KEYS.expiresAt, r.expiresAt);
  put(KEYS.connection, r.target?.connection);
  put(KEYS.product, r.target?.product);
  put(KEYS.hostname, r.device?.hostname);
  put(KEYS.os, r.device?.os);
  put(KEYS.appVersion, r.device?.appVersion);
  put(KEYS.vendor, r.vendorRequest?.vendor);
  put(KEYS.vendorRequest, r.vendorRequest?.body);
  put(KEYS.devicePublicKey, r.devicePublicKey);
  return m;
}

/** The canonical bytes: what is signed and what the request id is derived from. */
export function canonicalRequestBytes(r: KioskRequest): Uint8Array {
  return encodeDeterministic(toMap(validateKioskRequest(r)));
}

/** The request id the kiosk queues it under: SHA-256 of this string (SPEC.md §4). */
export function kioskCanonicalString(canonical: Uint8Array): string {
  return `kiosk-request-v1:${toHex(canonical)}`;
}

export function encodeKioskEnvelope(envelope: KioskEnvelope): Uint8Array {
  const m = toMap(validateKioskRequest(envelope.request));
  if (envelope.signature) {
    if (envelope.signature.length !== 64) throw new FormatError(form(), t('formats:kiosk.signatureLength'));
    if (!envelope.request.devicePublicKey) throw new FormatError(form(), t('formats:kiosk.signedNoKey'));
    m.set(KEYS.signature, envelope.signature);
  }
  return encodeDeterministic(m);
}

export function signKioskRequest(request: KioskRequest, secretKey: Uint8Array): KioskEnvelope {
  const withKey = { ...request, devicePublicKey: publicKeyOf(secretKey) };
  return { request: withKey, signature: signCanonical(canonicalRequestBytes(withKey), secretKey) };
}

export type SignatureState = 'verified' | 'unsigned';

/** Verifies the device signature if there is one; throws FormatError when it does not verify. */
export function checkKioskSignature(envelope: KioskEnvelope): SignatureState {
  if (!envelope.signature) return 'unsigned';
  const key = envelope.request.devicePublicKey;
  if (!key) throw new FormatError(form(), t('formats:kiosk.missingKey'));
  if (!verifyCanonical(canonicalRequestBytes(envelope.request), envelope.signature, key)) {
    throw new FormatError(form(), t('formats:kiosk.badSignature'));
  }
  return 'verified';
}

/** Reads the canonical CBOR envelope (strictly deterministic). Throws FormatError. */
export function decodeKioskEnvelope(bytes: Uint8Array): KioskEnvelope {
  const get = decodeKnownMap(bytes, form(), KEYS);
  const version = get(KEYS.version);
  if (version === undefined) throw new FormatError(form(), t('formats:kiosk.noVersion'));
  if (typeof version === 'number' && version > KIOSK_REQUEST_VERSION) {
    throw new FormatError(form(), t('formats:kiosk.newer', { version, supported: KIOSK_REQUEST_VERSION }));
  }
  if (version !== KIOSK_REQUEST_VERSION) throw new FormatError(form(), t('formats:kiosk.version'));
  const opt = (k: number, field: string, max: number) => (get(k) === undefined ? undefined : text(get(k), field, max));
  const kind = get(KEYS.kind);
  if (typeof kind !== 'string' || !(REQUEST_KINDS as readonly string[]).includes(kind)) throw new FormatError(form(), kindProblem());
  const request: KioskRequest = {
    kind: kind as RequestKind,
    fingerprint: text(get(KEYS.fingerprint) ?? missing('fingerprint'), 'fingerprint', 256),
    nonce: text(get(KEYS.nonce) ?? missing('nonce'), 'nonce', 128),
    createdAt: time(get(KEYS.createdAt) ?? missing('created_at'), 'created_at'),
  };
  const licenseKey = opt(KEYS.licenseKey, 'license_key', MAX_LICENSE_KEY_CHARS);
  if (licenseKey !== undefined) request.licenseKey = licenseKey;
  if (get(KEYS.expiresAt) !== undefined) request.expiresAt = time(get(KEYS.expiresAt), 'expires_at');
  const connection = opt(KEYS.connection, 'target.connection', 200);
  const product = opt(KEYS.product, 'target.product', 200);
  if (connection !== undefined || product !== undefined) request.target = strip({ connection, product });
  const hostname = opt(KEYS.hostname, 'device.hostname', 255);
  const os = opt(KEYS.os, 'device.os', 255);
  const appVersion = opt(KEYS.appVersion, 'device.app_version', 100);
  if (hostname !== undefined || os !== undefined || appVersion !== undefined) request.device = strip({ hostname, os, appVersion });
  const vendor = get(KEYS.vendor);
  const body = get(KEYS.vendorRequest);
  if ((vendor === undefined) !== (body === undefined)) throw new FormatError(form(), t('formats:kiosk.vendorPair'));
  if (vendor !== undefined) {
    request.vendorRequest = { vendor: vendor as 'cryptlex', body: text(body, 'vendor_request.body', MAX_VENDOR_REQUEST_CHARS) };
  }
  const pub = get(KEYS.devicePublicKey);
  if (pub !== undefined) {
    if (!(pub instanceof Uint8Array)) throw new FormatError(form(), t('formats:kiosk.publicKeyBytes'));
    request.devicePublicKey = pub;
  }
  const signature = get(KEYS.signature);
  if (signature !== undefined && (!(signature instanceof Uint8Array) || signature.length !== 64)) throw new FormatError(form(), t('formats:kiosk.signatureBytes'));
  validateKioskRequest(request);
  if (signature !== undefined && !request.devicePublicKey) throw new FormatError(form(), t('formats:kiosk.missingKey'));
  return { request, signature: (signature as Uint8Array | undefined) ?? null };
}

function missing(field: string): never {
  throw new FormatError(form(), t('formats:kiosk.missing', { field }));
}

function strip<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// ---- UR (QR) form -------------------------------------------------------------------------------

export function kioskEnvelopeToUr(envelope: KioskEnvelope): string {
  return encodeSinglePartUr({ type: KIOSK_REQUEST_UR_TYPE, cbor: encodeKioskEnvelope(envelope) });
}

export function kioskEnvelopeFromUr(text: string): KioskEnvelope {
  return decodeKioskEnvelope(cborOfUr(text, KIOSK_REQUEST_UR_TYPE, t('formats:forms.kioskRequestQr')));
}

// ---- JSON file form -----------------------------------------------------------------------------

const isoDate = z.iso.datetime({ offset: true, error: () => t('formats:kiosk.isoDate') });
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), { error: () => t('formats:kiosk.hex', { chars: bytes * 2 }) });

export const kioskRequestJsonSchema = z.strictObject({
  format: z.literal(KIOSK_REQUEST_FORMAT),
  version: z.literal(KIOSK_REQUEST_VERSION),
  kind: z.enum(REQUEST_KINDS, { error: kindProblem }),
  target: z.strictObject({ connection: z.string().min(1).max(200).optional(), product: z.string().min(1).max(200).optional() }).optional(),
  license_key: z.string().min(1, { error: () => t('formats:kiosk.keyEmpty') }).max(MAX_LICENSE_KEY_CHARS, { error: () => t('formats:kiosk.keyTooLong') }).optional(),
  fingerprint: z.string().regex(FINGERPRINT, { error: () => t('formats:kiosk.fingerprint') }),
  device: z
    .strictObject({
      hostname: z.string().max(255).optional(),
      os: z.string().max(255).optional(),
      app_version: z.string().max(100).optional(),
    })
    .optional(),
  nonce: z.string().regex(NONCE, { error: () => t('formats:kiosk.nonce') }),
  created_at: isoDate,
  expires_at: isoDate.optional(),
  vendor_request: z.strictObject({ vendor: z.enum(VENDOR_REQUEST_VENDORS), body: z.string().min(1).max(MAX_VENDOR_REQUEST_CHARS) }).optional(),
  device_public_key: hex(32).optional(),
  signature: hex(64).optional(),
});
export type KioskRequestJson = z.infer<typeof kioskRequestJsonSchema>;

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/** Converts the validated JSON form to the envelope. Times keep whole seconds (fractions dropped). */
export function kioskEnvelopeFromJson(j: KioskRequestJson): KioskEnvelope {
  const request: KioskRequest = { kind: j.kind, fingerprint: j.fingerprint, nonce: j.nonce, createdAt: seconds(j.created_at) };
  if (j.license_key !== undefined) request.licenseKey = j.license_key;
  if (j.expires_at !== undefined) request.expiresAt = seconds(j.expires_at);
  if (j.target && (j.target.connection !== undefined || j.target.product !== undefined)) request.target = strip({ ...j.target });
  if (j.device && (j.device.hostname !== undefined || j.device.os !== undefined || j.device.app_version !== undefined)) {
    request.device = strip({ hostname: j.device.hostname, os: j.device.os, appVersion: j.device.app_version });
  }
  if (j.vendor_request) request.vendorRequest = { ...j.vendor_request };
  if (j.device_public_key) request.devicePublicKey = fromHex(j.device_public_key);
  if (j.signature && !j.device_public_key) throw new FormatError(form(), t('formats:kiosk.missingKey'));
  validateKioskRequest(request);
  return { request, signature: j.signature ? fromHex(j.signature) : null };
}

export function kioskEnvelopeToJson(envelope: KioskEnvelope): KioskRequestJson {
  const r = validateKioskRequest(envelope.request);
  const j = strip({
    format: KIOSK_REQUEST_FORMAT,
    version: KIOSK_REQUEST_VERSION,
    kind: r.kind,
    target: r.target ? { ...r.target } : undefined,
    license_key: r.licenseKey,
    fingerprint: r.fingerprint,
    device: r.device ? strip({ hostname: r.device.hostname, os: r.device.os, app_version: r.device.appVersion }) : undefined,
    nonce: r.nonce,
    created_at: iso(r.createdAt),
    expires_at: r.expiresAt === undefined ? undefined : iso(r.expiresAt),
    vendor_request: r.vendorRequest ? { ...r.vendorRequest } : undefined,
    device_public_key: r.devicePublicKey ? toHex(r.devicePublicKey) : undefined,
    signature: envelope.signature ? toHex(envelope.signature) : undefined,
  });
  return j as KioskRequestJson;
}

export function kioskEnvelopeToJsonText(envelope: KioskEnvelope): string {
  return `${JSON.stringify(kioskEnvelopeToJson(envelope), null, 2)}\n`;
}
