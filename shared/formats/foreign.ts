// Foreign request forms: recognisers that claim an input (or not) and read it.
import { fromBase64 } from '../crypto/encoding.ts';
import { FormatError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from './license-key.ts';

export const KEYGEN_FORM = 'Keygen air-gapped QR';
export const CRYPTLEX_FORM = 'Cryptlex offline request';
export const MAX_CRYPTLEX_REQUEST_CHARS = 16384;
/** base64 of {key (≤ 16 KiB), fingerprint (≤ 4096 characters)} with room for multi-byte characters. */
const MAX_KEYGEN_QR_CHARS = 48 * 1024;
// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]+$/;

/** Keygen's example: base64(JSON.stringify({key, fingerprint})). Claims base64 text that decodes to a JSON object. */
export function claimsKeygen(text: string): boolean {
  const t = text.trim();
  if (t.length < 8 || t.length > MAX_KEYGEN_QR_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return false;
  const bytes = fromBase64(t);
  return bytes !== null && bytes[0] === 0x7b; // '{'
}

export function readKeygen(text: string): { key: string; fingerprint: string } {
  const bytes = fromBase64(text.trim());
  if (!bytes) throw new FormatError(KEYGEN_FORM, 'not base64');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError(KEYGEN_FORM, 'the base64 does not hold UTF-8 JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FormatError(KEYGEN_FORM, 'expected a JSON object {key, fingerprint}');
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'key' && k !== 'fingerprint');
  if (extra.length) throw new FormatError(KEYGEN_FORM, `unexpected field ${extra.map((k) => `"${k.slice(0, 30)}"`).join(', ')}`);
  if (typeof o.key !== 'string' || o.key.length < 1 || o.key.length > MAX_LICENSE_KEY_CHARS || !noControl.test(o.key)) {
    throw new FormatError(KEYGEN_FORM, `key must be 1 to ${MAX_LICENSE_KEY_CHARS} characters without control characters (Keygen keys are at most 16 KiB)`);
  }
  if (typeof o.fingerprint !== 'string' || o.fingerprint.length < 1 || o.fingerprint.length > 4096 || !noControl.test(o.fingerprint)) {
    throw new FormatError(KEYGEN_FORM, 'fingerprint must be 1 to 4096 characters');
  }
  return { key: o.key, fingerprint: o.fingerprint };
}

const TOKEN_PART = '[A-Za-z0-9+/_-]+={0,2}';
const CRYPTLEX_TOKEN = new RegExp(`^${TOKEN_PART}\\.${TOKEN_PART}\\.${TOKEN_PART}$`);

/** A Cryptlex offline request file: an opaque three-part dot-separated token (≤ 16384 characters). */
export function claimsCryptlex(text: string): boolean {
  const t = text.trim();
  return t.length <= MAX_CRYPTLEX_REQUEST_CHARS * 2 && /^[A-Za-z0-9+/=_-]+\.[A-Za-z0-9+/=_-]+\.[A-Za-z0-9+/=_-]+$/.test(t);
}

/**
 * A bare Cryptlex request file is encrypted for Cryptlex, so the kiosk cannot read the device's
 * fingerprint from it; it queues it under this stand-in device id instead.
 */
export function cryptlexStandInDeviceId(token: string): string {
  return `cryptlex:${token.slice(0, 48)}`;
}

export function readCryptlex(text: string): string {
  const t = text.trim();
  if (t.length > MAX_CRYPTLEX_REQUEST_CHARS) throw new FormatError(CRYPTLEX_FORM, `too long (${t.length} characters; Cryptlex accepts at most ${MAX_CRYPTLEX_REQUEST_CHARS})`);
  if (!CRYPTLEX_TOKEN.test(t)) throw new FormatError(CRYPTLEX_FORM, 'expected three dot-separated base64 parts');
  return t;
}
