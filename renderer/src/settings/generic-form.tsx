// Settings for a plain licence API (seed 004): its RSA public key.
import { genericConnectionInput } from '../../../shared/api/vendors/generic.ts';
import { TextField } from './text-field.tsx';
import type { VendorForm } from './vendor-form.ts';

type Fields = { publicKeyPem: string };

export const genericForm: VendorForm<'generic', Fields> = {
  vendor: 'generic',
  label: 'Licence API (JSON)',
  help: 'A plain licence API that signs its JSON answers with an RSA key (licence API and kiosk request files).',
  baseUrl: { hint: "The licensing API's address, starting with https://", placeholder: 'https://licensing.example.com/api' },
  secret: null,
  schema: genericConnectionInput,
  empty: { publicKeyPem: '' },
  fromView: (settings) => ({ publicKeyPem: settings.publicKeyPem }),
  toInput: (common, fields) => ({ ...common, vendor: 'generic', publicKeyPem: fields.publicKeyPem }),
  Fields: ({ fields, change, errors }) => (
    <TextField label="Vendor public key (PEM)" hint="Paste the whole key, including the -----BEGIN PUBLIC KEY----- and -----END PUBLIC KEY----- lines." error={errors.publicKeyPem}>
      {(props) => (
        <textarea
          {...props}
          className="mono"
          rows={7}
          spellCheck={false}
          placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
          value={fields.publicKeyPem}
          onChange={(e) => change('publicKeyPem', e.currentTarget.value)}
        />
      )}
    </TextField>
  ),
};
