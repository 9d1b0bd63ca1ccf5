// Settings for Cryptlex: how long an offline response stays valid, and the product key that verifies it.
import { cryptlexConnectionInput } from '../../../shared/api/vendors/cryptlex.ts';
import { t } from '../../../shared/i18n/index.ts';
import { TextField } from './text-field.tsx';
import { wholeNumber, type VendorForm } from './vendor-form.ts';

type Fields = { responseValiditySeconds: string; productPublicKeyPem: string };

export const cryptlexForm: VendorForm<'cryptlex', Fields> = {
  vendor: 'cryptlex',
  label: 'Cryptlex',
  get help() {
    return t('settings:vendors.cryptlex.help');
  },
  baseUrl: {
    get hint() {
      return t('settings:vendors.cryptlex.baseUrlHint');
    },
    placeholder: 'https://api.cryptlex.com',
  },
  secret: {
    get label() {
      return t('settings:vendors.cryptlex.secret');
    },
    get hint() {
      return t('settings:vendors.cryptlex.secretHint');
    },
  },
  schema: cryptlexConnectionInput,
  empty: { responseValiditySeconds: '', productPublicKeyPem: '' },
  fromView: (s) => ({ responseValiditySeconds: String(s.responseValiditySeconds), productPublicKeyPem: s.productPublicKeyPem }),
  toInput: (common, fields) => {
    const validity = wholeNumber(fields.responseValiditySeconds);
    return { ...common, vendor: 'cryptlex', productPublicKeyPem: fields.productPublicKeyPem, ...(validity !== undefined ? { responseValiditySeconds: validity } : {}) };
  },
  Fields: ({ fields, change, errors }) => (
    <>
      <TextField label={t('settings:vendors.cryptlex.validity')} hint={t('settings:vendors.cryptlex.validityHint')} error={errors.responseValiditySeconds}>
        {(props) => <input {...props} type="number" min={60} value={fields.responseValiditySeconds} onChange={(e) => change('responseValiditySeconds', e.currentTarget.value)} />}
      </TextField>
      <TextField label={t('settings:vendors.cryptlex.publicKey')} hint={t('settings:vendors.cryptlex.publicKeyHint')} error={errors.productPublicKeyPem}>
        {(props) => <textarea {...props} className="mono" rows={5} spellCheck={false} value={fields.productPublicKeyPem} onChange={(e) => change('productPublicKeyPem', e.currentTarget.value)} />}
      </TextField>
    </>
  ),
};
