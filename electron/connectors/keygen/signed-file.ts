// Keygen's signed files (machine files and licence files) share one envelope, as keygen-api's
// AbstractCheckoutService writes it: armour around base64 of {"enc","sig","alg"}, where
//   alg = "<aes-256-gcm | base64>+<ed25519 | rsa-pss-sha256 | rsa-sha256 | ecdsa-p256>",
//   sig = base64 signature over "<machine|license>/" + enc,
//   enc = base64(JSON) or b64(ciphertext).b64(iv).b64(tag) under AES-256-GCM with SHA-256(secret).
// Signatures as Keygen makes them: RSA-PSS with SHA-256, MGF1-SHA-256 and the longest salt (verified
// with the salt length recovered, as OpenSSL does); RSA PKCS#1 v1.5 with SHA-256; ECDSA P-256 with
// SHA-256 in DER (Ruby's OpenSSL::PKey::EC#sign); Ed25519. The verify key is the account's Ed25519 key
// as 64 hex characters, or a PEM public key; the file's algorithm must be the one the connection
// expects, so a file cannot pick the weakest check the kiosk happens to know.
import { constants, createDecipheriv, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { fromBase64, utf8 } from '../../../shared/crypto/encoding.ts';
import { readStrictJsonBytes, StrictJsonError } from '../../../shared/crypto/strict-json.ts';
import { t } from '../../../shared/i18n/index.ts';

export const MAX_SIGNED_FILE_CHARS = 512 * 1024;
export const SIGNING_ALGORITHMS = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export type SignedFileKind = 'machine' | 'license';

/** How each algorithm is named to a person. */
export const ALGORITHM_NAMES: Record<SigningAlgorithm, string> = {
  ed25519: 'Ed25519',
  'rsa-pss-sha256': 'RSA-PSS-SHA256',
  'rsa-sha256': 'RSA-SHA256 (PKCS#1 v1.5)',
  'ecdsa-p256': 'ECDSA P-256',
};

export interface VerifyKey {
  type: 'ed25519' | 'rsa' | 'ec-p256';
  key: KeyObject;
  /** The signing algorithms Keygen uses with a key of this type. */
  algorithms: readonly SigningAlgorithm[];
  /** Raw 32-byte Ed25519 key (for Keygen's response signatures); null for RSA and EC keys. */
  ed25519Raw: Uint8Array | null;
  /** e.g. "an RSA public key (2048 bits)", for sentences. */
  description: string;
}

const MIN_RSA_BITS = 2048;

/** Reads the connection's verify key: Ed25519 as 64 hex characters, or a PEM public key (RSA, EC P-256, Ed25519). */
export function parseVerifyKey(text: string): { ok: true; key: VerifyKey } | { ok: false; message: string } {
  const clean = text.trim();
  const neither = t('keygen:verifyKey.neither');
  if (/^[0-9a-fA-F]{64}$/.test(clean)) {
    const raw = Buffer.from(clean, 'hex');
    try {
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
      return { ok: true, key: { type: 'ed25519', key, algorithms: ['ed25519'], ed25519Raw: new Uint8Array(raw), description: t('keygen:verifyKey.ed25519') } };
    } catch {
      return { ok: false, message: neither };
    }
  }
  if (!/^-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+-----END (RSA )?PUBLIC KEY-----$/.test(clean)) return { ok: false, message: neither };
  let key: KeyObject;
  try {
    key = createPublicKey(clean);
  } catch {
    return { ok: false, message: t('keygen:verifyKey.pemUnreadable') };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return { ok: false, message: t('keygen:verifyKey.rsaShort', { bits, min: MIN_RSA_BITS }) };
    return { ok: true, key: { type: 'rsa', key, algorithms: ['rsa-pss-sha256', 'rsa-sha256'], ed25519Raw: null, description: t('keygen:verifyKey.rsa', { bits }) } };
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve !== 'prime256v1') return { ok: false, message: t('keygen:verifyKey.ecCurve', { curve: details.namedCurve ?? t('keygen:verifyKey.unknownCurve') }) };
    return { ok: true, key: { type: 'ec-p256', key, algorithms: ['ecdsa-p256'], ed25519Raw: null, description: t('keygen:verifyKey.ec') } };
  }
  if (key.asymmetricKeyType === 'ed25519') {
    const jwk = key.export({ format: 'jwk' });
    const raw = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
    return { ok: true, key: { type: 'ed25519', key, algorithms: ['ed25519'], ed25519Raw: raw, description: t('keygen:verifyKey.ed25519') } };
  }
  return { ok: false, message: t('keygen:verifyKey.otherType', { type: key.asymmetricKeyType ?? t('keygen:verifyKey.unknownCurve') }) };
}

export interface SignedFileExpectations {
  kind: SignedFileKind;
  verifyKey: VerifyKey;
  /** The one signing algorithm the connection accepts; left out, any Keygen uses with this key type. */
  algorithm?: SigningAlgorithm;
  /** Secret whose SHA-256 is the AES key: licence key + fingerprint (machine files), licence key (licence files). */
  secret: string;
  /** When set, the file must (true) or must not (false) be encrypted. */
  encrypted?: boolean;
}

export type SignedFileCheck =
  | { ok: true; json: unknown; algorithm: SigningAlgorithm; encrypted: boolean }
  | { ok: false; code: 'file_invalid' | 'signature_invalid'; message: string };

const envelope = z.strictObject({ enc: z.string().min(1), sig: z.string().min(1), alg: z.string() });
const ARMOUR: Record<SignedFileKind, RegExp> = {
  machine: /^\s*-----BEGIN MACHINE FILE-----([A-Za-z0-9+/=\s]+)-----END MACHINE FILE-----\s*$/,
  license: /^\s*-----BEGIN LICENSE FILE-----([A-Za-z0-9+/=\s]+)-----END LICENSE FILE-----\s*$/,
};
const ARMOUR_NAMES: Record<SignedFileKind, string> = { machine: 'BEGIN/END MACHINE FILE', license: 'BEGIN/END LICENSE FILE' };

/** "machine file" / "licence file", for sentences. */
export function fileName(kind: SignedFileKind): string {
  return t(`keygen:files.${kind}`);
}

/** Checks armour, envelope, algorithm and signature, then decodes or decrypts: the signed JSON, not yet interpreted. */
export function checkSignedFile(text: string, expect: SignedFileExpectations): SignedFileCheck {
  const file = fileName(expect.kind);
  const armour = ARMOUR_NAMES[expect.kind];
  const invalid = (message: string): SignedFileCheck => ({ ok: false, code: 'file_invalid', message: t('keygen:signedFile.notStored', { problem: message }) });
  if (text.length > MAX_SIGNED_FILE_CHARS) return invalid(t('keygen:signedFile.tooLarge', { file }));
  const pem = ARMOUR[expect.kind].exec(text);
  if (!pem) return invalid(t('keygen:signedFile.noArmour', { file, armour }));
  const outer = fromBase64((pem[1] ?? '').replace(/\s+/g, ''));
  if (!outer) return invalid(t('keygen:signedFile.truncated', { file }));
  const outerJson = readStrictJsonBytes(outer, { maxLength: MAX_SIGNED_FILE_CHARS });
  if (outerJson instanceof StrictJsonError) return invalid(t('keygen:signedFile.envelopeNotJson', { file, problem: outerJson.message }));
  const parsed = envelope.safeParse(outerJson);
  if (!parsed.success) return invalid(t('keygen:signedFile.notEnvelope', { file }));
  const { enc, sig, alg } = parsed.data;

  const [encoding, signing, ...rest] = alg.split('+');
  const algorithm = SIGNING_ALGORITHMS.find((a) => a === signing);
  if ((encoding !== 'aes-256-gcm' && encoding !== 'base64') || !algorithm || rest.length > 0) {
    return invalid(t('keygen:signedFile.unknownAlgorithm', { file, algorithm: alg.slice(0, 40) }));
  }
  const key = expect.verifyKey;
  if (!key.algorithms.includes(algorithm)) {
    return invalid(t('keygen:signedFile.keyCannotCheck', { file, algorithm: ALGORITHM_NAMES[algorithm], key: key.description }));
  }
  if (expect.algorithm !== undefined && algorithm !== expect.algorithm) {
    return invalid(t('keygen:signedFile.algorithmMismatch', { file, algorithm: ALGORITHM_NAMES[algorithm], expected: ALGORITHM_NAMES[expect.algorithm] }));
  }
  const encrypted = encoding === 'aes-256-gcm';
  if (expect.encrypted !== undefined && expect.encrypted !== encrypted) {
    return invalid(expect.encrypted ? t('keygen:signedFile.cameUnencrypted', { file }) : t('keygen:signedFile.cameEncrypted', { file }));
  }

  const signature = fromBase64(sig);
  if (!signature || !verifySignature(algorithm, key.key, utf8(`${expect.kind}/${enc}`), signature)) {
    return { ok: false, code: 'signature_invalid', message: t('keygen:signedFile.signatureInvalid', { file, algorithm: ALGORITHM_NAMES[algorithm] }) };
  }

  const plain = encrypted ? decrypt(enc, expect.secret) : fromBase64(enc);
  if (!plain) {
    const whose = expect.kind === 'machine' ? t('keygen:notes.whoseMachine') : t('keygen:notes.whoseLicense');
    return invalid(encrypted ? t('keygen:signedFile.noDecrypt', { file, whose }) : t('keygen:signedFile.notBase64', { file }));
  }
  const json = readStrictJsonBytes(plain, { maxLength: MAX_SIGNED_FILE_CHARS });
  if (json instanceof StrictJsonError) return invalid(t('keygen:signedFile.notJson', { file, problem: json.message }));
  return { ok: true, json, algorithm, encrypted };
}

export function verifySignature(algorithm: SigningAlgorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    switch (algorithm) {
      case 'ed25519':
        return signature.length === 64 && verify(null, data, key, signature);
      case 'rsa-pss-sha256':
        return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
      case 'rsa-sha256':
        return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'ecdsa-p256':
        return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
    }
  } catch {
    return false;
  }
}

/** AES-256-GCM with key SHA-256(secret); enc = b64(ciphertext).b64(iv).b64(tag). */
export function decrypt(enc: string, secret: string): Uint8Array | null {
  const parts = enc.split('.');
  if (parts.length !== 3) return null;
  const [ciphertext, iv, tag] = parts.map((p) => fromBase64(p));
  if (!ciphertext || !iv || !tag || tag.length !== 16 || iv.length === 0) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', createHash('sha256').update(secret, 'utf8').digest(), iv);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}

/** issued/expiry as Keygen writes them in meta, checked against the laptop's clock and the TTL asked for. */
export function checkValidity(
  kind: SignedFileKind,
  meta: { issued: string; expiry: string | null },
  expect: { now: number; clockSkewMs: number; ttlSeconds?: number | null },
): { ok: true } | { ok: false; code: 'file_invalid' | 'file_expired'; message: string } {
  const file = fileName(kind);
  const issued = Date.parse(meta.issued);
  const expiry = meta.expiry === null ? null : Date.parse(meta.expiry);
  if (!Number.isFinite(issued) || (expiry !== null && !Number.isFinite(expiry))) return { ok: false, code: 'file_invalid', message: t('keygen:signedFile.badDates', { file }) };
  if (issued > expect.now + expect.clockSkewMs) {
    return { ok: false, code: 'file_expired', message: t('keygen:signedFile.issuedFuture', { file, at: meta.issued }) };
  }
  if (expiry === null && expect.ttlSeconds !== null) {
    return { ok: false, code: 'file_invalid', message: t('keygen:signedFile.neverExpires', { file }) };
  }
  if (expiry !== null && typeof expect.ttlSeconds === 'number' && expiry > issued + expect.ttlSeconds * 1000 + expect.clockSkewMs) {
    return { ok: false, code: 'file_invalid', message: t('keygen:signedFile.expiresTooLate', { file, at: meta.expiry }) };
  }
  if (expiry !== null && expiry <= expect.now - expect.clockSkewMs) {
    return { ok: false, code: 'file_expired', message: t('keygen:signedFile.expired', { file, at: meta.expiry }) };
  }
  return { ok: true };
}
