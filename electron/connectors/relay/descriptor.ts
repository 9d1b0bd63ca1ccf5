// A kiosk relay: requests of every vendor form go to the company's relay, which holds the vendor
// tokens, policy and audit; the kiosk keeps only its own signing key and the pinned vendor keys.
import { RELAY_DEFAULTS, relaySettings, type RelaySettings } from '../../../shared/api/vendors/relay.ts';
import { t } from '../../../shared/i18n/index.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { REQUEST_KINDS } from '../../../shared/formats/kiosk-request.ts';
import { createRelayConnector, enrolWithRelay } from './relay-connector.ts';

type Stored = TransportSettings & RelaySettings;

export const relayVendor: VendorDescriptor<'relay', Stored> = {
  id: 'relay',
  names: {
    get connection() {
      return t('connector:relay.names.connection');
    },
    get request() {
      return t('connector:relay.names.request');
    },
  },
  get verifies() {
    return t('connector:relay.verifies');
  },
  get artifacts() {
    return t('connector:relay.artifacts');
  },
  kinds: REQUEST_KINDS,
  // It serves no form by itself: routing sends it the forms of the vendors it carries.
  serves: { formats: [], hints: [] },
  // The relay's wire protocol carries device requests only; a seat return without the device is the operator's.
  seatReturn: {
    supported: false,
    get why() {
      return t('connector:relay.noSeatReturn');
    },
  },
  envelopeVendor: 'relay',
  secret: {
    get name() {
      return t('connector:relay.secret');
    },
    needed: () => true,
  },
  single: false,
  defaults: { baseUrl: '', ...RELAY_DEFAULTS },
  check: async () => undefined,
  // An edit without a new code keeps the enrolment; a new code replaces it at save (exchangeSecret).
  toSaved: (_input, previous, transport) => ({ ...transport, engineer: previous?.engineer ?? '', kioskId: previous?.kioskId ?? '', pinned: previous?.pinned ?? [] }),
  exchangeSecret: async (code, settings) => {
    const enrolled = await enrolWithRelay(settings.baseUrl, code);
    return { settings: { ...settings, ...enrolled.settings }, secret: enrolled.secretKeyHex };
  },
  carries: (settings) => (settings.pinned ?? []).map((p) => p.vendor),
  connector: (settings, { secrets, secretId }) => createRelayConnector(settings, { secrets, secretId }),
  view: (settings) => ({ vendor: 'relay', settings: pickFields<RelaySettings>(relaySettings.shape, settings) }),
};
