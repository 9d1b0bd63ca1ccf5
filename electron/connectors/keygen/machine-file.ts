// Keygen machine files (keygen.md "Machine file format"): a PEM-like envelope around base64 of
// {"enc","sig","alg"}; sig = Ed25519 over "machine/" + enc with the account key; enc is base64 of the
// JSON document, or AES-256-GCM ciphertext.iv.tag (each base64) under SHA-256(licence key + fingerprint).
// Nothing in a machine file is trusted before its signature verifies. The envelope and the signed
// document are parsed strictly: with a duplicate member (two "fingerprint"s, two "enc"s) the kiosk and
// the device could each read a different one, so the file would be checked as one thing and used as
// another.
import { createDecipheriv, createHash } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { z } from 'zod';
import { fromBase64, utf8 } from '../../../shared/crypto/encoding.ts';
import { parseStrictJsonBytes, StrictJsonError } from '../../../shared/crypto/strict-json.ts';

export const MAX_MACHINE_FILE_CHARS = 512 * 1024;

const envelope = z.strictObject({ enc: z.string().min(1), sig: z.string().min(1), alg: z.string() });

const machineDocument = z.looseObject({
  data: z.looseObject({
    id: z.string(),
    type: z.literal('machines'),
    attributes: z.looseObject({ fingerprint: z.string() }),
    relationships: z.looseObject({ license: z.looseObject({ data: z.looseObject({ id: z.string() }).nullable() }).optional() }).optional(),
  }),
  included: z.array(z.looseObject({ type: z.string(), id: z.string(), attributes: z.looseObject({ key: z.string().optional() }).optional() })).optional(),
  meta: z.looseObject({ issued: z.string(), expiry: z.string().nullable(), ttl: z.number().nullable().optional() }),
});

export type MachineDocument = z.infer<typeof machineDocument>;

export interface MachineFileExpectations {
  /** The account's Ed25519 verify key: 32 bytes as 64 hex characters. */
  publicKeyHex: string;
  licenseKey: string;
  fingerprint: string;
  now: number;
  clockSkewMs: number;
  /** When set, the file must (true) or must not (false) be encrypted. */
  encrypted?: boolean;
  /** When set, the machine id the file must name. */
  machineId?: string;
  /** The licence the machine must belong to: the file's licence relationship names it. */
  licenseId: string;
  /**
   * The TTL the kiosk asked for: a number requires an expiry no later than issued + TTL; null allows a
   * file without expiry. Left out, an expiry is required.
   */
  ttlSeconds?: number | null;
}

export type MachineFileCheck =
  | { ok: true; document: MachineDocument; machineId: string; issued: string; expiry: string | null; encrypted: boolean }
  | { ok: false; code: 'machine_file_invalid' | 'signature_invalid' | 'machine_file_mismatch' | 'machine_file_expired'; message: string };

export function parsePublicKeyHex(hex: string): Uint8Array | null {
  const clean = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) return null;
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export async function checkMachineFile(text: string, expect: MachineFileExpectations): Promise<MachineFileCheck> {
  const invalid = (message: string): MachineFileCheck => ({ ok: false, code: 'machine_file_invalid', message });
  if (text.length > MAX_MACHINE_FILE_CHARS) return invalid('The machine file is larger than 512 KiB, which no machine file needs; nothing was stored.');
  const pem = /^\s*-----BEGIN MACHINE FILE-----([A-Za-z0-9+/=\s]+)-----END MACHINE FILE-----\s*$/.exec(text);
  if (!pem) return invalid('The answer is not a machine file (no BEGIN/END MACHINE FILE armour around base64); nothing was stored.');
  const outer = fromBase64((pem[1] ?? '').replace(/\s+/g, ''));
  const outerJson = outer ? strictJson(outer) : undefined;
  if (outerJson instanceof StrictJsonError) return invalid(`The machine file's envelope is not strict JSON (${outerJson.message}); nothing was stored.`);
  const parsedEnvelope = envelope.safeParse(outerJson);
  if (!parsedEnvelope.success) return invalid('The machine file does not hold exactly the {"enc","sig","alg"} document Keygen writes; nothing was stored.');
  const { enc, sig, alg } = parsedEnvelope.data;
  const [encAlg, sigAlg] = alg.split('+');
  if ((encAlg !== 'aes-256-gcm' && encAlg !== 'base64') || sigAlg !== 'ed25519') {
    return invalid(`The machine file uses the algorithm "${alg.slice(0, 40)}", and this connection verifies only aes-256-gcm+ed25519 and base64+ed25519; set the policy's scheme to Ed25519.`);
  }
  const encrypted = encAlg === 'aes-256-gcm';
  if (expect.encrypted !== undefined && expect.encrypted !== encrypted) {
    return invalid(expect.encrypted ? 'The machine file came back unencrypted although this connection asks for encrypted files; nothing was stored.' : 'The machine file came back encrypted although this connection asks for unencrypted files; nothing was stored.');
  }

  const publicKey = parsePublicKeyHex(expect.publicKeyHex);
  if (!publicKey) return invalid("The account's public key in Settings is not 64 hexadecimal characters (Keygen's Ed25519 verify key); nothing was stored.");
  const signature = fromBase64(sig);
  let verified: boolean;
  try {
    verified = signature !== null && signature.length === 64 && (await ed.verifyAsync(signature, utf8(`machine/${enc}`), publicKey));
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, code: 'signature_invalid', message: "Signature invalid: the machine file is not signed by this Keygen account's key; nothing was stored." };

  let plain: Uint8Array | null;
  if (encrypted) {
    plain = decrypt(enc, expect.licenseKey, expect.fingerprint);
    if (!plain) return invalid('The machine file is signed but does not decrypt with this licence key and fingerprint, so the device could not read it either; nothing was stored.');
  } else {
    plain = fromBase64(enc);
    if (!plain) return invalid('The machine file is signed but its content is not base64; nothing was stored.');
  }
  const json = strictJson(plain);
  if (json instanceof StrictJsonError) return invalid(`The machine file is signed but its content is not strict JSON (${json.message}); nothing was stored.`);
  const doc = machineDocument.safeParse(json);
  if (!doc.success) return invalid('The machine file is signed but its content is not a Keygen machine document with issued/expiry; nothing was stored.');
  const { data, meta, included } = doc.data;

  const mismatch = (message: string): MachineFileCheck => ({ ok: false, code: 'machine_file_mismatch', message });
  if (data.attributes.fingerprint !== expect.fingerprint) return mismatch("The signed machine file names another device's fingerprint than this request's; nothing was stored.");
  if (expect.machineId !== undefined && data.id.toLowerCase() !== expect.machineId.toLowerCase()) return mismatch('The signed machine file names another machine than the one activated; nothing was stored.');
  const licenseRef = data.relationships?.license?.data?.id;
  if (licenseRef === undefined) return mismatch('The signed machine file does not name the licence its machine belongs to; nothing was stored.');
  if (licenseRef !== expect.licenseId) return mismatch('The signed machine file belongs to another licence; nothing was stored.');
  for (const license of included?.filter((r) => r.type === 'licenses') ?? []) {
    if (license.id !== expect.licenseId || (license.attributes?.key !== undefined && license.attributes.key !== expect.licenseKey)) {
      return mismatch('The licence inside the signed machine file is another licence than this request; nothing was stored.');
    }
  }

  const issued = Date.parse(meta.issued);
  const expiry = meta.expiry === null ? null : Date.parse(meta.expiry);
  if (!Number.isFinite(issued) || (expiry !== null && !Number.isFinite(expiry))) return invalid('The machine file has unreadable issued/expiry dates; nothing was stored.');
  if (issued > expect.now + expect.clockSkewMs) {
    return { ok: false, code: 'machine_file_expired', message: `The machine file says it was issued at ${meta.issued}, in the future for this laptop's clock; check the laptop's date and time.` };
  }
  if (expiry === null && expect.ttlSeconds !== null) {
    return invalid('The machine file says it never expires, although this connection asks for files with an expiry; nothing was stored.');
  }
  if (expiry !== null && typeof expect.ttlSeconds === 'number' && expiry > issued + expect.ttlSeconds * 1000 + expect.clockSkewMs) {
    return invalid(`The machine file expires at ${meta.expiry}, later than the TTL this connection asked for allows; nothing was stored.`);
  }
  if (expiry !== null && expiry <= expect.now - expect.clockSkewMs) {
    return { ok: false, code: 'machine_file_expired', message: `The machine file expired at ${meta.expiry} before it could be stored; check the TTL in Settings and the laptop's clock.` };
  }
  return { ok: true, document: doc.data, machineId: data.id, issued: meta.issued, expiry: meta.expiry, encrypted };
}

/** AES-256-GCM with key SHA-256(licenceKey + fingerprint); enc = b64(ciphertext).b64(iv).b64(tag). */
export function decrypt(enc: string, licenseKey: string, fingerprint: string): Uint8Array | null {
  const parts = enc.split('.');
  if (parts.length !== 3) return null;
  const [ciphertext, iv, tag] = parts.map((p) => fromBase64(p));
  if (!ciphertext || !iv || !tag || tag.length !== 16 || iv.length === 0) return null;
  try {
    const key = createHash('sha256').update(licenseKey + fingerprint, 'utf8').digest();
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}

function strictJson(bytes: Uint8Array): unknown {
  try {
    return parseStrictJsonBytes(bytes, { maxLength: MAX_MACHINE_FILE_CHARS });
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
}
