// Keygen licence files (`POST /licenses/{id}/actions/check-out`): the signed envelope of signed-file.ts
// with prefix "license/", encrypted under SHA-256 of the licence key alone, holding the licence's
// JSON:API document and meta {issued, expiry, ttl}. Accepted only when signed by the account's key with
// the expected algorithm, naming this licence (and this key, when the document shows it), not suspended
// or banned, and within its validity, as for machine files.
import { z } from 'zod';
import { t } from '../../../shared/i18n/index.ts';
import { licenseKeyTail } from '../../../shared/formats/license-key.ts';
import { slug } from '../http.ts';
import { checkSignedFile, checkValidity, parseVerifyKey, type SigningAlgorithm } from './signed-file.ts';

const licenseDocument = z.looseObject({
  data: z.looseObject({ id: z.string(), type: z.literal('licenses'), attributes: z.looseObject({ key: z.string().optional(), expiry: z.string().nullable().optional(), status: z.string().optional(), suspended: z.boolean().optional() }) }),
  included: z.array(z.looseObject({ type: z.string(), id: z.string() })).optional(),
  meta: z.looseObject({ issued: z.string(), expiry: z.string().nullable(), ttl: z.number().nullable().optional() }),
});

export type LicenseDocument = z.infer<typeof licenseDocument>;

export interface LicenseFileExpectations {
  /** Ed25519 hex or a PEM public key (RSA, EC P-256). */
  verifyKey: string;
  algorithm?: SigningAlgorithm;
  licenseKey: string;
  licenseId: string;
  now: number;
  clockSkewMs: number;
  encrypted?: boolean;
  /** As for machine files: a number bounds the expiry, null allows none, left out requires one. */
  ttlSeconds?: number | null;
}

export type LicenseFileCheck =
  | { ok: true; document: LicenseDocument; issued: string; expiry: string | null; encrypted: boolean; algorithm: SigningAlgorithm }
  | { ok: false; code: 'license_file_invalid' | 'signature_invalid' | 'license_file_mismatch' | 'license_file_expired' | 'license_suspended'; message: string };

export function checkLicenseFile(text: string, expect: LicenseFileExpectations): LicenseFileCheck {
  const invalid = (message: string): LicenseFileCheck => ({ ok: false, code: 'license_file_invalid', message });
  const key = parseVerifyKey(expect.verifyKey);
  if (!key.ok) return invalid(t('keygen:verifyKey.keyNotUsable', { problem: key.message }));
  const signed = checkSignedFile(text, { kind: 'license', verifyKey: key.key, algorithm: expect.algorithm, secret: expect.licenseKey, encrypted: expect.encrypted });
  if (!signed.ok) return signed.code === 'signature_invalid' ? { ok: false, code: 'signature_invalid', message: signed.message } : invalid(signed.message);
  const doc = licenseDocument.safeParse(signed.json);
  if (!doc.success) return invalid(t('keygen:licenseFile.notDocument'));
  const { data, meta } = doc.data;
  const mismatch = (message: string): LicenseFileCheck => ({ ok: false, code: 'license_file_mismatch', message });
  if (data.id !== expect.licenseId) return mismatch(t('keygen:licenseFile.otherLicense'));
  if (data.attributes.key !== undefined && data.attributes.key !== expect.licenseKey) return mismatch(t('keygen:licenseFile.otherKey'));
  // A genuine file of a suspended or banned licence is no licence a device should be given.
  const status = data.attributes.status?.toUpperCase();
  if (data.attributes.suspended === true || status === 'SUSPENDED' || status === 'BANNED') {
    return { ok: false, code: 'license_suspended', message: status === 'BANNED' ? t('keygen:licenseFile.banned') : t('keygen:licenseFile.suspended') };
  }
  const valid = checkValidity('license', meta, expect);
  if (!valid.ok) return { ok: false, code: valid.code === 'file_expired' ? 'license_file_expired' : 'license_file_invalid', message: valid.message };
  return { ok: true, document: doc.data, issued: meta.issued, expiry: meta.expiry, encrypted: signed.encrypted, algorithm: signed.algorithm };
}

/**
 * `<label>-license.lic`: the device's label when it gave one, else the key's last characters (as the
 * Queue's masked key shows them), so an engineer fetching files for several keys can tell them apart.
 */
export function licenseFileName(request: { deviceLabel: string | null; licenseKey: string }): string {
  const label = slug(request.deviceLabel) || ['key', slug(licenseKeyTail(request.licenseKey))].filter(Boolean).join('-');
  return `${label}-license.lic`;
}
