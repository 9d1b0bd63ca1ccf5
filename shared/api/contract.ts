// The contract between renderer and main: every call's input and output, and every event, as zod
// schemas. Main validates every input against these before acting; both transports (Electron IPC and
// the web host) carry exactly these shapes.
import { z } from 'zod';
import type { CallName, EventName } from './methods.ts';
import { REQUEST_STATES } from './states.ts';
import { KioskError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from '../formats/license-key.ts';
import { cryptlexConnectionInput, cryptlexConnectionView } from './vendors/cryptlex.ts';
import { genericConnectionInput, genericConnectionView } from './vendors/generic.ts';
import { keygenConnectionInput, keygenConnectionView } from './vendors/keygen.ts';
import { licenseSpringConnectionInput, licenseSpringConnectionView } from './vendors/licensespring.ts';

/** Files larger than this are refused at capture (the renderer reads one byte more to tell). */
export const MAX_REQUEST_FILE_BYTES = 1024 * 1024;
export const MAX_CAPTURE_ITEMS = 500;
export const CAPTURE_SOURCES = ['file', 'scanner', 'paste', 'camera'] as const;
/** One capture call's JSON stays under this; the renderer splits larger drops into several calls. */
export const MAX_CAPTURE_CALL_BYTES = 24 * 1024 * 1024;
/** What the web host accepts in one HTTP call body (the capture budget plus room for JSON escaping). */
export const MAX_CALL_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Every connection vendor: the one place their ids are spelled out for the transport. A vendor's own
 * schemas sit in ./vendors/<vendor>.ts and join the two lists below; its main side is
 * electron/connectors/<vendor>/descriptor.ts, its form renderer/src/settings/<vendor>-form.tsx.
 */
export const CONNECTION_VENDORS = ['generic', 'keygen', 'cryptlex', 'licensespring'] as const;
export const connectionVendor = z.enum(CONNECTION_VENDORS);
export type ConnectionVendor = z.output<typeof connectionVendor>;
/** A connection input without `vendor` is one of these (the original, single-vendor form). */
export const DEFAULT_CONNECTION_VENDOR = 'generic' satisfies ConnectionVendor;
type DefaultVendor = typeof DEFAULT_CONNECTION_VENDOR;

const id = z.string().regex(/^[0-9a-f]{64}$/, 'a request id is 64 hex characters');
/** The renderer names each many-answer export, so it can follow its progress and cancel it. */
const exportId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'an export id is 8 to 64 letters, digits or dashes');
export const MAX_EXPORT_ANSWERS = 10_000;
export const requestState = z.enum(REQUEST_STATES);

const counts = z.record(requestState, z.number().int());

export const requestSummary = z.object({
  id: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  kind: z.enum(['activate', 'deactivate', 'refresh', 'license-file']),
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
  /** When the response was last written out as a file; exported is not delivered (the device has not had it yet). */
  exportedAt: z.string().nullable(),
  /** The request came without a licence key (a bare vendor request file): it waits for the engineer. */
  needsLicenseKey: z.boolean(),
  /** The kind of connection the request must go to, as main routes it; null when any connection may serve it. */
  vendor: connectionVendor.nullable(),
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
  /** What the engineer may do now; retryRequest, cancelRequest and restoreRequest hold to the same rules. */
  actions: z.object({ retry: z.boolean(), cancel: z.boolean(), restore: z.boolean() }),
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
  /**
   * Refused by the kiosk because an answer's signature did not verify with the key in Settings of this
   * connection (the service may have taken the seat): "Check the public key". null: not that.
   */
  keyProblem: z.object({ connectionId: z.string().nullable(), connectionName: z.string().nullable() }).nullable(),
  /** What the device's signed receipt last said about the response (`at`: when the kiosk read it). */
  deviceReceipt: z.object({ outcome: z.enum(['applied', 'refused']), at: z.string(), detail: z.string() }).nullable(),
  response: z
    .object({
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      verifiedAt: z.string(),
      deliveredAt: z.string().nullable(),
      exportedAt: z.string().nullable(),
      preview: z.string(),
    })
    .nullable(),
});

/** A connection as the renderer sees it: common fields, and the vendor's `settings` without secrets. */
export const connectionView = z.discriminatedUnion('vendor', [genericConnectionView, keygenConnectionView, cryptlexConnectionView, licenseSpringConnectionView]);

const vendorInputs = z.discriminatedUnion('vendor', [genericConnectionInput, keygenConnectionInput, cryptlexConnectionInput, licenseSpringConnectionInput]);
type VendorInput = z.input<typeof vendorInputs>;

/** Discriminated by vendor; a call without `vendor` is a connection of the default vendor (the original form). */
export const connectionInput = z.preprocess(
  (raw) => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !('vendor' in raw) ? { ...raw, vendor: DEFAULT_CONNECTION_VENDOR } : raw),
  vendorInputs,
);
export type ConnectionInputShape = Exclude<VendorInput, { vendor: DefaultVendor }> | (Omit<Extract<VendorInput, { vendor: DefaultVendor }>, 'vendor'> & { vendor?: DefaultVendor });

export const connectionCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string(),
  /** Not run now (the message says why and when it will be): shown as "not run", neither passed nor failed. */
  notRun: z.boolean().optional(),
});

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
  /** The engineer asks for a licence file for a typed key (a request of kind "license-file"; main builds it). */
  requestLicenseFile: {
    input: z.object({
      licenseKey: z
        .string()
        .trim()
        .min(1, 'enter the licence key')
        .max(MAX_LICENSE_KEY_CHARS, 'a licence key is at most 16 KiB')
        .refine((v) => !/\s|\p{Cc}/u.test(v), 'a licence key has no spaces, line breaks or control characters: paste the key alone'),
      label: z.string().trim().max(60, 'the label is at most 60 characters').refine((v) => !/\p{Cc}/u.test(v), 'the label contains control characters').optional(),
    }),
    output: captureResult,
  },
  listRequests: {
    input: z.object({
      states: z.array(requestState).optional(),
      search: z.string().max(200).optional(),
      /** true: only responses written out as files; false: only those never exported. */
      exported: z.boolean().optional(),
    }),
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
  /**
   * Many answers as one ZIP (web host: returned for one download) or one new folder in the folder the
   * engineer picks (Electron), each with manifest.json. Progress comes as `exportProgress` events with
   * the caller's `exportId`; `cancelExport` stops it and nothing is left behind.
   */
  exportAnswers: {
    input: z.object({ exportId, ids: z.array(id).min(1, 'choose at least one response').max(MAX_EXPORT_ANSWERS, `at most ${MAX_EXPORT_ANSWERS} answers in one export`) }),
    output: z.object({
      outcome: z.enum(['exported', 'cancelled', 'nothing']),
      /** Electron: the new folder's full path. */
      folder: z.string().nullable(),
      /** Web host: the ZIP to hand to the browser. */
      zip: z.object({ fileName: z.string(), contentBase64: z.string() }).nullable(),
      exported: z.array(z.object({ id: z.string(), fileName: z.string() })),
      problems: z.array(z.object({ id: z.string(), message: z.string() })),
    }),
  },
  cancelExport: { input: z.object({ exportId }), output: z.object({ cancelled: z.boolean() }) },
  /** The engineer says these responses reached their devices (exported ones carried over, say): one transaction. */
  markManyDelivered: {
    input: z.object({ ids: z.array(id).min(1, 'choose at least one response').max(MAX_EXPORT_ANSWERS) }),
    output: z.object({ delivered: z.array(z.string()), problems: z.array(z.object({ id: z.string(), message: z.string() })) }),
  },
  /** A cancelled request back in the queue, on purpose (a cancelled one is never retried). */
  restoreRequest: { input: z.object({ id }), output: requestSummary },
  /** How many requests this connection's key refused (a signature that did not verify); `retry` queues them again. */
  keyRefusals: { input: z.object({ connectionId: z.string().min(1).max(100), retry: z.boolean() }), output: z.object({ count: z.number().int(), retried: z.number().int() }) },
  getConnection: { input: z.object({}), output: connectionView.nullable() },
  listConnections: { input: z.object({}), output: z.array(connectionView) },
  saveConnection: {
    input: connectionInput,
    /** `notice`: what the save changed beyond the form, e.g. a token cleared because the API address changed. */
    output: z.intersection(connectionView, z.object({ notice: z.string().nullable() })),
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
  /** A many-answer export's progress (`done` of `total` answers written). */
  exportProgress: z.object({ exportId: z.string(), done: z.number().int(), total: z.number().int() }),
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
