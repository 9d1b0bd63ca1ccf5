// Keygen air-gapped activation: machine files checked out for the device's fingerprint, signed with
// the account's verify key (Ed25519, RSA or ECDSA), encrypted with the licence key when asked.
import { isEd25519VerifyKey, KEYGEN_DEFAULTS, keygenSettings, type KeygenSettings } from '../../../shared/api/vendors/keygen.ts';
import { t } from '../../../shared/i18n/index.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { createKeygenConnector } from './keygen-connector.ts';
import { checkSignedKey } from './signed-key.ts';

type Stored = TransportSettings & KeygenSettings;

export const keygenVendor: VendorDescriptor<'keygen', Stored> = {
  id: 'keygen',
  names: { connection: 'Keygen', request: 'Keygen' },
  get verifies() {
    return t('keygen:descriptor.verifies');
  },
  get artifacts() {
    return t('keygen:descriptor.artifacts');
  },
  kinds: ['activate', 'deactivate', 'refresh', 'license-file'],
  serves: { formats: ['keygen-qr'], hints: ['keygen'] },
  // The machine is looked up by fingerprint and deleted (DELETE /machines/{id}); the signed answer is the proof.
  seatReturn: { supported: true },
  envelopeVendor: 'keygen',
  secret: {
    get name() {
      return t('keygen:descriptor.secret');
    },
    needed: (settings) => settings.auth === 'token',
  },
  single: false,
  defaults: { baseUrl: '', ...KEYGEN_DEFAULTS },
  check: async () => undefined,
  toSaved: (input, previous, transport) => ({
    ...transport,
    // An Ed25519 key is hex (stored in one case); an RSA or ECDSA key is a PEM, kept as pasted.
    publicKeyHex: input.publicKeyHex.startsWith('-----') ? input.publicKeyHex : input.publicKeyHex.toLowerCase(),
    auth: input.auth,
    // Left out, a setting keeps its value (null included: "no expiry" was chosen) or takes the default.
    checkoutTtlSeconds: input.checkoutTtlSeconds === undefined ? (previous ? previous.checkoutTtlSeconds : KEYGEN_DEFAULTS.checkoutTtlSeconds) : input.checkoutTtlSeconds,
    encrypt: input.encrypt,
    // Keygen signs answers with the Ed25519 key only: a new connection holding an RSA or ECDSA key starts with checking off.
    verifyResponseSignatures: input.verifyResponseSignatures ?? previous?.verifyResponseSignatures ?? isEd25519VerifyKey(input.publicKeyHex),
    clockSkewSeconds: input.clockSkewSeconds ?? previous?.clockSkewSeconds ?? KEYGEN_DEFAULTS.clockSkewSeconds,
  }),
  connector: (s, { secrets, secretId, gate }) =>
    createKeygenConnector(
      { baseUrl: s.baseUrl, publicKeyHex: s.publicKeyHex, auth: s.auth, tokenSecretId: s.auth === 'token' ? secretId : null, checkoutTtlSeconds: s.checkoutTtlSeconds, encrypt: s.encrypt, verifyResponseSignatures: s.verifyResponseSignatures, clockSkewSeconds: s.clockSkewSeconds },
      { secrets, gate },
    ),
  checkLicenseKey: (licenseKey, settings, source) => checkSignedKey(licenseKey, settings?.publicKeyHex.trim() || null, source),
  view: (settings) => ({ vendor: 'keygen', settings: pickFields<KeygenSettings>(keygenSettings.shape, settings) }),
};
