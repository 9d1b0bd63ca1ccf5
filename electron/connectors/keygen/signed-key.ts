// Keygen's signed licence keys, as keygen-api's License model makes them (generate_*_signed_key!):
//   ED25519_SIGN, RSA_2048_PKCS1_PSS_SIGN_V2, RSA_2048_PKCS1_SIGN_V2:
//     key = "key/" + b64url(dataset) + "." + b64url(signature over the UTF-8 text "key/" + b64url(dataset))
//   RSA_2048_PKCS1_PSS_SIGN, RSA_2048_PKCS1_SIGN (the older schemes):
//     key = b64url(dataset) + "." + b64url(signature over the dataset bytes themselves)
// b64url is Ruby's Base64.urlsafe_encode64 (with "=" padding; read here with or without it). RSA-PSS
// uses SHA-256, MGF1-SHA-256 and the longest salt; PKCS#1 v1.5 uses SHA-256; Ed25519 signs the text.
// The scheme is not written in the key: the signature's length tells Ed25519 (64 bytes) from
// RSA-2048 (256 bytes), and an RSA signature is accepted in either padding, both being made with the
// account's one RSA key. The dataset is whatever the vendor signed: Keygen's default JSON
// ({account, product, policy, user, license: {id, created, expiry}}), the vendor's own JSON, or text.
import { utf8 } from '../../../shared/crypto/encoding.ts';
import { parseStrictJsonBytes, StrictJsonError } from '../../../shared/crypto/strict-json.ts';
import { MAX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { t } from '../../../shared/i18n/index.ts';
import { parseVerifyKey, verifySignature, type VerifyKey } from './signed-file.ts';

/** A key in one of Keygen's signed forms, split but not yet verified. */
export interface SignedKeyParts {
  /** 2: "key/" form (…_V2 and ED25519_SIGN); 1: the older RSA _SIGN form. */
  version: 1 | 2;
  dataset: Uint8Array;
  signature: Uint8Array;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signatureType: 'ed25519' | 'rsa';
}

/** What a signed key says, in plain fields a person reads (never markup). */
export interface SignedKeyDataset {
  licence: string | null;
  product: string | null;
  expiry: string | null;
  /** The dataset as text (pretty JSON when it is JSON), cut to PREVIEW_CHARS. */
  text: string;
}

export type SignedKeyCheck =
  | { status: 'verified'; scheme: string; dataset: SignedKeyDataset; message: string }
  | { status: 'unchecked'; dataset: SignedKeyDataset | null; message: string }
  | { status: 'invalid'; dataset: SignedKeyDataset | null; message: string };

const B64URL = '[A-Za-z0-9_-]+={0,2}';
const V2_FORM = new RegExp(`^key/(${B64URL})\\.(${B64URL})$`);
const V1_FORM = new RegExp(`^(${B64URL})\\.(${B64URL})$`);
const PREVIEW_CHARS = 2000;
const FIELD_CHARS = 200;

/** Base64url (padding optional, must be right when present); null for anything else. */
function fromBase64Url(text: string): Uint8Array | null {
  const bare = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(bare) || bare.length % 4 === 1) return null;
  if (text.length !== bare.length && text.length % 4 !== 0) return null;
  return new Uint8Array(Buffer.from(bare, 'base64url'));
}

function typeOf(signature: Uint8Array): 'ed25519' | 'rsa' | null {
  return signature.length === 64 ? 'ed25519' : signature.length === 256 ? 'rsa' : null;
}

/**
 * Splits a key in a signed form. null: a plain key (no signed form), left alone. A key that starts
 * with "key/" but does not split cleanly is damaged: { problem }.
 */
export function readSignedKey(key: string): SignedKeyParts | { problem: string } | null {
  if (key.length > MAX_LICENSE_KEY_CHARS) return { problem: t('keygen:signedKey.tooLong', { length: key.length }) };
  const v2 = V2_FORM.exec(key);
  if (v2) {
    const dataset = fromBase64Url(v2[1]!);
    const signature = fromBase64Url(v2[2]!);
    if (!dataset || dataset.length === 0) return { problem: t('keygen:signedKey.badDataset') };
    const signatureType = signature ? typeOf(signature) : null;
    if (!signature || !signatureType) return { problem: t('keygen:signedKey.badSignature') };
    return { version: 2, dataset, signature, signed: utf8(`key/${v2[1]!}`), signatureType };
  }
  if (key.startsWith('key/')) return { problem: t('keygen:signedKey.badForm') };
  // The older RSA form is recognised only with a whole RSA-2048 signature, so no plain key is mistaken for it.
  const v1 = V1_FORM.exec(key);
  if (v1) {
    const dataset = fromBase64Url(v1[1]!);
    const signature = fromBase64Url(v1[2]!);
    if (dataset && dataset.length > 0 && signature && typeOf(signature) === 'rsa') return { version: 1, dataset, signature, signed: dataset, signatureType: 'rsa' };
  }
  return null;
}

/** The dataset's licence, product and expiry when it names them (Keygen's default layout, or flat names). */
export function describeDataset(bytes: Uint8Array): SignedKeyDataset {
  let json: unknown;
  try {
    json = parseStrictJsonBytes(bytes, { maxLength: MAX_LICENSE_KEY_CHARS, maxDepth: 16 });
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    json = undefined;
  }
  if (json === undefined || json === null || typeof json !== 'object') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = t('keygen:signedKey.notText', { n: bytes.length });
    }
    return { licence: null, product: null, expiry: null, text: printable(text, PREVIEW_CHARS) };
  }
  const at = (...path: string[]): string | null => {
    let value: unknown = json;
    for (const step of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[step] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? printable(String(value), FIELD_CHARS) : null;
  };
  return {
    licence: at('license', 'id') ?? at('license', 'key') ?? at('licence', 'id') ?? at('lic') ?? at('license') ?? at('licence'),
    product: at('product', 'id') ?? at('product', 'name') ?? at('product'),
    expiry: at('license', 'expiry') ?? at('licence', 'expiry') ?? at('expiry') ?? at('exp'),
    text: printable(JSON.stringify(json, null, 2), PREVIEW_CHARS),
  };
}

/** Control characters (other than line breaks and tabs) become spaces; long text is cut with an ellipsis. */
function printable(text: string, max: number): string {
  const clean = text.replace(/[^\P{Cc}\n\t]/gu, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function verifyWith(parts: SignedKeyParts, key: VerifyKey): string | null {
  if (parts.signatureType === 'ed25519') return verifySignature('ed25519', key.key, parts.signed, parts.signature) ? 'ED25519_SIGN' : null;
  const v = parts.version === 2 ? '_V2' : '';
  if (verifySignature('rsa-pss-sha256', key.key, parts.signed, parts.signature)) return `RSA_2048_PKCS1_PSS_SIGN${v}`;
  if (verifySignature('rsa-sha256', key.key, parts.signed, parts.signature)) return `RSA_2048_PKCS1_SIGN${v}`;
  return null;
}

/**
 * Checks a licence key against the account's verify key (Ed25519 hex or PEM; null when no Keygen
 * connection holds one). null: not a signed key. `source` names where the key came from, for sentences.
 */
export function checkSignedKey(licenseKey: string, verifyKeyText: string | null, source: string): SignedKeyCheck | null {
  const parts = readSignedKey(licenseKey);
  if (parts === null) return null;
  if ('problem' in parts) {
    const values = { source, problem: parts.problem };
    return verifyKeyText === null ? { status: 'unchecked', dataset: null, message: t('keygen:signedKey.invalidLater', values) } : { status: 'invalid', dataset: null, message: t('keygen:signedKey.invalid', values) };
  }
  const dataset = describeDataset(parts.dataset);
  if (verifyKeyText === null) {
    return { status: 'unchecked', dataset, message: t('keygen:signedKey.unchecked') };
  }
  const parsed = parseVerifyKey(verifyKeyText);
  if (!parsed.ok) return { status: 'unchecked', dataset, message: t('keygen:signedKey.cannotCheck', { problem: parsed.message }) };
  const key = parsed.key;
  const wanted = parts.signatureType === 'ed25519' ? 'ed25519' : 'rsa';
  if (key.type !== wanted) {
    const name = wanted === 'ed25519' ? 'Ed25519' : 'RSA';
    return { status: 'unchecked', dataset, message: t('keygen:signedKey.otherKeyType', { name, key: key.description }) };
  }
  const scheme = verifyWith(parts, key);
  if (!scheme) {
    return { status: 'invalid', dataset, message: t('keygen:signedKey.notSigned', { source, key: key.description }) };
  }
  return { status: 'verified', scheme, dataset, message: t('keygen:signedKey.verified', { scheme, key: key.description }) };
}

