// Settings for "Connect to a relay": the relay's address and the one-time enrolment code from the
// relay operator. Main makes this kiosk's key pair at save; the form only shows what came of it.
import { relayConnectionInput } from '../../../shared/api/vendors/relay.ts';
import type { VendorForm } from './vendor-form.ts';

type Fields = { engineer: string; pinned: { name: string; vendor: string }[] };

export const relayForm: VendorForm<'relay', Fields> = {
  vendor: 'relay',
  label: 'Kiosk relay (company)',
  help: "Connect to a relay: your company's relay holds the vendor tokens, policy and audit; this kiosk enrols once with a code and never holds a vendor token.",
  baseUrl: { hint: "The relay's address from your relay operator, starting with https://", placeholder: 'https://relay.example.com' },
  secret: { label: 'Enrolment code', hint: 'The one-time code your relay operator gave you (e.g. ABCD-EFGH-…). Saving spends it; leave it empty to keep this kiosk’s enrolment.' },
  schema: relayConnectionInput,
  empty: { engineer: '', pinned: [] },
  fromView: (settings) => ({ engineer: settings.engineer, pinned: settings.pinned.map((p) => ({ name: p.name, vendor: p.vendor })) }),
  toInput: (common, _fields) => ({ ...common, vendor: 'relay' }),
  Fields: ({ fields }) => (
    <p className="field-hint" data-testid="relay-enrolment">
      {fields.engineer
        ? `Enrolled as ${fields.engineer}. Connections on the relay you may use: ${fields.pinned.map((p) => `${p.name} (${p.vendor})`).join(', ') || 'none'}.`
        : 'Not enrolled yet: enter the relay address and your enrolment code, then save.'}
    </p>
  ),
};
