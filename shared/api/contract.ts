// The contract between renderer and main: every call's input and output, and every event, as zod
// schemas. Main validates every input against these before acting; both transports (Electron IPC and
// the web host) carry exactly these shapes.
import { z } from 'zod';
import type { CallName, EventName } from './methods.ts';
import { REQUEST_STATES } from './states.ts';
import { KioskError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from '../formats/license-key.ts';

/** Files larger than this are refused at capture (the renderer reads one byte more to tell). */
export const MAX_REQUEST_FILE_BYTES = 1024 * 1024;
export const MAX_CAPTURE_ITEMS = 500;
export const CAPTURE_SOURCES = ['file', 'scanner', 'paste', 'camera'] as const;
/** One capture call's JSON stays under this; the renderer splits larger drops into several calls. */
export const MAX_CAPTURE_CALL_BYTES = 24 * 1024 * 1024;
/** What the web host accepts in one HTTP call body (the capture budget plus room for JSON escaping). */
export const MAX_CALL_BODY_BYTES = 64 * 1024 * 1024;

const id = z.string().regex(/^[0-9a-f]{64}$/, 'a request id is 64 hex characters');
export const requestState = z.enum(REQUEST_STATES);

const counts = z.record(requestState, z.number().int());

export const requestSummary = z.object({
  id: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  kind: z.enum(['activate', 'deactivate', 'refresh']),
  sourceName: z.string(),
  licenseKeyMasked: z.string(),
  deviceId: z.string(),
  deviceLabel: z.string().nullable(),
  state: requestState,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  capturedAt: z.string(),
  updatedAt: z.string(),
  responseFileName: z.string().nullable(),
  /** The request came without a licence key (a bare vendor request file): it waits for the engineer. */
  needsLicenseKey: z.boolean(),
  /** The kind of connection the request must go to, as main routes it; null when any connection may serve it. */
  vendor: z.enum(['generic', 'keygen', 'cryptlex']).nullable(),
  /** The connection the engineer chose for this request; null when the kiosk routes it. */
  chosenConnectionId: z.string().nullable(),
  /** When the device stops accepting the request (not sent after that); null: no limit. */
  expiresAt: z.string().nullable(),
  /** When the device stops accepting the response; null: no response yet, or no limit. */
  responseExpiresAt: z.string().nullable(),
  /** The request (while unsent) or its response (while undelivered) is close to or past its validity limit `at`. */
  expiryWarning: z.object({ level: z.enum(['soon', 'expired']), subject: z.enum(['request', 'response']), at: z.string(), message: z.string() }).nullable(),
});

export const historyEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  event: z.string(),
  detail: z.string(),
});

export const requestDetail = requestSummary.extend({
  deviceDetails: z.record(z.string(), z.string()),
  /** Kiosk requests: whether the device's Ed25519 signature verified at capture, or it came unsigned. */
  deviceSignature: z.enum(['verified', 'unsigned']).nullable(),
  history: z.array(historyEntry),
  /** What the engineer may do now; retryRequest and cancelRequest hold to the same rules. */
  actions: z.object({ retry: z.boolean(), cancel: z.boolean() }),
  /**
   * A Keygen signed key (`key/…`): whether its signature verified with the routed connection's verify
   * key, and what its signed dataset says (plain text, never markup). null: not a signed key.
   */
  signedKey: z
    .object({
      status: z.enum(['verified', 'unchecked', 'invalid']),
      message: z.string(),
      licence: z.string().nullable(),
      product: z.string().nullable(),
      expiry: z.string().nullable(),
      dataset: z.string().nullable(),
    })
    .nullable(),
  /** What the device's signed receipt last said about the response (`at`: when the kiosk read it). */
  deviceReceipt: z.object({ outcome: z.enum(['applied', 'refused']), at: z.string(), detail: z.string() }).nullable(),
  response: z
    .object({
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      verifiedAt: z.string(),
      deliveredAt: z.string().nullable(),
      preview: z.string(),
    })
    .nullable(),
});

export const CONNECTION_VENDORS = ['generic', 'keygen', 'cryptlex'] as const;
export const connectionVendor = z.enum(CONNECTION_VENDORS);

/** A connection as the renderer sees it: settings without secrets; `hasSecret` says whether a token is stored. */
export const connectionView = z.object({
  id: z.string(),
  vendor: connectionVendor,
  name: z.string(),
  baseUrl: z.string(),
  /** Generic (licence API JSON) connections: the vendor's RSA public key; empty for other vendors. */
  publicKeyPem: z.string(),
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
  keygen: z
    .object({
      publicKeyHex: z.string(),
      auth: z.enum(['license-key', 'token']),
      checkoutTtlSeconds: z.number().int().nullable(),
      encrypt: z.boolean(),
      verifyResponseSignatures: z.boolean(),
    })
    .nullable(),
  cryptlex: z
    .object({
      responseValiditySeconds: z.number().int(),
      productPublicKeyPem: z.string(),
    })
    .nullable(),
});

const baseUrlField = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'the base URL must start with http:// or https://');

const commonConnectionFields = {
  /** Edit this connection; without it a new one is added (generic: the one engineer connection is updated). */
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1, 'give the connection a name').max(100),
  /** Write-only API token; omitted or empty keeps the stored one. */
  secret: z
    .string()
    .trim()
    .max(4096, 'a token is at most 4096 characters')
    .refine((v) => !/[\p{Cc}\s]/u.test(v), 'the token contains spaces or control characters')
    .optional(),
  /** Send to a plain http:// address other than this computer, unencrypted (otherwise refused). */
  allowInsecureHttp: z.boolean().default(false),
};

export const genericConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('generic'),
  baseUrl: baseUrlField,
  publicKeyPem: z
    .string()
    .trim()
    .max(20000)
    .refine((v) => v.includes('-----BEGIN PUBLIC KEY-----'), 'paste the vendor public key in PEM form (-----BEGIN PUBLIC KEY-----)'),
});

export const keygenConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('keygen'),
  baseUrl: baseUrlField,
  publicKeyHex: z
    .string()
    .trim()
    .max(20000)
    .refine(
      (v) => /^[0-9a-fA-F]{64}$/.test(v) || /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(v),
      "the account's verify key is the 64-character Ed25519 hex key, or a PEM public key (-----BEGIN PUBLIC KEY-----) for RSA or ECDSA (Keygen → Settings → Public keys)",
    ),
  auth: z.enum(['license-key', 'token']).default('license-key'),
  checkoutTtlSeconds: z.number().int().min(3600, 'a machine file lives at least 3600 seconds').max(315_360_000).nullable().optional(),
  encrypt: z.boolean().default(true),
  verifyResponseSignatures: z.boolean().default(false),
});

export const cryptlexConnectionInput = z.object({
  ...commonConnectionFields,
  vendor: z.literal('cryptlex'),
  baseUrl: baseUrlField,
  responseValiditySeconds: z.number().int().min(60, 'a response stays valid at least 60 seconds').max(315_360_000).optional(),
  productPublicKeyPem: z
    .string()
    .trim()
    .max(20000)
    .refine((v) => v === '' || v.includes('-----BEGIN PUBLIC KEY-----'), 'paste the product public key in PEM form (-----BEGIN PUBLIC KEY-----), or leave it empty')
    .optional(),
});

/** Discriminated by vendor; a call without `vendor` is a generic connection (the original form). */
export const connectionInput = z.preprocess(
  (raw) => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !('vendor' in raw) ? { ...raw, vendor: 'generic' } : raw),
  z.discriminatedUnion('vendor', [genericConnectionInput, keygenConnectionInput, cryptlexConnectionInput]),
);
export type ConnectionInputShape =
  | (Omit<z.input<typeof genericConnectionInput>, 'vendor'> & { vendor?: 'generic' })
  | z.input<typeof keygenConnectionInput>
  | z.input<typeof cryptlexConnectionInput>;

export const connectionCheck = z.object({ name: z.string(), ok: z.boolean(), message: z.string() });

const syncSummary = z.object({ attempted: z.number().int(), fulfilled: z.number().int(), failed: z.number().int() });

/** One connection as the sync engine sees it. Times are ISO strings. */
export const syncLane = z.object({
  id: z.string(),
  name: z.string(),
  online: z.boolean().nullable(),
  inFlight: z.number().int(),
  rateLimit: z
    .object({
      limit: z.number().int().nullable(),
      remaining: z.number().int().nullable(),
      resetAt: z.string().nullable(),
      /** Sending waits until then for the API's rate limit (a 429's Retry-After or a used-up window). */
      waitingUntil: z.string().nullable(),
    })
    .nullable(),
});

export const status = z.object({
  connection: connectionView.nullable(),
  online: z.boolean().nullable(),
  syncing: z.boolean(),
  syncProgress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  /** The engineer paused sync: nothing is sent until resumed (kept across restarts). */
  syncPaused: z.boolean(),
  /** The earliest time a waiting request will be tried again. */
  nextRetryAt: z.string().nullable(),
  syncLanes: z.array(syncLane),
  lastSyncAt: z.string().nullable(),
  lastSyncError: z.string().nullable(),
  counts,
  demoAvailable: z.boolean(),
  /** Where the sample request files for the demo are, to show the engineer. */
  samplesDir: z.string(),
  deliverTo: z.enum(['folder', 'download']),
  dataDir: z.string(),
});

/** A verified backup of the database in backups/ of the data folder. */
export const backupView = z.object({ file: z.string(), takenAt: z.string(), requests: z.number().int() });

/**
 * The database as checked at start. 'damaged': the kiosk found it damaged (`problem` says how), kept a
 * copy of the damaged files in `copyPath`, and answers nothing but these storage calls until the
 * engineer restores one of `backups` or starts with an empty database.
 */
export const storageView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), lastBackupAt: z.string().nullable() }),
  z.object({ state: z.literal('damaged'), problem: z.string(), copyPath: z.string(), backups: z.array(backupView) }),
]);

const captureResult = z.object({
  name: z.string(),
  /** 'confirmed' and 'device_refused' answer a device's receipt: nothing is queued. */
  outcome: z.enum(['queued', 'duplicate', 'error', 'confirmed', 'device_refused']),
  requestId: z.string().nullable(),
  message: z.string(),
});

const deliveredFile = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  contentBase64: z.string(),
});

export const calls = {
  capture: {
    input: z.object({
      items: z
        .array(
          z.object({
            name: z.string().max(1000),
            size: z.number().int().nonnegative(),
            // One byte over the limit is enough to tell a file is too large.
            text: z.string().max(MAX_REQUEST_FILE_BYTES + 1),
            /** Where the text came from; a file's name may label the device, a scan's or paste's never does. */
            source: z.enum(CAPTURE_SOURCES).optional(),
          }),
        )
        .min(1, 'choose at least one file')
        .max(MAX_CAPTURE_ITEMS, `at most ${MAX_CAPTURE_ITEMS} files at once`),
    }),
    output: z.object({ results: z.array(captureResult) }),
  },
  listRequests: {
    input: z.object({ states: z.array(requestState).optional(), search: z.string().max(200).optional() }),
    output: z.object({ requests: z.array(requestSummary), counts }),
  },
  getRequest: { input: z.object({ id }), output: requestDetail },
  syncNow: { input: z.object({}), output: syncSummary },
  cancelRequest: { input: z.object({ id }), output: requestSummary },
  retryRequest: { input: z.object({ id }), output: requestSummary },
  chooseConnection: {
    input: z.object({ id, connectionId: z.string().min(1).max(100).nullable() }),
    output: requestSummary,
  },
  setLicenseKey: {
    input: z.object({
      id,
      licenseKey: z
        .string()
        .trim()
        .min(1, 'enter the licence key')
        .max(MAX_LICENSE_KEY_CHARS, 'a licence key is at most 16 KiB')
        .refine((v) => !/\p{Cc}/u.test(v), 'the licence key contains control characters'),
    }),
    output: requestSummary,
  },
  deliver: {
    input: z.object({ ids: z.array(id).min(1, 'choose at least one response').max(1000), to: z.enum(['folder', 'download']) }),
    output: z.object({
      folder: z.string().nullable(),
      written: z.array(z.object({ id: z.string(), fileName: z.string() })),
      files: z.array(deliveredFile),
      problems: z.array(z.object({ id: z.string(), message: z.string() })),
    }),
  },
  /** A response as the single-part UR a device scans (ur:kiosk-response); the renderer animates it. */
  getResponseQr: {
    input: z.object({ id }),
    output: z.object({
      id: z.string(),
      ur: z.string(),
      /** Bytes of the response envelope (the UR's CBOR payload). */
      envelopeBytes: z.number().int(),
      fileName: z.string(),
      deviceLabel: z.string(),
      state: requestState,
    }),
  },
  /** The engineer saw the device take the response from the screen. */
  markDelivered: { input: z.object({ id, via: z.enum(['screen']) }), output: requestSummary },
  getConnection: { input: z.object({}), output: connectionView.nullable() },
  listConnections: { input: z.object({}), output: z.array(connectionView) },
  saveConnection: {
    input: connectionInput,
    /** `notice`: what the save changed beyond the form, e.g. a token cleared because the API address changed. */
    output: connectionView.extend({ notice: z.string().nullable() }),
  },
  removeConnection: { input: z.object({ id: z.string().min(1).max(100) }), output: z.object({ removed: z.string() }) },
  setDefaultConnection: { input: z.object({ id: z.string().min(1).max(100) }), output: connectionView },
  testConnection: { input: connectionInput, output: z.object({ ok: z.boolean(), checks: z.array(connectionCheck) }) },
  useDemoConnection: { input: z.object({}), output: connectionView },
  getStatus: { input: z.object({}), output: status },
  setSyncPaused: { input: z.object({ paused: z.boolean() }), output: status },
  /** The OS reported the network going or coming back (the window's online/offline events). */
  networkChanged: { input: z.object({ online: z.boolean() }), output: z.object({}) },
  getStorage: { input: z.object({}), output: storageView },
  /** Damaged database only: the backup named `file` becomes the database. */
  restoreBackup: { input: z.object({ file: z.string().regex(/^kiosk-[0-9T-]+Z\.sqlite$/, 'choose one of the listed backups') }), output: storageView },
  /** Damaged database only: an empty database replaces it (the copy of the damaged one stays). */
  startFresh: { input: z.object({ confirm: z.literal(true, 'confirm that the kiosk starts with an empty database') }), output: storageView },
} satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  requestsChanged: z.object({ ids: z.array(z.string()) }),
  statusChanged: status,
  /** A sync pass that sent requests has ended. */
  syncFinished: syncSummary,
} satisfies Record<EventName, z.ZodType>;

export type Calls = typeof calls;
export type CallInput<K extends CallName> = K extends 'saveConnection' | 'testConnection' ? ConnectionInputShape : z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export type RequestSummary = z.output<typeof requestSummary>;
export type RequestDetail = z.output<typeof requestDetail>;
export type ConnectionView = z.output<typeof connectionView>;
export type ConnectionInput = z.output<typeof connectionInput>;
export type Status = z.output<typeof status>;
export type StorageView = z.output<typeof storageView>;
export type BackupView = z.output<typeof backupView>;

/** What the renderer sees as `window.kiosk`, whichever transport is underneath. */
export type KioskApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> } & {
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
};

/** Validates a call's input, turning zod's report into one sentence that names the field. */
export function parseInput<K extends CallName>(name: K, raw: unknown): z.output<Calls[K]['input']> {
  const result = calls[name].input.safeParse(raw ?? {});
  if (result.success) return result.data as z.output<Calls[K]['input']>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? ` (${issue.path.join('.')})` : '';
  throw new KioskError('invalid_input', `${issue?.message ?? 'invalid input'}${where}`);
}
