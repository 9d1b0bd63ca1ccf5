// Keygen air-gapped activation: the vendor's part of the contract (stored settings, defaults, the
// connection input and view). Main: electron/connectors/keygen/.
import { t } from '../../i18n/index.ts';
import { z } from 'zod';
import { commonConnectionFields, vendorView } from '../connection-fields.ts';

/** Keygen's own machine-file lifetime when none is asked for: one month, in seconds. */
export const KEYGEN_DEFAULT_TTL_SECONDS = 2_629_746;
export const KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS = 300;

/** What a Keygen connection stores besides its address (and what the renderer sees of it). */
export const keygenSettings = z.object({
  /** The account's verify key: Ed25519 as 64 hex characters, or an RSA/ECDSA PEM. (The name predates PEM keys.) */
  publicKeyHex: z.string(),
  auth: z.enum(['license-key', 'token']),
  /**
   * Machine-file lifetime in seconds, sent to Keygen as `ttl`; null: files without expiry, chosen
   * explicitly (since schema 6; before it null meant "none entered", and migration 6 set those to the default).
   */
  checkoutTtlSeconds: z.number().int().nullable(),
  encrypt: z.boolean(),
  verifyResponseSignatures: z.boolean(),
  /** How far Keygen's clock (the answers' Date) and the files' issued/expiry may be from this laptop's. */
  clockSkewSeconds: z.number().int(),
});
export type KeygenSettings = z.output<typeof keygenSettings>;
export const KEYGEN_DEFAULTS: KeygenSettings = {
  publicKeyHex: '',
  auth: 'license-key',
  checkoutTtlSeconds: KEYGEN_DEFAULT_TTL_SECONDS,
  encrypt: true,
  verifyResponseSignatures: true,
  clockSkewSeconds: KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS,
};

/**
 * Whether the verify key is an Ed25519 key, the only kind Keygen signs its answers with: 64 hex
 * characters, or a PEM whose DER starts with the Ed25519 SubjectPublicKeyInfo header (302a300506032b6570032100).
 */
export function isEd25519VerifyKey(text: string): boolean {
  const clean = text.trim();
  return /^[0-9a-fA-F]{64}$/.test(clean) || /^-----BEGIN PUBLIC KEY-----\s*MCowBQYDK2VwAyEA/.test(clean);
}

export const keygenConnectionInput = z
  .object({
    ...commonConnectionFields,
    vendor: z.literal('keygen'),
    publicKeyHex: z
      .string()
      .trim()
      .max(20000)
      .refine(
        (v) => /^[0-9a-fA-F]{64}$/.test(v) || /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(v),
        { error: () => t('contract:vendors.keygenKey') },
      ),
    auth: keygenSettings.shape.auth.default(KEYGEN_DEFAULTS.auth),
    /** Left out: the connection's lifetime so far, or Keygen's default for a new one; null: no expiry. */
    checkoutTtlSeconds: z.number().int().min(3600, { error: () => t('contract:vendors.keygenTtl') }).max(315_360_000).nullable().optional(),
    encrypt: z.boolean().default(KEYGEN_DEFAULTS.encrypt),
    /** Left out: the connection's choice so far; for a new one, on whenever the key can check them. */
    verifyResponseSignatures: z.boolean().optional(),
    clockSkewSeconds: z.number().int().min(0, { error: () => t('contract:vendors.keygenSkewMin') }).max(86_400, { error: () => t('contract:vendors.keygenSkewMax') }).optional(),
  })
  .refine((v) => !v.verifyResponseSignatures || isEd25519VerifyKey(v.publicKeyHex), {
    path: ['verifyResponseSignatures'],
    error: () => t('contract:vendors.keygenVerify'),
  });

export const keygenConnectionView = vendorView('keygen', keygenSettings);
