// Ed25519 device signatures (@noble/ed25519 v3, made synchronous with @noble/hashes' SHA-512 so
// parsers stay synchronous). Signed message = a domain tag + the canonical bytes; each signed form
// (request, receipt) has its own tag, so a signature made for one never passes as the other.
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8 } from '../crypto/encoding.ts';

ed.hashes.sha512 = sha512;

export const REQUEST_SIGNATURE_DOMAIN = 'activation-kiosk/request/v1\n';

export interface DeviceKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export function generateDeviceKeyPair(seed?: Uint8Array): DeviceKeyPair {
  const { secretKey, publicKey } = ed.keygen(seed);
  return { secretKey, publicKey };
}

export function devicePublicKey(secretKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(secretKey);
}

function signedMessage(canonical: Uint8Array, domain: string): Uint8Array {
  const tag = utf8(domain);
  const out = new Uint8Array(tag.length + canonical.length);
  out.set(tag);
  out.set(canonical, tag.length);
  return out;
}

export function signCanonical(canonical: Uint8Array, secretKey: Uint8Array, domain = REQUEST_SIGNATURE_DOMAIN): Uint8Array {
  return ed.sign(signedMessage(canonical, domain), secretKey);
}

export function verifyCanonical(canonical: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, domain = REQUEST_SIGNATURE_DOMAIN): boolean {
  try {
    return ed.verify(signature, signedMessage(canonical, domain), publicKey);
  } catch {
    return false;
  }
}
