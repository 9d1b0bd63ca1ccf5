// Keygen machine files (keygen.md "Machine file format"): the signed envelope of signed-file.ts with
// prefix "machine/", encrypted under SHA-256(licence key + fingerprint). Nothing in a machine file is
// trusted before its signature verifies. The envelope and the signed document are parsed strictly:
// with a duplicate member (two "fingerprint"s, two "enc"s) the kiosk and the device could each read a
// different one, so the file would be checked as one thing and used as another.
import { z } from 'zod';
import { t } from '../../../shared/i18n/index.ts';
import { ALGORITHM_NAMES, checkSignedFile, checkValidity, parseVerifyKey, type SigningAlgorithm } from './signed-file.ts';

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
  /**
   * The account's verify key: Ed25519 as 64 hex characters, or a PEM public key (RSA, EC P-256). Named
   * after the connection setting that holds it.
   */
  publicKeyHex: string;
  /** The signing algorithm the connection expects; left out, any Keygen uses with the key's type. */
  algorithm?: SigningAlgorithm;
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
  | { ok: true; document: MachineDocument; machineId: string; issued: string; expiry: string | null; encrypted: boolean; algorithm: SigningAlgorithm }
  | { ok: false; code: 'machine_file_invalid' | 'signature_invalid' | 'machine_file_mismatch' | 'machine_file_expired'; message: string };

export async function checkMachineFile(text: string, expect: MachineFileExpectations): Promise<MachineFileCheck> {
  const invalid = (message: string): MachineFileCheck => ({ ok: false, code: 'machine_file_invalid', message });
  const key = parseVerifyKey(expect.publicKeyHex);
  if (!key.ok) return invalid(t('keygen:verifyKey.keyNotUsable', { problem: key.message }));
  const signed = checkSignedFile(text, { kind: 'machine', verifyKey: key.key, algorithm: expect.algorithm, secret: expect.licenseKey + expect.fingerprint, encrypted: expect.encrypted });
  if (!signed.ok) return signed.code === 'signature_invalid' ? { ok: false, code: 'signature_invalid', message: signed.message } : invalid(signed.message);
  const doc = machineDocument.safeParse(signed.json);
  if (!doc.success) return invalid(t('keygen:machineFile.notDocument'));
  const { data, meta, included } = doc.data;

  const mismatch = (message: string): MachineFileCheck => ({ ok: false, code: 'machine_file_mismatch', message });
  if (data.attributes.fingerprint !== expect.fingerprint) return mismatch(t('keygen:machineFile.otherFingerprint'));
  if (expect.machineId !== undefined && data.id.toLowerCase() !== expect.machineId.toLowerCase()) return mismatch(t('keygen:machineFile.otherMachine'));
  const licenseRef = data.relationships?.license?.data?.id;
  if (licenseRef === undefined) return mismatch(t('keygen:machineFile.noLicense'));
  if (licenseRef !== expect.licenseId) return mismatch(t('keygen:machineFile.otherLicense'));
  for (const license of included?.filter((r) => r.type === 'licenses') ?? []) {
    if (license.id !== expect.licenseId || (license.attributes?.key !== undefined && license.attributes.key !== expect.licenseKey)) {
      return mismatch(t('keygen:machineFile.includedOther'));
    }
  }

  const valid = checkValidity('machine', meta, expect);
  if (!valid.ok) return { ok: false, code: valid.code === 'file_expired' ? 'machine_file_expired' : 'machine_file_invalid', message: valid.message };
  return { ok: true, document: doc.data, machineId: data.id, issued: meta.issued, expiry: meta.expiry, encrypted: signed.encrypted, algorithm: signed.algorithm };
}

/** "Ed25519, encrypted for this licence key and fingerprint": what a verified file of this kind was, for notes. */
export function describeFile(check: { algorithm: SigningAlgorithm; encrypted: boolean }, kind: 'machine' | 'license'): string {
  const algorithm = ALGORITHM_NAMES[check.algorithm];
  if (!check.encrypted) return t('keygen:notes.notEncrypted', { algorithm });
  return t('keygen:notes.encryptedFor', { algorithm, whose: kind === 'machine' ? t('keygen:notes.whoseMachine') : t('keygen:notes.whoseLicense') });
}
