// LicenseSpring's License API, offline method: the vendor's part of the contract (stored settings,
// defaults, the connection input and view, and the one secret its two keys make). Main:
// electron/connectors/licensespring/.
import { t } from '../../i18n/index.ts';
import { z } from 'zod';
import { commonConnectionFields, pemField, vendorView } from '../connection-fields.ts';

/** What a LicenseSpring connection stores besides its address (and what the renderer sees of it). */
export const licenseSpringSettings = z.object({
  /** LicenseSpring's server public key (PEM), which signs licence documents (license_signature_v2). */
  publicKeyPem: z.string(),
  /** A product code Test connection asks LicenseSpring about to check the keys; '' for a made-up one. */
  healthProductCode: z.string(),
});
export type LicenseSpringSettings = z.output<typeof licenseSpringSettings>;
export const LICENSESPRING_DEFAULTS: LicenseSpringSettings = { publicKeyPem: '', healthProductCode: '' };

const KEY = /^[\x21-\x7e]{8,256}$/;
const secretParts = z.object({ apiKey: z.string().regex(KEY), sharedKey: z.string().regex(KEY) }).strict();

/**
 * The connection's one secret: the API key and the shared key together (every call is signed with
 * both), so the secret store binds them to the connection's address as one entry.
 */
export function licenseSpringSecret(apiKey: string, sharedKey: string): string {
  return JSON.stringify({ apiKey: apiKey.trim(), sharedKey: sharedKey.trim() });
}

/** Both keys from the stored secret; null when it is not one. */
export function licenseSpringSecretParts(secret: string | null): { apiKey: string; sharedKey: string } | null {
  if (!secret?.startsWith('{')) return null;
  try {
    const parsed = secretParts.safeParse(JSON.parse(secret));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const licenseSpringConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('licensespring'),
  secret: commonConnectionFields.secret.refine(
    (v) => v === undefined || licenseSpringSecretParts(v) !== null,
    { error: () => t('contract:vendors.licensespringSecret') },
  ),
  publicKeyPem: pemField(() => t('contract:vendors.licensespringPem')),
  healthProductCode: z.string().trim().max(100).optional(),
});

export const licenseSpringConnectionView = vendorView('licensespring', licenseSpringSettings);
