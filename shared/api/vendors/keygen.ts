// Keygen air-gapped activation: the vendor's part of the contract (stored settings, defaults, the
// connection input and view). Main: electron/connectors/keygen/.
import { z } from 'zod';
import { commonConnectionFields, vendorView } from '../connection-fields.ts';

/** What a Keygen connection stores besides its address (and what the renderer sees of it). */
export const keygenSettings = z.object({
  /** The account's verify key: Ed25519 as 64 hex characters, or an RSA/ECDSA PEM. (The name predates PEM keys.) */
  publicKeyHex: z.string(),
  auth: z.enum(['license-key', 'token']),
  /** Machine-file lifetime in seconds; null: none was entered. */
  checkoutTtlSeconds: z.number().int().nullable(),
  encrypt: z.boolean(),
  verifyResponseSignatures: z.boolean(),
});
export type KeygenSettings = z.output<typeof keygenSettings>;
export const KEYGEN_DEFAULTS: KeygenSettings = { publicKeyHex: '', auth: 'license-key', checkoutTtlSeconds: null, encrypt: true, verifyResponseSignatures: false };

export const keygenConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('keygen'),
  publicKeyHex: z
    .string()
    .trim()
    .max(20000)
    .refine(
      (v) => /^[0-9a-fA-F]{64}$/.test(v) || /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(v),
      "the account's verify key is the 64-character Ed25519 hex key, or a PEM public key (-----BEGIN PUBLIC KEY-----) for RSA or ECDSA (Keygen → Settings → Public keys)",
    ),
  auth: keygenSettings.shape.auth.default(KEYGEN_DEFAULTS.auth),
  checkoutTtlSeconds: z.number().int().min(3600, 'a machine file lives at least 3600 seconds').max(315_360_000).nullable().optional(),
  encrypt: z.boolean().default(KEYGEN_DEFAULTS.encrypt),
  verifyResponseSignatures: z.boolean().default(KEYGEN_DEFAULTS.verifyResponseSignatures),
});

export const keygenConnectionView = vendorView('keygen', keygenSettings);
