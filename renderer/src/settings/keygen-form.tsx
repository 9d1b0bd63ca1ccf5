// Settings for Keygen: the account's verify key, how the kiosk authenticates, and the machine files' options.
import { keygenConnectionInput, type KeygenSettings } from '../../../shared/api/vendors/keygen.ts';
import { TextField } from './text-field.tsx';
import { wholeNumber, type VendorForm } from './vendor-form.ts';

type Fields = { publicKeyHex: string; auth: KeygenSettings['auth']; checkoutTtlSeconds: string; encrypt: boolean; verifyResponseSignatures: boolean };

export const keygenForm: VendorForm<'keygen', Fields> = {
  vendor: 'keygen',
  label: 'Keygen',
  help: 'Keygen air-gapped activation: machine files signed with your account’s Ed25519 key (Keygen QR codes).',
  baseUrl: { hint: 'Your account’s API base: https://api.keygen.sh/v1/accounts/<account id or slug>', placeholder: 'https://api.keygen.sh/v1/accounts/…' },
  secret: { label: 'API token', hint: 'Needed only for token authentication. Kept in the secret store, never shown again.' },
  schema: keygenConnectionInput,
  empty: { publicKeyHex: '', auth: 'license-key', checkoutTtlSeconds: '', encrypt: true, verifyResponseSignatures: false },
  fromView: (s) => ({
    publicKeyHex: s.publicKeyHex,
    auth: s.auth,
    checkoutTtlSeconds: s.checkoutTtlSeconds != null ? String(s.checkoutTtlSeconds) : '',
    encrypt: s.encrypt,
    verifyResponseSignatures: s.verifyResponseSignatures,
  }),
  toInput: (common, fields) => ({
    ...common,
    vendor: 'keygen',
    publicKeyHex: fields.publicKeyHex,
    auth: fields.auth,
    checkoutTtlSeconds: wholeNumber(fields.checkoutTtlSeconds) ?? null,
    encrypt: fields.encrypt,
    verifyResponseSignatures: fields.verifyResponseSignatures,
  }),
  Fields: ({ fields, change, errors }) => (
    <>
      <TextField
        label="Account verify key"
        hint="Keygen → Settings → Public keys: the 64-character Ed25519 key, or the RSA or ECDSA public key (PEM) when machine files are signed with RSA or ECDSA; machine files are checked with it."
        error={errors.publicKeyHex}
      >
        {(props) => <textarea {...props} className="mono" rows={fields.publicKeyHex.startsWith('-----') ? 6 : 2} spellCheck={false} autoComplete="off" value={fields.publicKeyHex} onChange={(e) => change('publicKeyHex', e.currentTarget.value)} />}
      </TextField>
      <div className="field">
        <label htmlFor="keygen-auth">Authentication</label>
        <select id="keygen-auth" value={fields.auth} onChange={(e) => change('auth', e.currentTarget.value as Fields['auth'])}>
          <option value="license-key">Each request’s licence key</option>
          <option value="token">An activation or product token</option>
        </select>
        <p className="field-hint">Licence-key authentication needs no token, if your policy allows it; otherwise use a product (prod-…) or activation (activ-…) token.</p>
      </div>
      <TextField label="Machine file lifetime (seconds)" hint="At least 3600; empty for Keygen’s default of one month." error={errors.checkoutTtlSeconds}>
        {(props) => <input {...props} type="number" min={3600} value={fields.checkoutTtlSeconds} onChange={(e) => change('checkoutTtlSeconds', e.currentTarget.value)} />}
      </TextField>
      <label className="check-field">
        <input type="checkbox" checked={fields.encrypt} onChange={(e) => change('encrypt', e.currentTarget.checked)} /> Encrypt machine files with the licence key and fingerprint (as Keygen’s example device expects)
      </label>
      <label className="check-field">
        <input type="checkbox" checked={fields.verifyResponseSignatures} onChange={(e) => change('verifyResponseSignatures', e.currentTarget.checked)} /> Also verify Keygen’s response signatures (Keygen-Signature, Digest)
      </label>
    </>
  ),
};
