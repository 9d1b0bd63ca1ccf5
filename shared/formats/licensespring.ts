// LicenseSpring's offline request file (`activate_offline.req` / `deactivate_offline.req`, schema
// version 2): base64 of the JSON `{"request": {...}, "signature": "<b64 HMAC>"}`. Both HMACs (the inner
// `signature` over "licenseSpring\ndate: …\n<key>\n<hardware id>\n<api key>" and the outer one over
// the request's JSON text) are keyed with the company's shared key, which the device holds and the
// capture step does not, so here the file is only read: strictly (a duplicate member would mean one
// licence to the kiosk and another to LicenseSpring), within size bounds, every field the kiosk
// labels and routes by checked. The server checks the HMACs.
import { t } from '../i18n/index.ts';
import { fromBase64 } from '../crypto/encoding.ts';
import { parseStrictJsonBytes, StrictJsonError } from '../crypto/strict-json.ts';
import { FormatError } from './errors.ts';

/** The form's name in the current language (read when a refusal is made). */
export const licenseSpringForm = (): string => t('formats:forms.licensespring');
/** A real request file is 1 to 4 KiB; device variables and feature consumptions can grow it. */
export const MAX_LICENSESPRING_REQUEST_CHARS = 64 * 1024;
export const LICENSESPRING_SCHEMA_VERSION = 2;

// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]+$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;
/** base64 of an HMAC-SHA256 (32 bytes). */
const HMAC_B64 = /^[A-Za-z0-9+/]{43}=$/;

export interface LicenseSpringRequest {
  kind: 'activation' | 'deactivation';
  /** The licence key, or for a user-based licence the user name (`identity` says which). */
  identity: 'license_key' | 'username';
  licenseKey: string;
  hardwareId: string;
  product: string;
  requestId: string;
  /** The request's own `date` (RFC 7231), signed by the device. */
  date: string;
  /** The API key (or the OAuth client id) the device's SDK made the request for. */
  apiKey: string | null;
  clientId: string | null;
  hostname: string | null;
  /** A user-based licence's password, which the SDK puts in the file: never shown, masked in every sentence. */
  password: string | null;
  details: Record<string, string>;
  /** The base64 text to send, without whitespace. */
  body: string;
}

/** Claims base64 text that decodes to a JSON object with a "request" member (schema 1 has it too). */
export function claimsLicenseSpring(text: string): boolean {
  const s = text.replace(/\s+/g, '');
  if (s.length < 8 || s.length > MAX_LICENSESPRING_REQUEST_CHARS * 2 || !BASE64_TEXT.test(s)) return false;
  // A cheap look at the start (whole base64 groups only, so a truncated file is still claimed and
  // then refused as truncated): the first member names tell it from Keygen's {key, fingerprint}.
  const bytes = fromBase64(s.slice(0, Math.min(4096, s.length - (s.length % 4))));
  if (!bytes || bytes[0] !== 0x7b) return false;
  const head = new TextDecoder().decode(bytes);
  return /^\{\s*"(request|signature)"\s*:/.test(head) || /[{,]\s*"request"\s*:\s*[{"]/.test(head);
}

export function readLicenseSpring(text: string): LicenseSpringRequest {
  const refuse = (why: string): never => {
    throw new FormatError(licenseSpringForm(), why);
  };
  const body = text.replace(/\s+/g, '');
  if (body.length > MAX_LICENSESPRING_REQUEST_CHARS) refuse(t('formats:licensespring.tooLong', { length: body.length, max: MAX_LICENSESPRING_REQUEST_CHARS }));
  if (body.length % 4 !== 0) refuse(t('formats:licensespring.truncated'));
  const bytes = fromBase64(body);
  if (!bytes) refuse(t('formats:licensespring.notBase64'));
  let value: unknown;
  try {
    value = parseStrictJsonBytes(bytes!, { maxLength: MAX_LICENSESPRING_REQUEST_CHARS, maxDepth: 16 });
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    refuse(t('formats:licensespring.notJson', { why: error.message }));
  }
  const outer = asObject(value) ?? refuse(t('formats:licensespring.notObject'));
  if (typeof outer.request === 'string') {
    refuse(t('formats:licensespring.schema1'));
  }
  const extra = Object.keys(outer).filter((k) => k !== 'request' && k !== 'signature');
  if (extra.length) refuse(t('formats:licensespring.unexpectedMember', { members: extra.map((k) => `"${k.slice(0, 30)}"`).join(', ') }));
  const r = asObject(outer.request) ?? refuse(t('formats:licensespring.requestObject'));
  if (typeof outer.signature !== 'string' || !HMAC_B64.test(outer.signature)) refuse(t('formats:licensespring.outerSignature'));
  if (r.schema_version !== LICENSESPRING_SCHEMA_VERSION) {
    refuse(t('formats:licensespring.schemaVersion', { found: JSON.stringify(r.schema_version ?? null).slice(0, 20), version: LICENSESPRING_SCHEMA_VERSION }));
  }
  if (r.request !== 'activation' && r.request !== 'deactivation') refuse(t('formats:licensespring.requestKind'));
  const text1 = (name: string, max: number, required: boolean): string | null => {
    const v = r[name];
    if (v === undefined || v === null) return required ? refuse(t('formats:licensespring.missing', { name })) : null;
    if (typeof v !== 'string' || v.length < 1 || v.length > max || !noControl.test(v)) return refuse(t('formats:licensespring.text', { name, max }));
    return v;
  };
  const hardwareId = text1('hardware_id', 1024, true)!;
  const product = text1('product', 256, true)!;
  const requestId = text1('request_id', 256, true)!;
  const date = text1('date', 64, true)!;
  if (!Number.isFinite(Date.parse(date))) refuse(t('formats:licensespring.date'));
  const key = text1('license_key', 16384, false);
  const username = text1('username', 512, false);
  if (key === null && username === null) refuse(t('formats:licensespring.noKey'));
  const apiKey = text1('api_key', 256, false);
  const clientId = text1('client_id', 256, false);
  if (apiKey === null && clientId === null) refuse(t('formats:licensespring.noApiKey'));
  if (typeof r.signature !== 'string' || !HMAC_B64.test(r.signature)) refuse(t('formats:licensespring.innerSignature'));
  const hostname = text1('hostname', 255, false) ?? text1('os_hostname', 255, false);
  const password = typeof r.password === 'string' ? r.password : null;

  const details: Record<string, string> = { product, request_id: requestId, request_date: date };
  for (const name of ['hostname', 'os_hostname', 'os_ver', 'app_ver', 'sdk_ver', 'sdk_lang', 'bundle_code', 'ip_local', 'mac_address']) {
    const v = r[name];
    if (typeof v === 'string' && v.length > 0 && v.length <= 255 && noControl.test(v)) details[name] = v;
  }
  if (key === null) details.identity = 'username';
  return {
    kind: r.request as 'activation' | 'deactivation',
    identity: key === null ? 'username' : 'license_key',
    licenseKey: key ?? username!,
    hardwareId,
    product,
    requestId,
    date,
    apiKey,
    clientId,
    hostname,
    password,
    details,
    body,
  };
}

/**
 * The content the request id is hashed over: the file's base64 text without whitespace (so a file
 * wrapped or saved with other line ends is the same request). Not the decoded JSON, which holds the
 * API key (and a user-based licence's password) in clear: the database keeps only what the device wrote.
 */
export function licenseSpringCanonical(request: LicenseSpringRequest): string {
  return `licensespring-offline:${request.body}`;
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
