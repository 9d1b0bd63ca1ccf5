// RSA PKCS#1 v1.5 with SHA-256 verification through WebCrypto, so the renderer, main and the
// device kit share one implementation.
import { canonicalJson, pythonSortedJson } from './canonical-json.ts';
import { fromBase64, utf8 } from './encoding.ts';
import { t } from '../i18n/index.ts';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export class PublicKeyError extends Error {
  override name = 'PublicKeyError';
}

/** Imports an SPKI PEM ("-----BEGIN PUBLIC KEY-----"); throws PublicKeyError with a reason. */
export async function importRsaPublicKey(pem: string): Promise<CryptoKey> {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem);
  if (!match?.[1]) throw new PublicKeyError(t('crypto:key.notPem'));
  const der = fromBase64(match[1]);
  if (!der) throw new PublicKeyError(t('crypto:key.badBase64'));
  try {
    return await globalThis.crypto.subtle.importKey('spki', der as BufferSource, ALGORITHM, false, ['verify']);
  } catch {
    throw new PublicKeyError(t('crypto:key.notRsa'));
  }
}

export async function verifyRsaSha256(key: CryptoKey, message: string, signatureBase64: string): Promise<boolean> {
  const signature = fromBase64(signatureBase64);
  if (!signature || signature.length === 0) return false;
  return globalThis.crypto.subtle.verify(ALGORITHM, key, signature as BufferSource, utf8(message) as BufferSource);
}

/**
 * Verifies a signature over an already parsed `data` value: keys sorted recursively, encoded
 * compactly (our reading of the seed) or as Python's `json.dumps(sort_keys=True)` prints it. Bytes
 * from outside go through signed-document.ts instead, which parses them strictly first: a value
 * from JSON.parse may mean something other than the bytes it came from.
 */
export async function verifySignedData(key: CryptoKey, data: unknown, signatureBase64: string): Promise<boolean> {
  if (await verifyRsaSha256(key, canonicalJson(data), signatureBase64)) return true;
  return verifyRsaSha256(key, pythonSortedJson(data), signatureBase64);
}
