// Settings for Keygen: the account's verify key, how the kiosk authenticates, the machine files'
// options, and how strictly Keygen's answers are checked.
import { KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS, KEYGEN_DEFAULT_TTL_SECONDS, keygenConnectionInput, type KeygenSettings } from '../../../shared/api/vendors/keygen.ts';
import { TextField } from './text-field.tsx';
import { wholeNumber, type VendorForm } from './vendor-form.ts';

/** Keygen's default lifetime, a number of seconds, or files that never expire (an explicit choice). */
type Lifetime = 'default' | 'custom' | 'none';
type Fields = {
  publicKeyHex: string;
  auth: KeygenSettings['auth'];
  lifetime: Lifetime;
  checkoutTtlSeconds: string;
  encrypt: boolean;
  verifyResponseSignatures: boolean;
  clockSkewSeconds: string;
};

function lifetimeOf(ttl: number | null): Lifetime {
  if (ttl === null) return 'none';
  return ttl === KEYGEN_DEFAULT_TTL_SECONDS ? 'default' : 'custom';
}

function ttlOf(fields: Fields): number | null {
  if (fields.lifetime === 'none') return null;
  if (fields.lifetime === 'custom') return wholeNumber(fields.checkoutTtlSeconds) ?? KEYGEN_DEFAULT_TTL_SECONDS;
  return KEYGEN_DEFAULT_TTL_SECONDS;
}

export const keygenForm: VendorForm<'keygen', Fields> = {
  vendor: 'keygen',
  label: 'Keygen',
  help: 'Keygen air-gapped activation: machine files signed with your account’s Ed25519 key (Keygen QR codes).',
  baseUrl: { hint: 'Your account’s API base: https://api.keygen.sh/v1/accounts/<account id or slug>', placeholder: 'https://api.keygen.sh/v1/accounts/…' },
  secret: { label: 'API token', hint: 'Needed only for token authentication. Kept in the secret store, never shown again.' },
  schema: keygenConnectionInput,
  empty: { publicKeyHex: '', auth: 'license-key', lifetime: 'default', checkoutTtlSeconds: '', encrypt: true, verifyResponseSignatures: true, clockSkewSeconds: String(KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS) },
  fromView: (s) => ({
    publicKeyHex: s.publicKeyHex,
    auth: s.auth,
    lifetime: lifetimeOf(s.checkoutTtlSeconds),
    checkoutTtlSeconds: s.checkoutTtlSeconds !== null && s.checkoutTtlSeconds !== KEYGEN_DEFAULT_TTL_SECONDS ? String(s.checkoutTtlSeconds) : '',
    encrypt: s.encrypt,
    verifyResponseSignatures: s.verifyResponseSignatures,
    clockSkewSeconds: String(s.clockSkewSeconds),
  }),
  toInput: (common, fields) => {
    const skew = wholeNumber(fields.clockSkewSeconds);
    return {
      ...common,
      vendor: 'keygen',
      publicKeyHex: fields.publicKeyHex,
      auth: fields.auth,
      checkoutTtlSeconds: ttlOf(fields),
      encrypt: fields.encrypt,
      verifyResponseSignatures: fields.verifyResponseSignatures,
      ...(skew !== undefined ? { clockSkewSeconds: skew } : {}),
    };
  },
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
      <div className="field">
        <label htmlFor="keygen-lifetime">Machine file lifetime</label>
        <select id="keygen-lifetime" data-testid="keygen-lifetime" value={fields.lifetime} onChange={(e) => change('lifetime', e.currentTarget.value as Lifetime)}>
          <option value="default">Keygen’s default: one month</option>
          <option value="custom">A number of seconds</option>
          <option value="none">No expiry</option>
        </select>
        {fields.lifetime === 'none' ? (
          <p className="note note-warn" role="alert" data-testid="keygen-no-expiry-warning">
            Machine files will never expire. Keygen’s air-gapped example device refuses a machine file without an expiry, so devices built on it will not accept these files.
          </p>
        ) : null}
      </div>
      {fields.lifetime === 'custom' ? (
        <TextField label="Machine file lifetime (seconds)" hint="At least 3600 (one hour); empty for Keygen’s default of one month." error={errors.checkoutTtlSeconds}>
          {(props) => <input {...props} type="number" min={3600} value={fields.checkoutTtlSeconds} onChange={(e) => change('checkoutTtlSeconds', e.currentTarget.value)} />}
        </TextField>
      ) : errors.checkoutTtlSeconds ? (
        <p className="field-error">{errors.checkoutTtlSeconds}</p>
      ) : null}
      <label className="check-field">
        <input type="checkbox" checked={fields.encrypt} onChange={(e) => change('encrypt', e.currentTarget.checked)} /> Encrypt machine files with the licence key and fingerprint (as Keygen’s example device expects)
      </label>
      <label className="check-field">
        <input type="checkbox" checked={fields.verifyResponseSignatures} onChange={(e) => change('verifyResponseSignatures', e.currentTarget.checked)} /> Verify Keygen’s response signatures (Keygen-Signature, Digest, Date); needs the Ed25519 key
      </label>
      {errors.verifyResponseSignatures ? <p className="field-error">{errors.verifyResponseSignatures}</p> : null}
      <TextField
        label="Allowed clock difference (seconds)"
        hint="How far Keygen’s clock (each answer’s Date) and the machine files’ issued and expiry times may be from this laptop’s; Test connection shows the difference it measures."
        error={errors.clockSkewSeconds}
      >
        {(props) => <input {...props} type="number" min={0} max={86400} value={fields.clockSkewSeconds} onChange={(e) => change('clockSkewSeconds', e.currentTarget.value)} />}
      </TextField>
    </>
  ),
};
