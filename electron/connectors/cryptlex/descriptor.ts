// Cryptlex offline activation: LexActivator's request file forwarded as it is, the offline response
// checked (with the product's public key when given) before it is delivered.
import { CRYPTLEX_DEFAULTS, cryptlexSettings, type CryptlexSettings } from '../../../shared/api/vendors/cryptlex.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { checkRsaPublicKey } from '../public-key-check.ts';
import { cryptlexStandInDeviceId } from '../../../shared/formats/foreign.ts';
import { MAX_CRYPTLEX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { createCryptlexConnector } from './cryptlex-connector.ts';
import { t } from '../../../shared/i18n/index.ts';

type Stored = TransportSettings & CryptlexSettings;

/** A Cryptlex key or fingerprint is 1 to 256 printable ASCII characters (the connector sends nothing else). */
const PRINTABLE = /^[\x21-\x7e]{1,256}$/;
const STAND_IN_PREFIX = cryptlexStandInDeviceId('');

function seatReturnProblem(licenseKey: string, deviceId: string): string | null {
  // A bare LexActivator request file hides its fingerprint: its request was queued under a stand-in id, which no activation has.
  if (deviceId.startsWith(STAND_IN_PREFIX)) {
    return t('cryptlex:descriptor.seatReturnHiddenFingerprint');
  }
  if (!PRINTABLE.test(licenseKey)) return t('cryptlex:descriptor.seatReturnBadKey');
  if (!PRINTABLE.test(deviceId)) return t('cryptlex:descriptor.seatReturnBadDevice');
  return null;
}

export const cryptlexVendor: VendorDescriptor<'cryptlex', Stored> = {
  id: 'cryptlex',
  names: { connection: 'Cryptlex', request: 'Cryptlex' },
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  verifies: "Each offline response's RS256 signature with the product's public key (when given), that it is for the request's licence, and its validity.",
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  artifacts: '<device>-cryptlex-response.dat (offline response; a bare request file is named by its request id); <device>-cryptlex-deactivation.json for a release.',
  serves: { formats: ['cryptlex-offline'], hints: ['cryptlex'] },
  // The Web API deactivates an activation by id (POST /v3/activations/{id}/deactivate), found by its fingerprint.
  seatReturn: { supported: true, problem: seatReturnProblem },
  envelopeVendor: 'cryptlex',
  secret: {
    get name() {
      return t('cryptlex:descriptor.secretName');
    },
    needed: () => true,
  },
  lookupSecret: {
    get name() {
      return t('cryptlex:descriptor.lookupSecretName');
    },
  },
  single: false,
  defaults: { baseUrl: '', ...CRYPTLEX_DEFAULTS },
  check: async (input) => {
    if (input.productPublicKeyPem) await checkRsaPublicKey(input.productPublicKeyPem, t('cryptlex:descriptor.productKeyLabel'));
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
