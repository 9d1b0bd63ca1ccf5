// Settings for LicenseSpring: LicenseSpring's server public key that verifies licence files, a product
// code for Test connection, and the shared key, which the form joins with the API key (the secret
// field) into the connection's one secret.
import { licenseSpringConnectionInput, licenseSpringSecret } from '../../../shared/api/vendors/licensespring.ts';
import { t } from '../../../shared/i18n/index.ts';
import { TextField } from './text-field.tsx';
import { PEM_PLACEHOLDER, type VendorForm } from './vendor-form.ts';

type Fields = { sharedKey: string; publicKeyPem: string; healthProductCode: string };

export const licenseSpringForm: VendorForm<'licensespring', Fields> = {
  vendor: 'licensespring',
  label: 'LicenseSpring',
  get help() {
    return t('settings:vendors.licensespring.help');
  },
  baseUrl: {
    get hint() {
      return t('settings:vendors.licensespring.baseUrlHint');
    },
    placeholder: 'https://api.licensespring.com',
  },
  secret: {
    get label() {
      return t('settings:vendors.licensespring.secret');
    },
    get hint() {
      return t('settings:vendors.licensespring.secretHint');
    },
  },
  schema: licenseSpringConnectionInput,
  empty: { sharedKey: '', publicKeyPem: '', healthProductCode: '' },
  fromView: (s) => ({ sharedKey: '', publicKeyPem: s.publicKeyPem, healthProductCode: s.healthProductCode }),
  toInput: (common, fields) => {
    const { secret: apiKey, ...rest } = common;
    // Either key typed makes a new secret; one left empty is refused by the schema with a sentence.
    const secret = apiKey || fields.sharedKey.trim() ? { secret: licenseSpringSecret(apiKey ?? '', fields.sharedKey) } : {};
    return { ...rest, ...secret, vendor: 'licensespring', publicKeyPem: fields.publicKeyPem, healthProductCode: fields.healthProductCode };
  },
  Fields: ({ fields, change, errors }) => (
    <>
      <TextField label={t('settings:vendors.licensespring.publicKey')} hint={t('settings:vendors.licensespring.publicKeyHint')} error={errors.publicKeyPem}>
        {(props) => <textarea {...props} className="mono" rows={6} spellCheck={false} placeholder={PEM_PLACEHOLDER} value={fields.publicKeyPem} onChange={(e) => change('publicKeyPem', e.currentTarget.value)} />}
      </TextField>
      <TextField label={t('settings:vendors.licensespring.productCode')} hint={t('settings:vendors.licensespring.productCodeHint')} error={errors.healthProductCode}>
        {(props) => <input {...props} type="text" autoComplete="off" value={fields.healthProductCode} onChange={(e) => change('healthProductCode', e.currentTarget.value)} />}
      </TextField>
      <TextField label={t('settings:vendors.licensespring.sharedKey')} hint={t('settings:vendors.licensespring.sharedKeyHint')} error={errors.secret}>
        {(props) => <input {...props} type="password" autoComplete="new-password" spellCheck={false} value={fields.sharedKey} onChange={(e) => change('sharedKey', e.currentTarget.value)} data-testid="licensespring-shared-key" />}
      </TextField>
    </>
  ),
};
