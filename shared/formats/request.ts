// Device activation requests: recognises each accepted form, validates it, and reduces it to one
// shape the queue stores. Never guesses: an input that fits no form, or more than one, is refused
// with the list of forms tried.
import { z } from 'zod';
import '../api/zod-language.ts';
import { canonicalJson } from '../crypto/canonical-json.ts';
import { toHex } from '../crypto/encoding.ts';
import { FormatError } from './errors.ts';
import { keyLimitText, MAX_CRYPTLEX_LICENSE_KEY_CHARS, MAX_LICENSE_KEY_CHARS } from './license-key.ts';
import { claimsCryptlex, claimsKeygen, cryptlexForm, cryptlexStandInDeviceId, keygenForm, readCryptlex, readKeygen } from './foreign.ts';
import { claimsLicenseSpring, licenseSpringCanonical, licenseSpringForm, readLicenseSpring } from './licensespring.ts';
import { LANGUAGES, t } from '../i18n/index.ts';
import {
  canonicalRequestBytes,
  checkKioskSignature,
  KIOSK_REQUEST_FORMAT,
  KIOSK_REQUEST_VERSION,
  kioskCanonicalString,
  kioskEnvelopeFromJson,
  kioskEnvelopeFromUr,
  kioskRequestJsonSchema,
  type KioskEnvelope,
  type RequestKind,
  type SignatureState,
} from './kiosk-request.ts';

export { KIOSK_REQUEST_FORMAT, KIOSK_REQUEST_VERSION, type RequestKind } from './kiosk-request.ts';
export { maskLicenseKey } from './license-key.ts';

export const LICENSE_KEY_PATTERN = /^[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){4}$/;
export const MACHINE_ID_PATTERN = /^[0-9a-fA-F]{64}$/;
export const MAX_REQUEST_TEXT_CHARS = 1024 * 1024;

/**
 * 'license-file-entry': a licence file the engineer asked for on the kiosk (no device form).
 * 'seat-return-entry': a dead or replaced device's seat the engineer returns on the kiosk (kind deactivate, no device form).
 */
export type RequestFormat = 'seed004-json' | 'kiosk-request-v1' | 'keygen-qr' | 'cryptlex-offline' | 'licensespring-offline' | 'license-file-entry' | 'seat-return-entry';
/** The form main builds for a seat return (electron/core/seat-return.ts); the sync engine tells connectors so. */
export const SEAT_RETURN_FORMAT = 'seat-return-entry' satisfies RequestFormat;
export type VendorHint = 'seed004' | 'keygen' | 'cryptlex' | 'licensespring';

export interface ParsedRequest {
  format: RequestFormat;
  formatLabel: string;
  kind: RequestKind;
  /**
   * The licence key; '' when the request came without one (a bare Cryptlex request file): then
   * `needsLicenseKey` is true and the engineer must supply the key before it can be sent.
   */
  licenseKey: string;
  /** The device's identity the licence is bound to (seed 004: machine_id; kiosk/Keygen: fingerprint). */
  deviceId: string;
  deviceLabel: string | null;
  deviceDetails: Record<string, string>;
  expiresAt: string | null;
  /** The request's canonical content: its id is the SHA-256 of this string. */
  canonical: string;
  /** How it arrived: a JSON file, a ur: QR text, base64 QR text, an opaque vendor token. */
  encoding?: 'json' | 'ur' | 'base64' | 'token';
  /** Which licensing API the request is meant for, when the form tells. */
  vendorHint?: VendorHint;
  /** A vendor request to forward verbatim (a Cryptlex or LicenseSpring offline request file's contents). */
  requestBody?: string;
  needsLicenseKey?: boolean;
  /** Kiosk envelope: its nonce, the device key (hex) and whether a device signature verified. */
  nonce?: string;
  devicePublicKey?: string;
  signature?: SignatureState;
  target?: { connection?: string; product?: string };
}

/**
 * Which refusal a failed detect() is, so a caller can word it without reading the sentence
 * (`problem` is in the current language): no form claimed the input, several did, a JSON object of
 * an unknown "format", JSON that is no object, JSON of no known form, text that starts like JSON.
 */
export type DetectRefusal =
  | { kind: 'no_form' }
  | { kind: 'ambiguous'; fits: string }
  | { kind: 'unknown_format'; name: string }
  | { kind: 'not_object' }
  | { kind: 'unknown_form' }
  | { kind: 'not_json'; why: string };

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; problem: string; refusal?: DetectRefusal };

const detailValue = z.union([z.string().max(500), z.number(), z.boolean()]).transform(String);
const deviceDetails = z.record(z.string().max(100), detailValue).refine((o) => Object.keys(o).length <= 30, { error: () => t('formats:detect.tooManyDetails') });

const seed004Form = z.looseObject({
  license_key: z.string().regex(LICENSE_KEY_PATTERN, { error: () => t('formats:detect.licenseKey') }),
  machine_id: z.string().regex(MACHINE_ID_PATTERN, { error: () => t('formats:detect.machineId') }),
  hostname: z.string().max(255).optional(),
  device_name: z.string().max(255).optional(),
  device: deviceDetails.optional(),
});

/** Every form detect() knows, in the words the refusals use (current language). */
export function triedForms(): string {
  return t('formats:detect.triedForms');
}

/** "tried <every form>": what the refusals add (current language). */
export function tried(): string {
  return t('formats:detect.tried', { forms: triedForms() });
}

type Claim = { form: string; read: () => ParseResult };

/** The vendors' own request forms, each recognised by its claim (a new vendor's form joins this list and TRIED). */
const FOREIGN_FORMS: readonly { form: () => string; claims: (text: string) => boolean; read: (text: string) => ParseResult }[] = [
  // LicenseSpring's request file is base64 of a JSON object too; it is the one with a "request" member.
  { form: licenseSpringForm, claims: claimsLicenseSpring, read: (text) => readLicenseSpringForm(text) },
  { form: keygenForm, claims: (text) => claimsKeygen(text) && !claimsLicenseSpring(text), read: (text) => readKeygenForm(text) },
  { form: cryptlexForm, claims: claimsCryptlex, read: (text) => readCryptlexForm(text) },
];

/**
 * Detects the form of a captured text (file contents, QR text, scanner input or paste) and reads it.
 * Exactly one form must claim the input; none or several is a refusal naming what was tried.
 */
export function detect(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, problem: t('formats:detect.notText') };
  if (text.length > MAX_REQUEST_TEXT_CHARS) return { ok: false, problem: t('formats:detect.tooLong', { length: text.length, max: MAX_REQUEST_TEXT_CHARS }) };
  const input = text.replace(/^\uFEFF/, '').trim();
  if (input === '') return { ok: false, problem: t('formats:detect.empty') };
  const claims: Claim[] = [];
  if (/^ur:/i.test(input)) claims.push({ form: t('formats:forms.kioskRequestQr'), read: () => readKioskUr(input) });
  if (input.startsWith('{') || input.startsWith('[')) claims.push({ form: t('formats:forms.json'), read: () => readJson(input) });
  for (const foreign of FOREIGN_FORMS) if (foreign.claims(input)) claims.push({ form: foreign.form(), read: () => foreign.read(input) });
  if (claims.length === 0) return { ok: false, problem: t('formats:detect.noForm', { tried: tried() }), refusal: { kind: 'no_form' } };
  if (claims.length > 1) {
    const fits = claims.map((c) => c.form).reduce((first, second) => t('formats:detect.formsJoin', { first, second }));
    return { ok: false, problem: t('formats:detect.ambiguous', { forms: fits, tried: tried() }), refusal: { kind: 'ambiguous', fits } };
  }
  try {
    return claims[0]!.read();
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, problem: t('formats:formProblem', { form: error.form, problem: error.message }) };
    throw error;
  }
}

/** The name electron/core uses; the same as detect(). */
export const parseRequestText = detect;

function readJson(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    return { ok: false, problem: t('formats:detect.notJson', { why }), refusal: { kind: 'not_json', why } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: t('formats:detect.notObject', { tried: tried() }), refusal: { kind: 'not_object' } };
  }
  if (tooDeep(value, 16)) return { ok: false, problem: t('formats:detect.tooDeep') };
  const object = value as Record<string, unknown>;
  if ('format' in object) return parseKioskJson(object);
  if ('license_key' in object || 'machine_id' in object) return parseSeed004(object);
  return { ok: false, problem: t('formats:detect.unknownForm', { tried: tried() }), refusal: { kind: 'unknown_form' } };
}

/** Iterative depth check, so absurd nesting is refused before any recursive walk. */
function tooDeep(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return false;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return t('formats:detect.invalid');
  const path = issue.path.join('.');
  if (issue.code === 'invalid_type' && issue.input === undefined) return t('formats:kiosk.missing', { field: path });
  if (issue.code === 'unrecognized_keys') return t('formats:detect.unexpectedField', { fields: issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ') });
  return issue.message.startsWith(path.split('.')[0] ?? '') || !path ? issue.message : t('formats:detect.fieldProblem', { path, problem: issue.message });
}

function parseSeed004(object: Record<string, unknown>): ParseResult {
  const parsed = seed004Form.safeParse(object);
  if (!parsed.success) return { ok: false, problem: t('formats:formProblem', { form: t('formats:forms.licenseApi'), problem: firstIssue(parsed.error) }) };
  const { license_key, machine_id, hostname, device_name, device } = parsed.data;
  const details: Record<string, string> = { ...(device ?? {}) };
  if (hostname) details.hostname = hostname;
  if (device_name) details.device_name = device_name;
  return {
    ok: true,
    request: {
      format: 'seed004-json',
      formatLabel: t('formats:labels.licenseApi'),
      kind: 'activate',
      licenseKey: license_key.toUpperCase(),
      deviceId: machine_id.toLowerCase(),
      deviceLabel: device_name ?? hostname ?? details.hostname ?? details.name ?? null,
      deviceDetails: details,
      expiresAt: null,
      canonical: canonicalJson({ ...object, license_key: license_key.toUpperCase(), machine_id: machine_id.toLowerCase() }),
      encoding: 'json',
      vendorHint: 'seed004',
    },
  };
}

function parseKioskJson(object: Record<string, unknown>): ParseResult {
  if (object.format !== KIOSK_REQUEST_FORMAT) {
    const name = String(object.format).slice(0, 60);
    return { ok: false, problem: t('formats:detect.unknownNamed', { name, tried: tried() }), refusal: { kind: 'unknown_format', name } };
  }
  if (typeof object.version === 'number' && object.version > KIOSK_REQUEST_VERSION) {
    return { ok: false, problem: t('formats:detect.newer', { version: object.version, supported: KIOSK_REQUEST_VERSION }) };
  }
  const parsed = kioskRequestJsonSchema.safeParse(object);
  if (!parsed.success) return { ok: false, problem: t('formats:formProblem', { form: t('formats:forms.kioskRequest'), problem: firstIssue(parsed.error) }) };
  return { ok: true, request: fromEnvelope(kioskEnvelopeFromJson(parsed.data), 'json') };
}

function readKioskUr(text: string): ParseResult {
  return { ok: true, request: fromEnvelope(kioskEnvelopeFromUr(text), 'ur') };
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Reduces a kiosk envelope (JSON or QR) to the queued shape; verifies the device signature. */
export function fromEnvelope(envelope: KioskEnvelope, encoding: 'json' | 'ur'): ParsedRequest {
  const signature = checkKioskSignature(envelope);
  const r = envelope.request;
  const details: Record<string, string> = {};
  if (r.device?.hostname) details.hostname = r.device.hostname;
  if (r.device?.os) details.os = r.device.os;
  if (r.device?.appVersion) details.app_version = r.device.appVersion;
  if (r.target?.product) details.product = r.target.product;
  if (r.target?.connection) details.connection = r.target.connection;
  const request: ParsedRequest = {
    format: 'kiosk-request-v1',
    formatLabel: encoding === 'ur' ? t('formats:labels.kioskQr') : t('formats:labels.kioskJson'),
    kind: r.kind,
    licenseKey: r.licenseKey ?? '',
    deviceId: r.fingerprint,
    deviceLabel: r.device?.hostname || null,
    deviceDetails: details,
    expiresAt: r.expiresAt === undefined ? null : isoOf(r.expiresAt),
    canonical: kioskCanonicalString(canonicalRequestBytes(r)),
    encoding,
    nonce: r.nonce,
    signature,
  };
  if (r.target) request.target = { ...r.target };
  if (r.devicePublicKey) request.devicePublicKey = toHex(r.devicePublicKey);
  if (r.vendorRequest) {
    request.vendorHint = r.vendorRequest.vendor;
    request.requestBody = r.vendorRequest.body;
  }
  if (r.licenseKey === undefined) request.needsLicenseKey = true;
  if (signature === 'verified') request.formatLabel = t('formats:labels.signed', { label: request.formatLabel });
  return request;
}

function readKeygenForm(text: string): ParseResult {
  const { key, fingerprint } = readKeygen(text);
  return {
    ok: true,
    request: {
      format: 'keygen-qr',
      formatLabel: t('formats:labels.keygen'),
      kind: 'activate',
      licenseKey: key,
      deviceId: fingerprint,
      deviceLabel: null,
      deviceDetails: {},
      expiresAt: null,
      canonical: canonicalJson({ form: 'keygen-qr', key, fingerprint }),
      encoding: 'base64',
      vendorHint: 'keygen',
    },
  };
}

/**
 * A bare Cryptlex request file carries no readable licence key or device identity (it is
 * encrypted for Cryptlex). It is still captured: licenseKey '' with needsLicenseKey, deviceId a
 * stand-in ("cryptlex:" + the token's first 48 characters), and the token itself as requestBody. Its
 * id depends only on the token, so adding the key later does not change it.
 */
function readCryptlexForm(text: string): ParseResult {
  const token = readCryptlex(text);
  return {
    ok: true,
    request: {
      format: 'cryptlex-offline',
      formatLabel: t('formats:labels.cryptlex'),
      kind: 'activate',
      licenseKey: '',
      deviceId: cryptlexStandInDeviceId(token),
      deviceLabel: null,
      deviceDetails: {},
      expiresAt: null,
      canonical: `cryptlex-offline:${token}`,
      encoding: 'token',
      vendorHint: 'cryptlex',
      requestBody: token,
      needsLicenseKey: true,
    },
  };
}

/**
 * A LicenseSpring offline request file: labelled from its hostname and hardware id, its id is the
 * SHA-256 of its base64 content, and the file itself goes to LicenseSpring.
 */
function readLicenseSpringForm(text: string): ParseResult {
  const r = readLicenseSpring(text);
  const deactivation = r.kind === 'deactivation';
  const label = deactivation ? t('formats:labels.licensespringDeactivation') : t('formats:labels.licensespringActivation');
  return {
    ok: true,
    request: {
      format: 'licensespring-offline',
      formatLabel: r.identity === 'username' ? t('formats:labels.userBased', { label }) : label,
      kind: deactivation ? 'deactivate' : 'activate',
      licenseKey: r.licenseKey,
      deviceId: r.hardwareId,
      deviceLabel: r.hostname,
      deviceDetails: r.details,
      expiresAt: null,
      canonical: licenseSpringCanonical(r),
      encoding: 'base64',
      vendorHint: 'licensespring',
      requestBody: r.body,
    },
  };
}

/** Supplies the licence key the engineer typed for a request that came without one. Id unchanged. */
export function withLicenseKey(request: ParsedRequest, licenseKey: string): ParsedRequest {
  const key = licenseKey.trim();
  const max = request.vendorHint === 'cryptlex' ? MAX_CRYPTLEX_LICENSE_KEY_CHARS : MAX_LICENSE_KEY_CHARS;
  // eslint-disable-next-line no-control-regex
  if (key.length < 1 || key.length > max || /[\u0000-\u001f\u007f]/.test(key)) throw new FormatError(t('formats:forms.licenceKey'), t('formats:detect.licenceKey', { limit: keyLimitText(max) }));
  // The label was stored in the language of its capture: drop the note in either language.
  const notes = LANGUAGES.map((lng) => t('formats:labels.needsKey', { lng }));
  return { ...request, licenseKey: key, needsLicenseKey: false, formatLabel: notes.reduce((label, note) => label.replace(note, ''), request.formatLabel) };
}

