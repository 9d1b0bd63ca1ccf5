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
import { t } from '../../../shared/i18n/index.ts';

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
  // Each catalogue sentence ends with "Nothing was stored."
  const refuse = (code: string, message: string): DocumentCheck => ({ ok: false, code, message });
  let text: string;
  let document: OrderedJson;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    document = parseStrictJsonOrdered(text, { maxLength: 512 * 1024, maxDepth: 32 });
  } catch (error) {
    const why = error instanceof StrictJsonError ? error.message : t('licensespring:document.notUtf8');
    return refuse('bad_response', t('licensespring:document.malformed', { why }));
  }
  if (!(document instanceof OrderedObject)) return refuse('bad_response', t('licensespring:document.notObject'));
  const signature = document.get(FIELD.signatureV2);
  if (typeof signature !== 'string' || signature.length === 0) {
    return refuse('signature_missing', t('licensespring:document.noSignatureV2'));
  }
  if (typeof document.get(FIELD.legacySignature) !== 'string') {
    return refuse('signature_missing', t('licensespring:document.noLegacySignature'));
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  if (signatureBytes.length === 0 || signatureBytes.toString('base64') !== signature) return refuse('signature_invalid', t('licensespring:document.signatureNotBase64'));
  if (!verify('sha256', Buffer.from(signedMessage(document), 'utf8'), publicKey, signatureBytes)) {
    return refuse('signature_invalid', t('licensespring:document.signatureInvalid'));
  }

  const mismatch = (message: string) => refuse('response_mismatch', message);
  if (document.get(FIELD.hardwareId) !== request.hardwareId) return mismatch(t('licensespring:document.otherDevice'));
  if (request.identity === 'license_key') {
    if (document.get(FIELD.licenseKey) !== request.licenseKey) return mismatch(t('licensespring:document.otherLicence'));
  } else {
    const user = document.get('user');
    const named = document.get('username') ?? (user instanceof OrderedObject ? user.get('email') : undefined);
    if (named !== request.licenseKey) return mismatch(t('licensespring:document.otherUser'));
  }
  if (document.get(FIELD.requestId) !== request.requestId) return mismatch(t('licensespring:document.otherRequest'));
  if (document.get(FIELD.enabled) === false) return refuse('license_not_enabled', t('licensespring:document.disabled'));
  if (document.get(FIELD.active) === false) return refuse('license_not_active', t('licensespring:document.notActive'));
  const validity = document.get(FIELD.validity);
  const expiresAt = typeof validity === 'string' && Number.isFinite(Date.parse(validity)) ? new Date(Date.parse(validity)).toISOString() : null;
  return { ok: true, expiresAt };
}
