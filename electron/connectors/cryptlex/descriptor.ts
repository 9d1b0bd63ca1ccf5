// Cryptlex offline activation: LexActivator's request file forwarded as it is, the offline response
// checked (with the product's public key when given) before it is delivered.
import { CRYPTLEX_DEFAULTS, cryptlexSettings, type CryptlexSettings } from '../../../shared/api/vendors/cryptlex.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { checkRsaPublicKey } from '../public-key-check.ts';
import { MAX_CRYPTLEX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { createCryptlexConnector } from './cryptlex-connector.ts';

type Stored = TransportSettings & CryptlexSettings;

export const cryptlexVendor: VendorDescriptor<'cryptlex', Stored> = {
  id: 'cryptlex',
  names: { connection: 'Cryptlex', request: 'Cryptlex' },
  verifies: "Each offline response's RS256 signature with the product's public key (when given), that it is for the request's licence, and its validity.",
  artifacts: '<device>-cryptlex-response.dat (offline response; a bare request file is named by its request id); <device>-cryptlex-deactivation.json for a release.',
  serves: { formats: ['cryptlex-offline'], hints: ['cryptlex'] },
  // Cryptlex documents only the offline deactivation, which takes the device's own request file.
  seatReturn: {
    supported: false,
    why: "Cryptlex releases an offline activation only with the device's own deactivation request file (LexActivator's GenerateOfflineDeactivationRequest); capture that file from the device, or remove the activation in the Cryptlex dashboard. Nothing was queued.",
  },
  envelopeVendor: 'cryptlex',
  secret: { name: 'API token', needed: () => true },
  lookupSecret: { name: 'licence lookup token (license:read only)' },
  single: false,
  defaults: { baseUrl: '', ...CRYPTLEX_DEFAULTS },
  check: async (input) => {
    if (input.productPublicKeyPem) await checkRsaPublicKey(input.productPublicKeyPem, 'Product public key');
  },
  toSaved: (input, previous, transport) => ({
    ...transport,
    responseValiditySeconds: input.responseValiditySeconds ?? previous?.responseValiditySeconds ?? CRYPTLEX_DEFAULTS.responseValiditySeconds,
    productPublicKeyPem: input.productPublicKeyPem ?? previous?.productPublicKeyPem ?? CRYPTLEX_DEFAULTS.productPublicKeyPem,
  }),
  connector: (s, { secrets, secretId, lookupSecretId, gate }) =>
    createCryptlexConnector(
      { baseUrl: s.baseUrl, accessTokenSecretId: secretId, lookupTokenSecretId: lookupSecretId ?? null, responseValiditySeconds: s.responseValiditySeconds, productPublicKeyPem: s.productPublicKeyPem || null },
      { secrets, gate },
    ),
  maxLicenseKeyChars: MAX_CRYPTLEX_LICENSE_KEY_CHARS,
  view: (settings) => ({ vendor: 'cryptlex', settings: pickFields<CryptlexSettings>(cryptlexSettings.shape, settings) }),
};
