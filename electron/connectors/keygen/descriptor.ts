// Keygen air-gapped activation: machine files checked out for the device's fingerprint, signed with
// the account's verify key (Ed25519, RSA or ECDSA), encrypted with the licence key when asked.
import { KEYGEN_DEFAULTS, keygenSettings, type KeygenSettings } from '../../../shared/api/vendors/keygen.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { createKeygenConnector } from './keygen-connector.ts';
import { checkSignedKey } from './signed-key.ts';

type Stored = TransportSettings & KeygenSettings;

export const keygenVendor: VendorDescriptor<'keygen', Stored> = {
  id: 'keygen',
  names: { connection: 'Keygen', request: 'Keygen' },
  verifies: "Each machine file's signature with the account's verify key, that it is for the request's licence and fingerprint, and its expiry; Keygen's response signatures too when asked.",
  artifacts: '<device>-machine.lic (machine file); <device>-deactivation.json for a release.',
  serves: { formats: ['keygen-qr'], hints: ['keygen'] },
  envelopeVendor: 'keygen',
  secret: { name: 'API token', needed: (settings) => settings.auth === 'token' },
  single: false,
  defaults: { baseUrl: '', ...KEYGEN_DEFAULTS },
  check: async () => undefined,
  toSaved: (input, previous, transport) => ({
    ...transport,
    // An Ed25519 key is hex (stored in one case); an RSA or ECDSA key is a PEM, kept as pasted.
    publicKeyHex: input.publicKeyHex.startsWith('-----') ? input.publicKeyHex : input.publicKeyHex.toLowerCase(),
    auth: input.auth,
    checkoutTtlSeconds: input.checkoutTtlSeconds === undefined ? (previous?.checkoutTtlSeconds ?? KEYGEN_DEFAULTS.checkoutTtlSeconds) : input.checkoutTtlSeconds,
    encrypt: input.encrypt,
    verifyResponseSignatures: input.verifyResponseSignatures,
  }),
  connector: (s, { secrets, secretId, gate }) =>
    createKeygenConnector(
      { baseUrl: s.baseUrl, publicKeyHex: s.publicKeyHex, auth: s.auth, tokenSecretId: s.auth === 'token' ? secretId : null, checkoutTtlSeconds: s.checkoutTtlSeconds, encrypt: s.encrypt, verifyResponseSignatures: s.verifyResponseSignatures },
      { secrets, gate },
    ),
  checkLicenseKey: (licenseKey, settings, source) => checkSignedKey(licenseKey, settings?.publicKeyHex.trim() || null, source),
  view: (settings) => ({ vendor: 'keygen', settings: pickFields<KeygenSettings>(keygenSettings.shape, settings) }),
};
