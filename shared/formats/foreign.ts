// Foreign request forms: recognisers that claim an input (or not) and read it.
import { t } from '../i18n/index.ts';
import { fromBase64 } from '../crypto/encoding.ts';
import { FormatError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from './license-key.ts';

/** The forms' names in the current language (read when a refusal is made). */
export const keygenForm = (): string => t('formats:forms.keygen');
export const cryptlexForm = (): string => t('formats:forms.cryptlex');
export const MAX_CRYPTLEX_REQUEST_CHARS = 16384;
/** base64 of {key (≤ 16 KiB), fingerprint (≤ 4096 characters)} with room for multi-byte characters. */
const MAX_KEYGEN_QR_CHARS = 48 * 1024;
// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]+$/;

/** Keygen's example: base64(JSON.stringify({key, fingerprint})). Claims base64 text that decodes to a JSON object. */
export function claimsKeygen(text: string): boolean {
  const s = text.trim();
  if (s.length < 8 || s.length > MAX_KEYGEN_QR_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
  const bytes = fromBase64(s);
  return bytes !== null && bytes[0] === 0x7b; // '{'
}

export function readKeygen(text: string): { key: string; fingerprint: string } {
  const bytes = fromBase64(text.trim());
  if (!bytes) throw new FormatError(keygenForm(), t('formats:keygen.notBase64'));
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError(keygenForm(), t('formats:keygen.notJson'));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FormatError(keygenForm(), t('formats:keygen.notObject'));
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'key' && k !== 'fingerprint');
  if (extra.length) throw new FormatError(keygenForm(), t('formats:keygen.unexpectedField', { fields: extra.map((k) => `"${k.slice(0, 30)}"`).join(', ') }));
  if (typeof o.key !== 'string' || o.key.length < 1 || o.key.length > MAX_LICENSE_KEY_CHARS || !noControl.test(o.key)) {
    throw new FormatError(keygenForm(), t('formats:keygen.key', { max: MAX_LICENSE_KEY_CHARS }));
  }
  if (typeof o.fingerprint !== 'string' || o.fingerprint.length < 1 || o.fingerprint.length > 4096 || !noControl.test(o.fingerprint)) {
    throw new FormatError(keygenForm(), t('formats:keygen.fingerprint'));
  }
  return { key: o.key, fingerprint: o.fingerprint };
}

const TOKEN_PART = '[A-Za-z0-9+/_-]+={0,2}';
const CRYPTLEX_TOKEN = new RegExp(`^${TOKEN_PART}\\.${TOKEN_PART}\\.${TOKEN_PART}$`);

/** A Cryptlex offline request file: an opaque three-part dot-separated token (≤ 16384 characters). */
export function claimsCryptlex(text: string): boolean {
  const s = text.trim();
  return s.length <= MAX_CRYPTLEX_REQUEST_CHARS * 2 && /^[A-Za-z0-9+/=_-]+\.[A-Za-z0-9+/=_-]+\.[A-Za-z0-9+/=_-]+$/.test(s);
}

/**
 * A bare Cryptlex request file is encrypted for Cryptlex, so the kiosk cannot read the device's
 * fingerprint from it; it queues it under this stand-in device id instead.
 */
export function cryptlexStandInDeviceId(token: string): string {
  return `cryptlex:${token.slice(0, 48)}`;
}

export function readCryptlex(text: string): string {
  const s = text.trim();
  if (s.length > MAX_CRYPTLEX_REQUEST_CHARS) throw new FormatError(cryptlexForm(), t('formats:cryptlex.tooLong', { length: s.length, max: MAX_CRYPTLEX_REQUEST_CHARS }));
  if (!CRYPTLEX_TOKEN.test(s)) throw new FormatError(cryptlexForm(), t('formats:cryptlex.notToken'));
  return s;
}
