// A device-side reader of Keygen machine and licence files, written from Keygen's documentation and
// keygen-api's check-out code alone (see ../shared/reference/keygen.md), independent of the
// connector: WebCrypto only, its own PEM, base64 and DER handling. It reads a file the way the
// air-gapped example's device does: verify "<machine|license>/" + enc with the account key, decrypt
// with SHA-256(key + fingerprint) or SHA-256(key), then require issued ≤ now < expiry.
//   rsa-pss-sha256: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt = the longest the key allows (Ruby's
//                   sign_pss salt_length: :max), i.e. emLen - 32 - 2.
//   rsa-sha256:     RSASSA-PKCS1-v1_5 with SHA-256.
//   ecdsa-p256:     ECDSA P-256 SHA-256; Keygen writes DER, WebCrypto wants r||s, so it is converted.
//   ed25519:        the 32-byte key as hex.
const subtle = globalThis.crypto.subtle;

export interface DeviceFile {
  kind: 'machine' | 'license';
  alg: string;
  document: { data: { id: string; type: string; attributes: Record<string, unknown> }; meta: { issued: string; expiry: string | null } };
}

export interface DeviceReadOptions {
  /** Ed25519 hex, or an SPKI PEM of the RSA or EC P-256 key. */
  verifyKey: string;
  licenseKey: string;
  /** The device's fingerprint; needed for machine files. */
  fingerprint?: string;
  now?: number;
}

const b64 = (text: string): Uint8Array => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
};
const text8 = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

export async function readKeygenFile(file: string, options: DeviceReadOptions): Promise<DeviceFile> {
  const armour = /-----BEGIN (MACHINE|LICENSE) FILE-----([\s\S]*?)-----END \1 FILE-----/.exec(file);
  if (!armour) throw new Error('not a Keygen machine or licence file');
  const kind = armour[1] === 'MACHINE' ? 'machine' : 'license';
  const { enc, sig, alg } = JSON.parse(text8(b64((armour[2] ?? '').replace(/\s/g, '')))) as { enc: string; sig: string; alg: string };
  const [encoding, signing] = alg.split('+');

  const signed = new TextEncoder().encode(`${kind}/${enc}`);
  if (!(await verifySignature(signing ?? '', options.verifyKey, b64(sig), signed))) throw new Error('signature does not verify');

  let plain: Uint8Array;
  if (encoding === 'base64') plain = b64(enc);
  else if (encoding === 'aes-256-gcm') {
    const secret = kind === 'machine' ? `${options.licenseKey}${options.fingerprint ?? ''}` : options.licenseKey;
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(secret));
    const key = await subtle.importKey('raw', digest, 'AES-GCM', false, ['decrypt']);
    const [ciphertext, iv, tag] = enc.split('.').map(b64);
    if (!ciphertext || !iv || !tag) throw new Error('encrypted content is not ciphertext.iv.tag');
    const sealed = new Uint8Array(ciphertext.length + tag.length);
    sealed.set(ciphertext);
    sealed.set(tag, ciphertext.length);
    try {
      plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, sealed as BufferSource));
    } catch {
      throw new Error('does not decrypt with this licence key' + (kind === 'machine' ? ' and fingerprint' : ''));
    }
  } else throw new Error(`unknown encoding ${encoding}`);

  const document = JSON.parse(text8(plain)) as DeviceFile['document'];
  const now = options.now ?? Date.now();
  if (!document.meta?.expiry) throw new Error('the file has no expiry');
  if (Date.parse(document.meta.issued) > now) throw new Error('issued in the future');
  if (Date.parse(document.meta.expiry) <= now) throw new Error('expired');
  if (kind === 'machine' && document.data.attributes.fingerprint !== options.fingerprint) throw new Error('for another device');
  if (kind === 'license' && document.data.attributes.key !== undefined && document.data.attributes.key !== options.licenseKey) throw new Error('for another licence key');
  return { kind, alg, document };
}

async function verifySignature(signing: string, verifyKey: string, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const sig = signature as BufferSource;
  const message = data as BufferSource;
  if (signing === 'ed25519') {
    if (!/^[0-9a-f]{64}$/i.test(verifyKey)) throw new Error('an ed25519 file needs the Ed25519 hex key');
    const raw = Uint8Array.from(verifyKey.match(/../g) ?? [], (h) => parseInt(h, 16));
    const key = await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return subtle.verify({ name: 'Ed25519' }, key, sig, message);
  }
  const spki = spkiOf(verifyKey);
  if (signing === 'rsa-pss-sha256') {
    const key = await subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
    const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    return subtle.verify({ name: 'RSA-PSS', saltLength: Math.ceil((bits - 1) / 8) - 32 - 2 }, key, sig, message);
  }
  if (signing === 'rsa-sha256') {
    const key = await subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    return subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, sig, message);
  }
  if (signing === 'ecdsa-p256') {
    const key = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(signature) as BufferSource, message);
  }
  throw new Error(`unknown signing algorithm ${signing}`);
}

function spkiOf(pem: string): BufferSource {
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem);
  if (!body) throw new Error('this file needs a PEM public key');
  return b64((body[1] ?? '').replace(/\s/g, '')) as BufferSource;
}

/** DER SEQUENCE { INTEGER r, INTEGER s } → 64 bytes r||s. */
function derToRaw(der: Uint8Array): Uint8Array {
  let at = 0;
  const read = (tag: number): Uint8Array => {
    if (der[at] !== tag) throw new Error('ECDSA signature is not DER');
    const length = der[at + 1] ?? 0;
    if (length & 0x80) throw new Error('ECDSA signature length is not short-form DER');
    const value = der.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    return value;
  };
  const sequence = read(0x30);
  if (at !== der.length) throw new Error('bytes after the ECDSA signature');
  der = sequence;
  at = 0;
  const out = new Uint8Array(64);
  for (const [i, n] of [read(0x02), read(0x02)].entries()) {
    const trimmed = n.subarray(n.findIndex((b) => b !== 0));
    if (trimmed.length > 32) throw new Error('ECDSA integer too long');
    out.set(trimmed, 32 * (i + 1) - trimmed.length);
  }
  return out;
}
