// Cryptlex offline activation: the vendor's part of the contract (stored settings, defaults, the
// connection input and view). Main: electron/connectors/cryptlex/.
import { t } from '../../i18n/index.ts';
import { z } from 'zod';
import { commonConnectionFields, vendorView } from '../connection-fields.ts';

/** What a Cryptlex connection stores besides its address (and what the renderer sees of it). */
export const cryptlexSettings = z.object({
  /** Seconds the offline response stays usable on the device. */
  responseValiditySeconds: z.number().int(),
  /** The product's RSA public key (PEM) that signed responses are verified with; '' for none. */
  productPublicKeyPem: z.string(),
});
export type CryptlexSettings = z.output<typeof cryptlexSettings>;
/** Three days for the device to import the response; no product key. */
export const CRYPTLEX_DEFAULTS: CryptlexSettings = { responseValiditySeconds: 259_200, productPublicKeyPem: '' };

export const cryptlexConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('cryptlex'),
  responseValiditySeconds: z.number().int().min(60, { error: () => t('contract:vendors.cryptlexValidity') }).max(315_360_000).optional(),
  productPublicKeyPem: z
    .string()
    .trim()
    .max(20000)
    // ui-text-ok: the PEM header, a format's own token
    .refine((v) => v === '' || v.includes('-----BEGIN PUBLIC KEY-----'), { error: () => t('contract:vendors.cryptlexPem') })
    .optional(),
});

export const cryptlexConnectionView = vendorView('cryptlex', cryptlexSettings);
