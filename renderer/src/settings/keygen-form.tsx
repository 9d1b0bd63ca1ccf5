// Settings for Keygen: the account's verify key, how the kiosk authenticates, the machine files'
// options, and how strictly Keygen's answers are checked.
import { KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS, KEYGEN_DEFAULT_TTL_SECONDS, keygenConnectionInput, type KeygenSettings } from '../../../shared/api/vendors/keygen.ts';
import { t } from '../../../shared/i18n/index.ts';
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
  get help() {
    return t('settings:vendors.keygen.help');
  },
  baseUrl: {
    get hint() {
      return t('settings:vendors.keygen.baseUrlHint');
    },
    placeholder: 'https://api.keygen.sh/v1/accounts/…',
  },
  secret: {
    get label() {
      return t('settings:vendors.keygen.secret');
    },
    get hint() {
      return t('settings:vendors.keygen.secretHint');
    },
  },
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
        label={t('settings:vendors.keygen.verifyKey')}
        hint={t('settings:vendors.keygen.verifyKeyHint')}
        error={errors.publicKeyHex}
      >
        {(props) => <textarea {...props} className="mono" rows={fields.publicKeyHex.startsWith('-----') ? 6 : 2} spellCheck={false} autoComplete="off" value={fields.publicKeyHex} onChange={(e) => change('publicKeyHex', e.currentTarget.value)} />}
      </TextField>
      <div className="field">
        <label htmlFor="keygen-auth">{t('settings:vendors.keygen.auth')}</label>
        <select id="keygen-auth" value={fields.auth} onChange={(e) => change('auth', e.currentTarget.value as Fields['auth'])}>
          <option value="license-key">{t('settings:vendors.keygen.authLicenseKey')}</option>
          <option value="token">{t('settings:vendors.keygen.authToken')}</option>
        </select>
        <p className="field-hint">{t('settings:vendors.keygen.authHint')}</p>
      </div>
      <div className="field">
        <label htmlFor="keygen-lifetime">{t('settings:vendors.keygen.lifetime')}</label>
        <select id="keygen-lifetime" data-testid="keygen-lifetime" value={fields.lifetime} onChange={(e) => change('lifetime', e.currentTarget.value as Lifetime)}>
          <option value="default">{t('settings:vendors.keygen.lifetimeDefault')}</option>
          <option value="custom">{t('settings:vendors.keygen.lifetimeCustom')}</option>
          <option value="none">{t('settings:vendors.keygen.lifetimeNone')}</option>
        </select>
        {fields.lifetime === 'none' ? (
          <p className="note note-warn" role="alert" data-testid="keygen-no-expiry-warning">
            {t('settings:vendors.keygen.noExpiryWarning')}
          </p>
        ) : null}
      </div>
      {fields.lifetime === 'custom' ? (
        <TextField label={t('settings:vendors.keygen.lifetimeSeconds')} hint={t('settings:vendors.keygen.lifetimeSecondsHint')} error={errors.checkoutTtlSeconds}>
          {(props) => <input {...props} type="number" min={3600} value={fields.checkoutTtlSeconds} onChange={(e) => change('checkoutTtlSeconds', e.currentTarget.value)} />}
        </TextField>
      ) : errors.checkoutTtlSeconds ? (
        <p className="field-error">{errors.checkoutTtlSeconds}</p>
      ) : null}
      <label className="check-field">
        <input type="checkbox" checked={fields.encrypt} onChange={(e) => change('encrypt', e.currentTarget.checked)} /> {t('settings:vendors.keygen.encrypt')}
      </label>
      <label className="check-field">
        <input type="checkbox" checked={fields.verifyResponseSignatures} onChange={(e) => change('verifyResponseSignatures', e.currentTarget.checked)} /> {t('settings:vendors.keygen.verifySignatures')}
      </label>
      {errors.verifyResponseSignatures ? <p className="field-error">{errors.verifyResponseSignatures}</p> : null}
      <TextField
        label={t('settings:vendors.keygen.clockSkew')}
        hint={t('settings:vendors.keygen.clockSkewHint')}
        error={errors.clockSkewSeconds}
      >
        {(props) => <input {...props} type="number" min={0} max={86400} value={fields.clockSkewSeconds} onChange={(e) => change('clockSkewSeconds', e.currentTarget.value)} />}
      </TextField>
    </>
  ),
};
