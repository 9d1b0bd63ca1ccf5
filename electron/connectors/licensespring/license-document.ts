// The licence document LicenseSpring answers an offline activation with, checked as the device's SDK
// checks it and then some, before the kiosk exports it as `ls_activation.lic`:
// - parsed strictly (a duplicate member would mean one licence to the kiosk and another to the
//   device) and with every object's member order kept;
// - `license_signature_v2`: RSA PKCS#1 v1.5 / SHA-256 with LicenseSpring's public key over the compact
//   JSON of the document (separators "," and ":", members in the order received, non-ASCII as is)
//   without `license_signature` and `license_signature_v2`, as the SDK's activate_offline_load does;
// - bound to the request: the same hardware id, licence key (or user), and request id.
import { verify, type KeyObject } from 'node:crypto';
import { OrderedObject, parseStrictJsonOrdered, StrictJsonError, type OrderedJson } from '../../../shared/crypto/strict-json.ts';
import type { LicenseSpringRequest } from '../../../shared/formats/licensespring.ts';

/** The member names the check relies on, in one place. */
export const FIELD = {
  signatureV2: 'license_signature_v2',
  legacySignature: 'license_signature',
  hardwareId: 'hardware_id',
  licenseKey: 'license_key',
  requestId: 'request_id',
  validity: 'validity_period',
  enabled: 'license_enabled',
  active: 'license_active',
} as const;

export type DocumentCheck = { ok: true; expiresAt: string | null } | { ok: false; code: string; message: string };

/** Compact JSON as Python's json.dumps(separators=(",", ":"), ensure_ascii=False) prints it. */
export function compactOrdered(value: OrderedJson): string {
  if (value instanceof OrderedObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${compactOrdered(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(compactOrdered).join(',')}]`;
  return JSON.stringify(value);
}

/** The bytes license_signature_v2 covers: the top-level members except both signatures, in order. */
export function signedMessage(document: OrderedObject): string {
  return compactOrdered(new OrderedObject(document.entries.filter(([k]) => k !== FIELD.signatureV2 && k !== FIELD.legacySignature)));
}

export function checkLicenseDocument(bytes: Uint8Array, request: LicenseSpringRequest, publicKey: KeyObject): DocumentCheck {
  const refuse = (code: string, message: string): DocumentCheck => ({ ok: false, code, message: `${message} Nothing was stored.` });
  let text: string;
  let document: OrderedJson;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    document = parseStrictJsonOrdered(text, { maxLength: 512 * 1024, maxDepth: 32 });
  } catch (error) {
    const why = error instanceof StrictJsonError ? error.message : 'it is not UTF-8 text';
    return refuse('bad_response', `LicenseSpring's answer is not a well-formed licence document (${why}).`);
  }
  if (!(document instanceof OrderedObject)) return refuse('bad_response', "LicenseSpring's answer is not a licence document (not a JSON object).");
  const signature = document.get(FIELD.signatureV2);
  if (typeof signature !== 'string' || signature.length === 0) {
    return refuse('signature_missing', 'The licence document carries no license_signature_v2, so nothing proves it came from LicenseSpring; the device would refuse it.');
  }
  if (typeof document.get(FIELD.legacySignature) !== 'string') {
    return refuse('signature_missing', "The licence document lacks license_signature, which the device's SDK requires before it verifies the document.");
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  if (signatureBytes.length === 0 || signatureBytes.toString('base64') !== signature) return refuse('signature_invalid', 'The licence signature (license_signature_v2) is not canonical base64.');
  if (!verify('sha256', Buffer.from(signedMessage(document), 'utf8'), publicKey, signatureBytes)) {
    return refuse('signature_invalid', "Signature invalid: the licence document does not verify with the connection's LicenseSpring public key (altered on the way, or from another server).");
  }

  const mismatch = (message: string) => refuse('response_mismatch', message);
  if (document.get(FIELD.hardwareId) !== request.hardwareId) return mismatch("The signed licence document is for another device: its hardware_id is not the request's.");
  if (request.identity === 'license_key') {
    if (document.get(FIELD.licenseKey) !== request.licenseKey) return mismatch("The signed licence document is for another licence: its license_key is not the request's.");
  } else {
    const user = document.get('user');
    const named = document.get('username') ?? (user instanceof OrderedObject ? user.get('email') : undefined);
    if (named !== request.licenseKey) return mismatch("The signed licence document is for another user than the request's.");
  }
  if (document.get(FIELD.requestId) !== request.requestId) return mismatch('The signed licence document answers another request (its request_id is not the one sent).');
  if (document.get(FIELD.enabled) === false) return refuse('license_not_enabled', 'The signed licence document says the licence is disabled; the device would not run with it.');
  if (document.get(FIELD.active) === false) return refuse('license_not_active', 'The signed licence document says the licence is not active; the device would not run with it.');
  const validity = document.get(FIELD.validity);
  const expiresAt = typeof validity === 'string' && Number.isFinite(Date.parse(validity)) ? new Date(Date.parse(validity)).toISOString() : null;
  return { ok: true, expiresAt };
}
