// Signed calls from an enrolled kiosk to the relay. The kiosk holds an Ed25519 key pair made at
// enrolment; the relay keeps only the public key. Each call signs its method, path, body hash,
// timestamp, nonce and kiosk id, so a call cannot be altered, replayed (nonce + time window) or sent
// in another kiosk's name, and there is no bearer secret to steal. Shared by the kiosk and the relay.
import { createHash, randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';

export const HEADERS = { kiosk: 'x-relay-kiosk', timestamp: 'x-relay-timestamp', nonce: 'x-relay-nonce', signature: 'x-relay-signature' } as const;
/** A signed call is refused when its timestamp is further than this from the relay's clock. */
export const REPLAY_WINDOW_SECONDS = 300;

export interface KioskKeys {
  kioskId: string;
  /** Ed25519 secret key, hex. */
  secretKeyHex: string;
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export function signingString(parts: { method: string; path: string; body: Uint8Array | string; timestamp: string; nonce: string; kioskId: string }): Uint8Array {
  return new TextEncoder().encode(['relay-call-v1', parts.method.toUpperCase(), parts.path, sha256Hex(parts.body), parts.timestamp, parts.nonce, parts.kioskId].join('\n'));
}

export async function newKeyPair(): Promise<{ secretKeyHex: string; publicKeyHex: string }> {
  const { secretKey, publicKey } = await ed.keygenAsync();
  return { secretKeyHex: Buffer.from(secretKey).toString('hex'), publicKeyHex: Buffer.from(publicKey).toString('hex') };
}

/** The headers for one call. */
export async function signCall(keys: KioskKeys, method: string, path: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('hex');
  const signature = await ed.signAsync(signingString({ method, path, body, timestamp, nonce, kioskId: keys.kioskId }), Buffer.from(keys.secretKeyHex, 'hex'));
  return { [HEADERS.kiosk]: keys.kioskId, [HEADERS.timestamp]: timestamp, [HEADERS.nonce]: nonce, [HEADERS.signature]: Buffer.from(signature).toString('hex') };
}

export type CallCheck = { ok: true; kioskId: string; nonce: string } | { ok: false; message: string };

/**
 * Checks a call's signature and time against the kiosk's public key (looked up by the caller from the
 * kiosk id header). The nonce is spent by the caller afterwards, in PostgreSQL, so every relay process sees it.
 */
export async function checkCall(
  headers: Record<string, string | string[] | undefined>,
  call: { method: string; path: string; body: Uint8Array },
  publicKeyHex: (kioskId: string) => Promise<string | null>,
  now = Date.now(),
): Promise<CallCheck> {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : null;
  };
  const kioskId = header(HEADERS.kiosk);
  const timestamp = header(HEADERS.timestamp);
  const nonce = header(HEADERS.nonce);
  const signature = header(HEADERS.signature);
  if (!kioskId || !timestamp || !nonce || !signature) return { ok: false, message: 'The call is not signed by an enrolled kiosk; connect this kiosk to the relay again with a new enrolment code.' };
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > REPLAY_WINDOW_SECONDS * 1000)
    return { ok: false, message: `The call's time is more than ${REPLAY_WINDOW_SECONDS / 60} minutes from the relay's clock; check this computer's date and time.` };
  if (!/^[0-9a-f]{32}$/.test(nonce) || !/^[0-9a-f]{128}$/.test(signature)) return { ok: false, message: 'The call carries a malformed signature; it was refused.' };
  const key = /^[\w-]{1,64}$/.test(kioskId) ? await publicKeyHex(kioskId) : null;
  if (!key) return { ok: false, message: 'This kiosk is not enrolled with the relay; connect it again with a new enrolment code from your relay operator.' };
  const message = signingString({ method: call.method, path: call.path, body: call.body, timestamp, nonce, kioskId });
  // A malformed stored key or signature point throws: that is a mismatch too.
  const valid = await ed.verifyAsync(Buffer.from(signature, 'hex'), message, Buffer.from(key, 'hex')).catch(() => false);
  if (!valid) return { ok: false, message: "The call's signature does not match this kiosk's enrolled key (the call was altered on the way, or is not from this kiosk); it was refused." };
  return { ok: true, kioskId, nonce };
}
