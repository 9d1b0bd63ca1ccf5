// The parts every vendor's connection shares, for the contract and the vendors' own schemas in
// ./vendors/ (each vendor's input and view are built from these, so the transport rules are one).
import { t } from '../i18n/index.ts';
import { z } from 'zod';

export const baseUrlField = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { error: () => t('contract:connection.baseUrl') });

export const commonConnectionFields = {
  /** Edit this connection; without it a new one is added (generic: the one engineer connection is updated). */
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1, { error: () => t('contract:connectionName.empty') }).max(100),
  /** Write-only API token; omitted or empty keeps the stored one. */
  secret: z
    .string()
    .trim()
    .max(4096, { error: () => t('contract:connection.tokenLong') })
    .refine((v) => !/[\p{Cc}\s]/u.test(v), { error: () => t('contract:connection.tokenSpaces') })
    .optional(),
  /** Send to a plain http:// address other than this computer, unencrypted (otherwise refused). */
  allowInsecureHttp: z.boolean().default(false),
  baseUrl: baseUrlField,
};

/** What the renderer sees of every connection, whatever its vendor; `settings` holds the vendor's own. */
export const commonViewFields = {
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  isDemo: z.boolean(),
  isDefault: z.boolean(),
  /** An API token is in the secret store for this connection (never sent back). */
  hasSecret: z.boolean(),
  /** One sentence: where secrets are kept and whether they are encrypted. */
  secretStorage: z.string(),
  /** The engineer allowed plain http:// to this (non-loopback) address. */
  allowInsecureHttp: z.boolean(),
  /** Why sync does not use this connection now (unencrypted http, no token for its address), or null. */
  problem: z.string().nullable(),
};

/** A vendor's connection view: the common fields, its id and its stored settings (no secrets, no transport). */
export function vendorView<V extends string, S extends z.ZodObject>(vendor: V, settings: S) {
  return z.object({ ...commonViewFields, vendor: z.literal(vendor), settings });
}

/** An RSA public key pasted in PEM form (the line main checks further at save); `message` is read when the check fails. */
export const pemField = (message: () => string) =>
  z
    .string()
    .trim()
    .max(20000)
    .refine((v) => v.includes('-----BEGIN PUBLIC KEY-----'), { error: message }); // ui-text-ok: the PEM header, a format's own token
