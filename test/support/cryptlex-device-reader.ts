// What LexActivator does with an offline response file before it activates (ActivateLicenseOffline),
// written from Cryptlex's docs and independently of the kiosk's connector: the file is a three-part
// RS256 token signed with the product's RSA key; its claims must name this device's fingerprint and
// licence and not have passed their validity (`eat`). Tests read every exported Cryptlex file with it.
import { webcrypto } from 'node:crypto';

export interface CryptlexDeviceExpectations {
  /** The product public key as the vendor hands it out (SPKI PEM). */
  productPublicKeyPem: string;
  fingerprint: string;
  licenseId: string;
  now?: number;
}

export interface CryptlexActivation {
  claims: Record<string, unknown>;
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return new Uint8Array(Buffer.from(b64 + '='.repeat((4 - (b64.length % 4)) % 4), 'base64'));
}

/** Throws with LexActivator's reason (LA_E_OFFLINE_RESPONSE_FILE / _EXPIRED) when the device would refuse the file. */
export async function readCryptlexResponse(file: string, expect: CryptlexDeviceExpectations): Promise<CryptlexActivation> {
  const parts = file.trim().split('.');
  if (parts.length !== 3) throw new Error('LA_E_OFFLINE_RESPONSE_FILE: not a three-part token');
  const [header, payload, signature] = parts as [string, string, string];
  const head = JSON.parse(new TextDecoder().decode(fromBase64Url(header))) as { alg?: string };
  if (head.alg !== 'RS256') throw new Error(`LA_E_OFFLINE_RESPONSE_FILE: algorithm ${String(head.alg)}`);
  const der = Buffer.from(expect.productPublicKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = await webcrypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const signed = new TextEncoder().encode(`${header}.${payload}`);
  if (!(await webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', key, fromBase64Url(signature), signed))) throw new Error('LA_E_OFFLINE_RESPONSE_FILE: signature');
  const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(payload))) as Record<string, unknown>;
  if (claims.fp !== expect.fingerprint) throw new Error('LA_E_OFFLINE_RESPONSE_FILE: made for another device');
  if (claims.lid !== expect.licenseId) throw new Error('LA_E_OFFLINE_RESPONSE_FILE: for another licence');
  if (typeof claims.eat !== 'number' || claims.eat * 1000 <= (expect.now ?? Date.now())) throw new Error('LA_E_OFFLINE_RESPONSE_FILE_EXPIRED');
  return { claims };
}
