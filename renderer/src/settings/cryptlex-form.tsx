// Settings for Cryptlex: how long an offline response stays valid, and the product key that verifies it.
import { cryptlexConnectionInput } from '../../../shared/api/vendors/cryptlex.ts';
import { TextField } from './text-field.tsx';
import { wholeNumber, type VendorForm } from './vendor-form.ts';

type Fields = { responseValiditySeconds: string; productPublicKeyPem: string };

export const cryptlexForm: VendorForm<'cryptlex', Fields> = {
  vendor: 'cryptlex',
  label: 'Cryptlex',
  help: 'Cryptlex offline activation: answers to LexActivator request files (.req).',
  baseUrl: { hint: 'https://api.cryptlex.com, or your regional or self-hosted address.', placeholder: 'https://api.cryptlex.com' },
  secret: { label: 'API token', hint: 'A personal access token with activation:write (and activation:read, license:read). Kept in the secret store, never shown again.' },
  schema: cryptlexConnectionInput,
  empty: { responseValiditySeconds: '', productPublicKeyPem: '' },
  fromView: (s) => ({ responseValiditySeconds: String(s.responseValiditySeconds), productPublicKeyPem: s.productPublicKeyPem }),
  toInput: (common, fields) => {
    const validity = wholeNumber(fields.responseValiditySeconds);
    return { ...common, vendor: 'cryptlex', productPublicKeyPem: fields.productPublicKeyPem, ...(validity !== undefined ? { responseValiditySeconds: validity } : {}) };
  },
  Fields: ({ fields, change, errors }) => (
    <>
      <TextField label="Response validity (seconds)" hint="How long the device may take to import the offline response; empty for 3 days (259200)." error={errors.responseValiditySeconds}>
        {(props) => <input {...props} type="number" min={60} value={fields.responseValiditySeconds} onChange={(e) => change('responseValiditySeconds', e.currentTarget.value)} />}
      </TextField>
      <TextField label="Product public key (PEM, optional)" hint="Cryptlex → Products → your product: with it, signed offline responses are verified before delivery." error={errors.productPublicKeyPem}>
        {(props) => <textarea {...props} className="mono" rows={5} spellCheck={false} value={fields.productPublicKeyPem} onChange={(e) => change('productPublicKeyPem', e.currentTarget.value)} />}
      </TextField>
    </>
  ),
};
