// Settings for "Connect to a relay": the relay's address and the one-time enrolment code from the
// relay operator. Main makes this kiosk's key pair at save; the form only shows what came of it.
import { relayConnectionInput } from '../../../shared/api/vendors/relay.ts';
import { t } from '../../../shared/i18n/index.ts';
import type { VendorForm } from './vendor-form.ts';

type Fields = { engineer: string; pinned: { name: string; vendor: string }[] };

export const relayForm: VendorForm<'relay', Fields> = {
  vendor: 'relay',
  get label() {
    return t('settings:vendors.relay.label');
  },
  get help() {
    return t('settings:vendors.relay.help');
  },
  baseUrl: {
    get hint() {
      return t('settings:vendors.relay.baseUrlHint');
    },
    placeholder: 'https://relay.example.com',
  },
  secret: {
    get label() {
      return t('settings:vendors.relay.secret');
    },
    get hint() {
      return t('settings:vendors.relay.secretHint');
    },
  },
  schema: relayConnectionInput,
  empty: { engineer: '', pinned: [] },
  fromView: (settings) => ({ engineer: settings.engineer, pinned: settings.pinned.map((p) => ({ name: p.name, vendor: p.vendor })) }),
  toInput: (common, _fields) => ({ ...common, vendor: 'relay' }),
  Fields: ({ fields }) => (
    <p className="field-hint" data-testid="relay-enrolment">
      {fields.engineer
        ? t('settings:vendors.relay.enrolled', {
            engineer: fields.engineer,
            connections: fields.pinned.map((p) => `${p.name} (${p.vendor})`).join(', ') || t('settings:vendors.relay.noConnections'),
          })
        : t('settings:vendors.relay.notEnrolled')}
    </p>
  ),
};
