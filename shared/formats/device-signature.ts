// Ed25519 device signatures (@noble/ed25519 v3, made synchronous with @noble/hashes' SHA-512 so
// parsers stay synchronous). Signed message = the domain tag + the canonical bytes.
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

export function signedMessage(canonical: Uint8Array): Uint8Array {
  const tag = utf8(REQUEST_SIGNATURE_DOMAIN);
  const out = new Uint8Array(tag.length + canonical.length);
  out.set(tag);
  out.set(canonical, tag.length);
  return out;
}

export function signCanonical(canonical: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed.sign(signedMessage(canonical), secretKey);
}

export function verifyCanonical(canonical: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signature, signedMessage(canonical), publicKey);
  } catch {
    return false;
  }
}
