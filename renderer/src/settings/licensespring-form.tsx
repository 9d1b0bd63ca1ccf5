// Settings for LicenseSpring: LicenseSpring's server public key that verifies licence files, a product
// code for Test connection, and the shared key, which the form joins with the API key (the secret
// field) into the connection's one secret.
import { licenseSpringConnectionInput, licenseSpringSecret } from '../../../shared/api/vendors/licensespring.ts';
import { TextField } from './text-field.tsx';
import type { VendorForm } from './vendor-form.ts';

type Fields = { sharedKey: string; publicKeyPem: string; healthProductCode: string };

export const licenseSpringForm: VendorForm<'licensespring', Fields> = {
  vendor: 'licensespring',
  label: 'LicenseSpring',
  help: 'LicenseSpring offline activation: answers the SDK’s request files (activate_offline.req, deactivate_offline.req) with ls_activation.lic.',
  baseUrl: { hint: 'https://api.licensespring.com, or your dedicated instance.', placeholder: 'https://api.licensespring.com' },
  secret: { label: 'API key', hint: 'LicenseSpring → Settings → Keys. Kept in the secret store with the shared key, never shown again; type both to replace them.' },
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
      <TextField label="LicenseSpring public key (PEM)" hint="The server public key from LicenseSpring's docs: every licence file is verified with it before export." error={errors.publicKeyPem}>
        {(props) => <textarea {...props} className="mono" rows={6} spellCheck={false} placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'} value={fields.publicKeyPem} onChange={(e) => change('publicKeyPem', e.currentTarget.value)} />}
      </TextField>
      <TextField label="Product code for Test connection (optional)" hint="A product short code: Test connection asks LicenseSpring about it to check the keys, without activating anything." error={errors.healthProductCode}>
        {(props) => <input {...props} type="text" autoComplete="off" value={fields.healthProductCode} onChange={(e) => change('healthProductCode', e.currentTarget.value)} />}
      </TextField>
      <TextField label="Shared key" hint="The company's shared key (same page as the API key): it signs every call. Kept only in the secret store." error={errors.secret}>
        {(props) => <input {...props} type="password" autoComplete="new-password" spellCheck={false} value={fields.sharedKey} onChange={(e) => change('sharedKey', e.currentTarget.value)} data-testid="licensespring-shared-key" />}
      </TextField>
    </>
  ),
};
