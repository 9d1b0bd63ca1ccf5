// A kiosk relay (electron/relay/): the company's vendor connections, policy and audit in one place.
// The kiosk enrols once with a one-time code (sent in the connection's `secret` field); it keeps its
// own signing key in the secret store and the vendor keys the relay named at enrolment (pinned), with
// which it checks every answer again. Main: electron/connectors/relay/.
import { t } from '../../i18n/index.ts';
import { z } from 'zod';
import { commonConnectionFields, vendorView } from '../connection-fields.ts';

/** A vendor connection on the relay as the kiosk pinned it at enrolment: no token, only what verifies answers. */
export const pinnedConnection = z.object({
  name: z.string().max(100),
  vendor: z.enum(['generic', 'keygen', 'cryptlex', 'licensespring']),
  settings: z.record(z.string(), z.unknown()),
});
export type PinnedConnection = z.infer<typeof pinnedConnection>;
/** The vendors a relay carries requests to (every vendor but a relay). */
export type RelayedVendor = PinnedConnection['vendor'];

/** What a relay connection stores besides its address (and what the renderer sees of it). */
export const relaySettings = z.object({
  /** The engineer the relay operator enrolled this kiosk for. */
  engineer: z.string(),
  kioskId: z.string(),
  pinned: z.array(pinnedConnection),
});
export type RelaySettings = z.output<typeof relaySettings>;
export const RELAY_DEFAULTS: RelaySettings = { engineer: '', kioskId: '', pinned: [] };

export const relayConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('relay'),
  /** The one-time enrolment code from the relay operator; left out when editing keeps the enrolment. */
  secret: z
    .string()
    .trim()
    .max(64, { error: () => t('contract:vendors.relayCodeLong') })
    .refine((v) => /^[A-Za-z0-9 -]*$/.test(v), { error: () => t('contract:vendors.relayCodeChars') })
    .optional(),
});

export const relayConnectionView = vendorView('relay', relaySettings);
