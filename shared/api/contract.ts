// The contract between renderer and main: every call's input and output, and every event, as zod
// schemas. Main validates every input against these before acting; both transports (Electron IPC and
// the web host) carry exactly these shapes.
import { t } from '../i18n/index.ts';
import { LANGUAGES, LANGUAGE_SETTINGS } from '../i18n/index.ts';
import { z } from 'zod';
import './zod-language.ts';
import type { CallName, EventName } from './methods.ts';
import { REQUEST_STATES } from './states.ts';
import { bulkResult, bulkTarget, BULK_ACTIONS, listWindow, requestFilter } from './request-list.ts';
import { KioskError } from './errors.ts';
import { MAX_LICENSE_KEY_CHARS } from '../formats/license-key.ts';
import { cryptlexConnectionInput, cryptlexConnectionView } from './vendors/cryptlex.ts';
import { genericConnectionInput, genericConnectionView } from './vendors/generic.ts';
import { keygenConnectionInput, keygenConnectionView } from './vendors/keygen.ts';
import { licenseSpringConnectionInput, licenseSpringConnectionView } from './vendors/licensespring.ts';
import { stickCalls, stickEvents } from './sticks.ts';
import { relayConnectionInput, relayConnectionView } from './vendors/relay.ts';
import { auditCalls, auditChainView } from './audit.ts';

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
export const CONNECTION_VENDORS = ['generic', 'keygen', 'cryptlex', 'licensespring', 'relay'] as const;
export const connectionVendor = z.enum(CONNECTION_VENDORS);
export type ConnectionVendor = z.output<typeof connectionVendor>;
/** A connection input without `vendor` is one of these (the original, single-vendor form). */
export const DEFAULT_CONNECTION_VENDOR = 'generic' satisfies ConnectionVendor;
type DefaultVendor = typeof DEFAULT_CONNECTION_VENDOR;

const id = z.string().regex(/^[0-9a-f]{64}$/, { error: () => t('contract:ids.request') });
/** The renderer names each many-answer export, so it can follow its progress and cancel it. */
const exportId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, { error: () => t('contract:ids.export') });
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
  /** The site visit it belongs to; null: none. */
  visitId: z.string().nullable(),
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
  /** returnSeat: an activation that holds a seat, which "Return this device's seat" can release (returnSeat). */
  actions: z.object({ retry: z.boolean(), cancel: z.boolean(), restore: z.boolean(), returnSeat: z.boolean() }),
  /** The engineer may enter or correct its licence key (one typed here, not the device's own) until it is sent. */
  keyEditable: z.boolean(),
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
export const connectionView = z.discriminatedUnion('vendor', [genericConnectionView, keygenConnectionView, cryptlexConnectionView, licenseSpringConnectionView, relayConnectionView]);

const vendorInputs = z.discriminatedUnion('vendor', [genericConnectionInput, keygenConnectionInput, cryptlexConnectionInput, licenseSpringConnectionInput, relayConnectionInput]);
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
  /** How many requests the lane sends at once now (it follows the rate limit and the latency); null: not measured yet. */
  atOnce: z.number().int().nullable(),
  /** The lane's recent call latency (moving average), when measured. */
  latencyMs: z.number().int().nullable(),
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
  /** The audit trail's hash chain as last checked. */
  auditChain: auditChainView,
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

const typedLicenseKey = z
  .string()
  .trim()
  .min(1, { error: () => t('contract:licenceKey.empty') })
  .max(MAX_LICENSE_KEY_CHARS, { error: () => t('contract:licenceKey.tooLong') })
  .refine((v) => !/\s|\p{Cc}/u.test(v), { error: () => t('contract:licenceKey.spaces') });

/** Why a seat is returned: it goes to the audit trail. */
const seatReturnReason = z
  .string()
  .trim()
  .min(3, { error: () => t('contract:seatReturn.reasonShort') })
  .max(500, { error: () => t('contract:seatReturn.reasonLong') })
  // Line breaks are allowed (a longer note); other control characters are not.
  .refine((v) => !/[^\P{Cc}\n]/u.test(v), { error: () => t('contract:seatReturn.reasonControl') });

/** A seat return typed by the engineer: the connection, the licence key and the device's id (LicenseSpring: and the product code). */
const typedSeatReturn = z.object({
  connectionId: z.string().min(1, { error: () => t('contract:seatReturn.connection') }).max(100),
  licenseKey: typedLicenseKey,
  deviceId: z
    .string()
    .trim()
    .min(1, { error: () => t('contract:seatReturn.deviceEmpty') })
    .max(4096, { error: () => t('contract:seatReturn.deviceLong') })
    .refine((v) => !/\p{Cc}/u.test(v), { error: () => t('contract:seatReturn.deviceControl') }),
  product: z.string().trim().max(256, { error: () => t('contract:seatReturn.productLong') }).refine((v) => !/\s|\p{Cc}/u.test(v), { error: () => t('contract:seatReturn.productSpaces') }).optional(),
  label: z.string().trim().max(60, { error: () => t('contract:label.tooLong') }).refine((v) => !/\p{Cc}/u.test(v), { error: () => t('contract:label.control') }).optional(),
});

const captureResult = z.object({
  name: z.string(),
  /** 'confirmed' and 'device_refused' answer a device's receipt: nothing is queued. */
  outcome: z.enum(['queued', 'duplicate', 'error', 'confirmed', 'device_refused']),
  requestId: z.string().nullable(),
  /** One short sentence. */
  message: z.string(),
  /** What a long refusal adds (the forms tried, the field at fault), shown on demand. */
  detail: z.string().optional(),
});

const visitId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: () => t('contract:ids.visit') });
/** A customer's or site's name as the engineer types it: one line of plain text. */
const visitText = (what: 'customer' | 'site' | 'ticket', max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: () => t(`contract:visit.${what}.empty`) })
    .max(max, { error: () => t(`contract:visit.${what}.tooLong`, { max }) })
    .refine((v) => !/\p{Cc}/u.test(v), { error: () => t(`contract:visit.${what}.control`) });

export const visitView = z.object({
  id: z.string(),
  customer: z.string(),
  site: z.string(),
  ticket: z.string().nullable(),
  /** The engineer as set when the visit started; null: not set. */
  engineer: z.object({ name: z.string(), id: z.string().nullable() }).nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  requests: z.number().int(),
});
export type VisitView = z.output<typeof visitView>;

const deliveredFile = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  contentBase64: z.string(),
});

/** How the app looks, kept in main so the Electron window and the web host agree. 'system': follow the OS. */
export const THEMES = ['system', 'light', 'dark'] as const;
export const uiPreferences = z.object({
  theme: z.enum(THEMES),
  /** The language chosen in Settings; 'system' follows the OS. */
  language: z.enum(LANGUAGE_SETTINGS),
  /** What that means on this computer: the language spoken and the locale times and numbers are written in. */
  display: z.object({ language: z.enum(LANGUAGES), locale: z.string(), system: z.enum(LANGUAGES) }),
  /** Full screen with no window controls (desktop app); leaving asks for the PIN set when it was started. */
  kioskMode: z.boolean(),
});
const kioskPin = z.string().regex(/^[0-9]{4,12}$/, { error: () => t('contract:pin') });
export type UiPreferences = z.output<typeof uiPreferences>;

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
        .min(1, { error: () => t('contract:choose.file') })
        .max(MAX_CAPTURE_ITEMS, { error: () => t('contract:atMost.files', { max: MAX_CAPTURE_ITEMS }) }),
    }),
    output: z.object({ results: z.array(captureResult) }),
  },
  /** The engineer asks for a licence file for a typed key (a request of kind "license-file"; main builds it). */
  requestLicenseFile: {
    input: z.object({
      licenseKey: typedLicenseKey,
      label: z.string().trim().max(60, { error: () => t('contract:label.tooLong') }).refine((v) => !/\p{Cc}/u.test(v), { error: () => t('contract:label.control') }).optional(),
    }),
    output: captureResult,
  },
  /**
   * The engineer returns the seat of a dead or replaced device: from an activated request in the queue, or
   * by its licence key and device id on a chosen connection. Main builds a deactivation (format
   * seat-return-entry) queued like any request; the reason goes to the audit trail.
   */
  returnSeat: {
    input: z.discriminatedUnion('from', [
      z.object({ from: z.literal('request'), requestId: id, reason: seatReturnReason }),
      typedSeatReturn.extend({ from: z.literal('typed'), reason: seatReturnReason }),
    ]),
    output: captureResult,
  },
  /** Whether a typed seat return can go (vendor, key and id forms, product), checked before the engineer confirms; nothing is queued. */
  checkSeatReturn: {
    input: typedSeatReturn,
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  /** Seat returns for several activated requests, queued in one transaction (the lists' multi-select). */
  returnSeats: {
    input: z.object({ requestIds: z.array(id).min(1, { error: () => t('contract:choose.request') }).max(1000, { error: () => t('contract:atMost.thousandRequests') }), reason: seatReturnReason }),
    output: z.object({ results: z.array(captureResult) }),
  },
  /** One window of the matching requests (`total` of them), sorted; `counts` per state over the whole store. */
  listRequests: {
    input: listWindow,
    output: z.object({ requests: z.array(requestSummary), offset: z.number().int(), total: z.number().int(), counts }),
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
        .min(1, { error: () => t('contract:licenceKey.empty') })
        .max(MAX_LICENSE_KEY_CHARS, { error: () => t('contract:licenceKey.tooLong') })
        .refine((v) => !/\p{Cc}/u.test(v), { error: () => t('contract:licenceKey.control') }),
    }),
    output: requestSummary,
  },
  deliver: {
    input: z.object({ ids: z.array(id).min(1, { error: () => t('contract:choose.response') }).max(1000), to: z.enum(['folder', 'download']) }),
    output: z.object({
      folder: z.string().nullable(),
      written: z.array(z.object({ id: z.string(), fileName: z.string() })),
      files: z.array(deliveredFile),
      problems: z.array(z.object({ id: z.string(), message: z.string() })),
    }),
  },
  /** A response as the single-part UR a device scans (ur:kiosk-response); the renderer animates it. */
  /** Every id matching a filter (for exports of a whole selection); lists page with listRequests instead. */
  listRequestIds: { input: requestFilter, output: z.object({ ids: z.array(z.string()) }) },
  /** One action on many requests, as one transaction with an audit entry per request moved. */
  bulkRequests: { input: z.object({ action: z.enum(BULK_ACTIONS), target: bulkTarget }), output: bulkResult },
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
    input: z.object({ exportId, ids: z.array(id).min(1, { error: () => t('contract:choose.response') }).max(MAX_EXPORT_ANSWERS, { error: () => t('contract:atMost.answers', { max: MAX_EXPORT_ANSWERS }) }) }),
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
    input: z.object({ ids: z.array(id).min(1, { error: () => t('contract:choose.response') }).max(MAX_EXPORT_ANSWERS) }),
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
  /** Renames any connection, the built-in demo too (whose address and key belong to the demo service). */
  renameConnection: {
    input: z.object({
      id: z.string().min(1).max(100),
      name: z.string().trim().min(1, { error: () => t('contract:connectionName.empty') }).max(100, { error: () => t('contract:connectionName.tooLong') }).refine((v) => !/\p{Cc}/u.test(v), { error: () => t('contract:connectionName.control') }),
    }),
    output: connectionView,
  },
  testConnection: { input: connectionInput, output: z.object({ ok: z.boolean(), checks: z.array(connectionCheck) }) },
  useDemoConnection: { input: z.object({}), output: connectionView },
  getStatus: { input: z.object({}), output: status },
  setSyncPaused: { input: z.object({ paused: z.boolean() }), output: status },
  /** The OS reported the network going or coming back (the window's online/offline events). */
  networkChanged: { input: z.object({ online: z.boolean() }), output: z.object({}) },
  getUiPreferences: { input: z.object({}), output: uiPreferences },
  setUiPreferences: { input: uiPreferences.pick({ theme: true, language: true }).partial(), output: uiPreferences },
  startKioskMode: { input: z.object({ pin: kioskPin }), output: uiPreferences },
  leaveKioskMode: { input: z.object({ pin: z.string().max(100) }), output: uiPreferences },
  getStorage: { input: z.object({}), output: storageView },
  /** Damaged database only: the backup named `file` becomes the database. */
  restoreBackup: { input: z.object({ file: z.string().regex(/^kiosk-[0-9T-]+Z\.sqlite$/, { error: () => t('contract:choose.backup') }) }), output: storageView },
  /** Damaged database only: an empty database replaces it (the copy of the damaged one stays). */
  startFresh: { input: z.object({ confirm: z.literal(true, { error: () => t('contract:startFresh') }) }), output: storageView },
  /** Starts a site visit: every capture is tagged with it until it ends. */
  startVisit: {
    input: z.object({
      customer: visitText('customer', 120),
      site: visitText('site', 120),
      ticket: visitText('ticket', 60).optional(),
    }),
    output: visitView,
  },
  endVisit: { input: z.object({ id: visitId }), output: visitView },
  /** The open visit (if any) and the visits so far, newest first. */
  listVisits: { input: z.object({}), output: z.object({ open: visitView.nullable(), visits: z.array(visitView) }) },
  /** Moves requests to a visit (null: to none) in one transaction. */
  moveToVisit: {
    input: z.object({ ids: z.array(id).min(1, { error: () => t('contract:choose.request') }).max(5000), visitId: visitId.nullable() }),
    output: z.object({ moved: z.array(z.string()), missing: z.array(z.string()) }),
  },
  /**
   * A visit's report. Desktop: written into a folder the engineer picks (PDF by Electron's printer).
   * Web host: CSV as a download; PDF as a one-time page that the browser prints.
   */
  exportVisitReport: {
    input: z.object({ id: visitId, format: z.enum(['pdf', 'csv']) }),
    output: z.discriminatedUnion('via', [
      z.object({ via: z.literal('folder'), folder: z.string(), fileName: z.string() }),
      z.object({ via: z.literal('download'), file: deliveredFile }),
      z.object({ via: z.literal('print'), url: z.string() }),
      z.object({ via: z.literal('cancelled') }),
    ]),
  },
  ...stickCalls,
  ...auditCalls,
} satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  requestsChanged: z.object({ ids: z.array(z.string()) }),
  statusChanged: status,
  /** A sync pass that sent requests has ended. */
  syncFinished: syncSummary,
  ...stickEvents,
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
  const problem = issue?.message ?? t('contract:invalidInput');
  throw new KioskError('invalid_input', issue && issue.path.length ? t('contract:fieldProblem', { problem, path: issue.path.join('.') }) : problem);
}
