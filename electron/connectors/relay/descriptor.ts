// A kiosk relay: requests of every vendor form go to the company's relay, which holds the vendor
// tokens, policy and audit; the kiosk keeps only its own signing key and the pinned vendor keys.
import { RELAY_DEFAULTS, relaySettings, type RelaySettings } from '../../../shared/api/vendors/relay.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { REQUEST_KINDS } from '../../../shared/formats/kiosk-request.ts';
import { createRelayConnector, enrolWithRelay } from './relay-connector.ts';

type Stored = TransportSettings & RelaySettings;

export const relayVendor: VendorDescriptor<'relay', Stored> = {
  id: 'relay',
  names: { connection: 'kiosk relay', request: 'a kiosk relay' },
  verifies: "Every answer again on this kiosk with the vendor keys the relay named at enrolment (each vendor's own checks), so a relay cannot forge an artifact; calls to the relay are signed with this kiosk's own key.",
  artifacts: "As the vendor's own connection names them.",
  kinds: REQUEST_KINDS,
  // It serves no form by itself: routing sends it the forms of the vendors it carries.
  serves: { formats: [], hints: [] },
  // The relay's wire protocol carries device requests only; a seat return without the device is the operator's.
  seatReturn: {
    supported: false,
    why: "Seat returns for a device that is not here do not go through the company's relay yet: ask the relay's operator to return the seat, or bring the device's own deactivation request.",
  },
  envelopeVendor: 'relay',
  secret: { name: 'enrolment code', needed: () => true },
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
