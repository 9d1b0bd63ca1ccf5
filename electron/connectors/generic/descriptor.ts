// The plain licence API (seed 004, and the built-in demo, which is a generic connection whose settings
// come from the demo service): JSON answers signed with the vendor's RSA key.
import { GENERIC_DEFAULTS, genericSettings, type GenericSettings } from '../../../shared/api/vendors/generic.ts';
import type { TransportSettings } from '../../store/connection-store.ts';
import { LICENSE_KEY_PATTERN, MACHINE_ID_PATTERN } from '../../../shared/formats/request.ts';
import { pickFields, type VendorDescriptor } from '../descriptor.ts';
import { checkRsaPublicKey } from '../public-key-check.ts';
import { createGenericConnector } from './generic-connector.ts';
import { t } from '../../../shared/i18n/index.ts';

type Stored = TransportSettings & GenericSettings;

export const genericVendor: VendorDescriptor<'generic', Stored> = {
  id: 'generic',
  // Its keys are XXXXX-XXXXX-… in capitals (the request form uppercases them too).
  licenseKeyCase: 'upper',
  names: {
    get connection() {
      return t('licenseApi:descriptor.connectionName');
    },
    get request() {
      return t('licenseApi:descriptor.requestName');
    },
  },
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  verifies: "Each answer's RSA signature over its canonical JSON with the vendor's public key, and that it is for the request's licence key and machine.",
  // ui-text-ok: developer documentation of the descriptor, shown on no screen
  artifacts: 'activation-<device>-<machine id>.json (deactivation-… for a release): the signed answer.',
  serves: { formats: ['seed004-json'], hints: ['seed004'] },
  // POST /license/deactivate takes the licence key and machine id alone.
  seatReturn: {
    supported: true,
    problem: (key, machine) =>
      !LICENSE_KEY_PATTERN.test(key)
        ? t('licenseApi:descriptor.seatReturnBadKey')
        : !MACHINE_ID_PATTERN.test(machine)
          ? t('licenseApi:descriptor.seatReturnBadMachine')
          : null,
  },
  envelopeVendor: 'seed004',
  secret: null,
  single: true,
  defaults: { baseUrl: '', ...GENERIC_DEFAULTS },
  check: (input) => checkRsaPublicKey(input.publicKeyPem),
  toSaved: (input, _previous, transport) => ({ ...transport, publicKeyPem: input.publicKeyPem }),
  connector: (settings, { gate }) => createGenericConnector({ ...settings, gate }),
  view: (settings) => ({ vendor: 'generic', settings: pickFields<GenericSettings>(genericSettings.shape, settings) }),
};
