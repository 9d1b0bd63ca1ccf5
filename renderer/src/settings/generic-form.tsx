// Settings for a plain licence API (seed 004): its RSA public key.
import { genericConnectionInput } from '../../../shared/api/vendors/generic.ts';
import { t } from '../../../shared/i18n/index.ts';
import { TextField } from './text-field.tsx';
import { PEM_PLACEHOLDER, type VendorForm } from './vendor-form.ts';

type Fields = { publicKeyPem: string };

export const genericForm: VendorForm<'generic', Fields> = {
  vendor: 'generic',
  get label() {
    return t('settings:vendors.generic.label');
  },
  get help() {
    return t('settings:vendors.generic.help');
  },
  baseUrl: {
    get hint() {
      return t('settings:vendors.generic.baseUrlHint');
    },
    placeholder: 'https://licensing.example.com/api',
  },
  secret: null,
  schema: genericConnectionInput,
  empty: { publicKeyPem: '' },
  fromView: (settings) => ({ publicKeyPem: settings.publicKeyPem }),
  toInput: (common, fields) => ({ ...common, vendor: 'generic', publicKeyPem: fields.publicKeyPem }),
  Fields: ({ fields, change, errors }) => (
    <TextField label={t('settings:vendors.generic.publicKey')} hint={t('settings:vendors.generic.publicKeyHint')} error={errors.publicKeyPem}>
      {(props) => (
        <textarea
          {...props}
          className="mono"
          rows={7}
          spellCheck={false}
          placeholder={PEM_PLACEHOLDER}
          value={fields.publicKeyPem}
          onChange={(e) => change('publicKeyPem', e.currentTarget.value)}
        />
      )}
    </TextField>
  ),
};
