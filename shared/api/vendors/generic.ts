// A plain licence API (seed 004) that signs its JSON answers with an RSA key: the vendor's part of the
// contract (stored settings, defaults, the connection input and view). Main: electron/connectors/generic/.
import { t } from '../../i18n/index.ts';
import { z } from 'zod';
import { commonConnectionFields, pemField, vendorView } from '../connection-fields.ts';

/** What a generic connection stores besides its address (and what the renderer sees of it). */
export const genericSettings = z.object({ publicKeyPem: z.string() });
export type GenericSettings = z.output<typeof genericSettings>;
export const GENERIC_DEFAULTS: GenericSettings = { publicKeyPem: '' };

export const genericConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('generic'),
  publicKeyPem: pemField(() => t('contract:vendors.genericPem')),
});

export const genericConnectionView = vendorView('generic', genericSettings);
