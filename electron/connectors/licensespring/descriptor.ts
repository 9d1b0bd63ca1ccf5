// LicenseSpring offline activation: the device's request file forwarded as it is, the licence document
// verified (license_signature_v2 with LicenseSpring's key) and bound to the request before export.
import { LICENSESPRING_DEFAULTS, licenseSpringSecretParts, licenseSpringSettings, type LicenseSpringSettings } from '../../../shared/api/vendors/licensespring.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { checkRsaPublicKey } from '../public-key-check.ts';
import { createLicenseSpringConnector } from './licensespring-connector.ts';
import { t } from '../../../shared/i18n/index.ts';

type Stored = TransportSettings & LicenseSpringSettings;

export const licenseSpringVendor: VendorDescriptor<'licensespring', Stored> = {
  id: 'licensespring',
  names: { connection: 'LicenseSpring', request: 'LicenseSpring' },
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  verifies: "Each licence document's license_signature_v2 (RSA-SHA256 over its members in the order received, parsed strictly) with LicenseSpring's public key, and that it names the request's hardware id, licence key (or user) and request id.",
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  artifacts: '<device>-ls_activation.lic (the licence file the SDK imports); <device>-ls-deactivation.json (unsigned) for a release.',
  serves: { formats: ['licensespring-offline'], hints: ['licensespring'] },
  // POST /api/v4/deactivate_license (the online method) takes licence key, hardware id and product code.
  seatReturn: { supported: true, needsProduct: true },
  envelopeVendor: 'licensespring',
  secret: {
    get name() {
      return t('licensespring:descriptor.secretName');
    },
    needed: () => true,
    parts: (secret) => {
      const parts = licenseSpringSecretParts(secret);
      return parts ? [parts.apiKey, parts.sharedKey] : [];
    },
  },
  single: false,
  defaults: { baseUrl: '', ...LICENSESPRING_DEFAULTS },
  check: (input) => checkRsaPublicKey(input.publicKeyPem, t('licensespring:descriptor.publicKeyLabel')),
  toSaved: (input, previous, transport) => ({
    ...transport,
    publicKeyPem: input.publicKeyPem,
    healthProductCode: input.healthProductCode ?? previous?.healthProductCode ?? LICENSESPRING_DEFAULTS.healthProductCode,
  }),
  connector: (s, { secrets, secretId, gate }) =>
    createLicenseSpringConnector({ baseUrl: s.baseUrl, credentialsSecretId: secretId, publicKeyPem: s.publicKeyPem, healthProductCode: s.healthProductCode || null }, { secrets, ...(gate ? { gate } : {}) }),
  view: (settings) => ({ vendor: 'licensespring', settings: pickFields<LicenseSpringSettings>(licenseSpringSettings.shape, settings) }),
};
