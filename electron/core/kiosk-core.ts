// The kiosk's core: the store, the sync engine, delivery and the demo service behind the contract.
// It knows nothing of Electron or HTTP; both transports hand it raw inputs and forward its events.
import path from 'node:path';
import { processLocales, resolveLanguage, setLanguage, t } from '../../shared/i18n/index.ts';
import { calls, parseInput, uiPreferences, type CallOutput, type ConnectionInput, type ConnectionView, type Status, type UiPreferences } from '../../shared/api/contract.ts';
import type { VendorDescriptor } from '../connectors/descriptor.ts';
import { vendorOf, vendorServing } from '../connectors/registry.ts';
import { normaliseLicenseKey } from './license-key-entry.ts';
import { FileSecretStore } from '../secrets/file-secret-store.ts';
import { ConnectionSecrets } from '../secrets/connection-secrets.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { apiOrigin, clearTextRefusal, sendsInClear } from '../../shared/api/api-address.ts';
import { connectionProblem, needsToken, tokenCleared, tokenNotForThisAddress } from './connection-problems.ts';
import { maskedConnector } from './masked-connector.ts';
import { routeRequest } from './routing.ts';
import { KioskError, type CallResult } from '../../shared/api/errors.ts';
import type { CallName, EventName } from '../../shared/api/methods.ts';
import type { Connector, HealthCheck } from '../connectors/types.ts';
import { createDemoService, type DemoService } from '../demo/demo-service.ts';
import type { Db } from '../store/database.ts';
import { scheduleBackups } from '../store/backups.ts';
import { ConnectionStore, secretIdFor, type ConnectionRecord, type SavedSettings, type StoredSettings } from '../store/connection-store.ts';
import { RequestStore } from '../store/request-store.ts';
import { SyncEngine, type ActiveConnection, type Routing } from '../sync/sync-engine.ts';
import { RateLimiter } from '../sync/rate-limiter.ts';
import { Preferences } from '../store/preferences.ts';
import { KioskMode } from './kiosk-mode.ts';
import { writeNewFile } from '../deliver/write-file.ts';
import { beginExport, endExport, removeCrashedExportTemps } from '../deliver/pending-exports.ts';
import { responseQr } from '../deliver/response-qr.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { captureFiles } from './capture.ts';
import { requestLicenseFile } from './license-file-entry.ts';
import { seatReturnHandlers } from './seat-return.ts';
import { checkRequestKey } from './signed-key-check.ts';
import { allowedActions, deliverableAnswer, deviceReceipt, responseUnusable, toDetail, toSummary } from './views.ts';
import { gateOnStorage, type StorageCall } from './storage-gate.ts';
import { visitHandlers } from './visit-handlers.ts';
import { createStickHandlers, type StickOptions } from './stick-handlers.ts';
import { auditHandlers } from './audit-handlers.ts';
import { AUDIT_KEY_FILE_NAME } from '../audit/signing-key.ts';
import { listHandlers } from './list-handlers.ts';
import { exportHandlers } from './export-handlers.ts';
import { keyProblemOf, keyRefusedIds, retryKeyRefused } from './key-refusals.ts';
import { stateLabel } from '../../shared/api/states.ts';
import { deviceText } from './words.ts';

/** Status events are sent at most this often while sync runs. */
const STATUS_EVENT_MS = 250;
/** Request change events are joined over this long (one per request per step would flood a page). */
const REQUESTS_EVENT_MS = 50;
/** Above this many ids a change event says "any" rather than naming them. */
const MAX_CHANGED_IDS = 1000;

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface CoreOptions {
  dataDir: string;
  resourcesDir: string;
  /** Electron writes into a folder the engineer picks; the web host hands files to the browser. */
  deliverTo: 'folder' | 'download';
  /** Asks the engineer for a folder (Electron's dialog); null when they cancel. */
  chooseFolder?: () => Promise<string | null>;
  now?: () => Date;
  nativeBinding?: string;
  /** Background sync period; 0 turns automatic sync off (tests drive it by hand). */
  syncIntervalMs?: number;
  log?: (message: string) => void;
  /** Where API tokens live (Electron: safeStorage). Default: a NOT encrypted file in the data folder. */
  secrets?: SecretStore;
  /** Where the audit signing key lives. Default: audit-key.json in the data folder (0600, NOT encrypted), apart from the API tokens. */
  auditKeyStore?: SecretStore;
  /** Requests sent at once through one connection, fixed (default: each connection follows its rate limit and latency). */
  syncConcurrency?: number;
  /** Electron: kiosk mode went on or off (the window goes full screen and cannot be closed, or back). */
  onKioskModeChanged?: (on: boolean) => void;
  /** First retry delay after a retryable failure, doubling each attempt (default 5 s). */
  retryBaseMs?: number;
  /** Electron: a visit report's page printed to PDF. */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Web host: publishes a visit report's page once; returns its path for the browser to print. */
  printPage?: (html: string) => string;
  /** Where USB sticks appear; without it the kiosk watches no mount root and no watched folder. */
  sticks?: StickOptions;
  /** The OS's preferred locales, best first (Electron: app.getPreferredSystemLanguages(); default: the process's LANG). */
  systemLocales?: () => readonly string[];
}

export type CoreEvent = { [E in EventName]: { event: E; payload: unknown } }[EventName];

export interface KioskCore {
  call(name: CallName, raw: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (event: CoreEvent) => void): () => void;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The core behind the storage gate: a damaged database is found, copied and replaced there first. */
export function createKioskCore(options: CoreOptions): KioskCore {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const systemLocales = options.systemLocales ?? (() => processLocales());
  return gateOnStorage({ dataDir: options.dataDir, nativeBinding: options.nativeBinding, now, log, systemLocales }, (db) => openKioskCore({ ...options, systemLocales }, db, now, log));
}

function openKioskCore(options: CoreOptions, db: Db, now: () => Date, log: (message: string) => void): KioskCore {
  const requests = new RequestStore(db, now);
  const connections = new ConnectionStore(db, now);
  const preferences = new Preferences(db);
  const kioskMode = new KioskMode(preferences, now, (on) => options.onKioskModeChanged?.(on));
  const systemLocales = options.systemLocales ?? (() => processLocales());
  // Main's sentences are written in the language set in Settings from the first one on.
  const { display } = uiPreferencesOf(preferences, kioskMode, systemLocales);
  setLanguage(display.language, display.locale);
  removeCrashedExportTemps(preferences, log);
  const backups = scheduleBackups({ db, dataDir: options.dataDir, now, log, nativeBinding: options.nativeBinding });
  const demo: DemoService = createDemoService({ dataDir: options.dataDir, resourcesDir: options.resourcesDir });
  const listeners = new Set<(event: CoreEvent) => void>();
  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));

  const secretStore: SecretStore = options.secrets ?? FileSecretStore.inDataDir(options.dataDir);
  /** Connections' tokens, each bound to the API origin it was entered for (older bare tokens: to the connection's address at first read). */
  const tokens = new ConnectionSecrets(secretStore, (id) => connections.get(id)?.settings?.baseUrl ?? null);
  const audit = auditHandlers({ db, requests, preferences, secrets: options.auditKeyStore ?? new FileSecretStore(path.join(options.dataDir, AUDIT_KEY_FILE_NAME)), now, deliverTo: options.deliverTo, chooseFolder: options.chooseFolder, log, onChainChanged: statusChanged });

  /** One rate limiter per connection, kept while its settings change (it learns the window again from the next answers). */
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (id: string): RateLimiter => {
    let limiter = limiters.get(id);
    if (!limiter) limiters.set(id, (limiter = new RateLimiter(() => now().getTime())));
    return limiter;
  };

  /**
   * Builds a connector for a connection with its vendor's descriptor. Its secret store hands out the
   * token only for the origin it was entered for; its sentences are masked.
   */
  async function connectorFor(record: ConnectionRecord, gate: RateLimiter): Promise<Connector> {
    const vendor = vendorOf(record.vendor);
    const settings = await settingsOf(record);
    const known = async () => secretForms(vendor, (await tokens.read(record.id))?.token);
    return maskedConnector(vendor.connector(settings, { secrets: tokens.forConnector(record.id, settings.baseUrl), secretId: secretIdFor(record.id), gate }), known);
  }

  /** A secret as the masker must know it: whole, and each key of an entry that holds several. */
  function secretForms(vendor: VendorDescriptor, secret: string | null | undefined): string[] {
    if (!vendor.secret || !secret) return [];
    return [secret, ...(vendor.secret.parts?.(secret) ?? [])];
  }

  /** A connection's settings; the demo's come from the demo service, started on first use. */
  async function settingsOf(record: ConnectionRecord): Promise<StoredSettings> {
    return record.settings ?? (await demo.ensureStarted());
  }

  /** Why sync leaves a connection alone now (see connection-problems.ts); the demo, served on this computer, has none. */
  async function problemOf(record: ConnectionRecord): Promise<string | null> {
    if (!record.settings) return null;
    const saved: SavedSettings = { vendor: record.vendor, settings: record.settings };
    return connectionProblem(record.name, saved, needsToken(saved) ? await tokens.read(record.id) : null);
  }

  const connectorCache = new Map<string, { key: string; connector: Connector }>();
  async function active(record: ConnectionRecord): Promise<ActiveConnection> {
    const key = JSON.stringify([record.vendor, record.isDemo, record.settings]);
    let cached = connectorCache.get(record.id);
    const limiter = limiterFor(record.id);
    if (cached?.key !== key) {
      cached = { key, connector: await connectorFor(record, limiter) };
      connectorCache.set(record.id, cached);
    }
    return { id: record.id, name: record.name, connector: cached.connector, rateLimit: () => limiter.view(), ready: () => limiter.ready(), concurrency: () => limiter.concurrency() };
  }

  async function routing(): Promise<Routing> {
    const records = connections.list();
    const actives = new Map<string, ActiveConnection>();
    /** Connections routed to but not used now: their requests wait with the sentence. */
    const blocked = new Map<string, string>();
    for (const record of records) {
      const problem = await problemOf(record);
      if (problem) {
        blocked.set(record.id, problem);
        continue;
      }
      actives.set(record.id, await active(record));
    }
    const routable = records.filter((r) => actives.has(r.id) || blocked.has(r.id));
    return {
      connections: [...actives.values()],
      problems: [...blocked.values()],
      byId: (id) => actives.get(id),
      route(row) {
        const chosen = routeRequest(row, routable);
        return 'missing' in chosen ? chosen : (actives.get(chosen.id) ?? { missing: blocked.get(chosen.id) ?? t('core:kiosk.connectionUnavailable') });
      },
    };
  }

  const engine = new SyncEngine({
    store: requests,
    now,
    routing,
    onRequestsChanged: (ids) => requestsChanged(ids),
    onStatusChanged: statusChanged,
    onPassFinished: (payload) => emit({ event: 'syncFinished', payload }),
    concurrency: options.syncConcurrency,
    retryBaseMs: options.retryBaseMs,
    paused: preferences.get('syncPaused', false),
  });

  async function viewOf(record: ConnectionRecord): Promise<ConnectionView> {
    const vendor = vendorOf(record.vendor);
    const settings = await settingsOf(record);
    return {
      id: record.id,
      name: record.name,
      isDemo: record.isDemo,
      isDefault: record.isDefault,
      hasSecret: vendor.secret && record.settings ? (await tokens.tokenFor(record.id, record.settings.baseUrl)) !== null : false,
      secretStorage: tokens.description,
      allowInsecureHttp: record.settings?.allowInsecureHttp === true,
      problem: await problemOf(record),
      baseUrl: settings.baseUrl,
      ...vendor.view(settings),
    };
  }

  async function connectionView(): Promise<ConnectionView | null> {
    const record = connections.getDefault();
    return record ? viewOf(record) : null;
  }

  /** The stored form of a connection input (secrets excluded); what the input leaves out is kept from the same vendor's previous settings. */
  function toSaved(input: ConnectionInput, previous: ConnectionRecord | null): SavedSettings {
    const baseUrl = input.baseUrl.replace(/\/+$/, '');
    // Kept only where it means something, so a later move to https (or localhost) drops the choice.
    const transport = { baseUrl, ...(input.allowInsecureHttp && sendsInClear(baseUrl) ? { allowInsecureHttp: true } : {}) };
    const prev = previous?.vendor === input.vendor ? previous.settings : null;
    return { vendor: input.vendor, settings: vendorOf(input.vendor).toSaved(input, prev, transport) };
  }

  /** The stored form of a typed secret (a relay's enrolment code spent for this kiosk's own key), refused with the vendor's sentence. */
  async function exchanged(vendor: VendorDescriptor, secret: string, saved: SavedSettings): Promise<{ settings: SavedSettings['settings']; secret: string }> {
    try {
      return await vendor.exchangeSecret!(secret, saved.settings);
    } catch (error) {
      throw new KioskError('invalid_input', (error as Error).message);
    }
  }

  /** A secret store that holds only the token being tested. */
  function trialSecrets(id: string, secret: string | null): SecretStore {
    return {
      encrypted: false,
      description: t('core:kiosk.trialSecrets'),
      get: async (key) => (key === id ? secret : null),
      set: async () => undefined,
      delete: async () => undefined,
    };
  }

  /** The address rules every save and test holds to: a real http(s) URL without credentials, https unless it is this computer or the engineer chose otherwise. */
  function checkAddress(saved: SavedSettings): string {
    const { baseUrl, allowInsecureHttp } = saved.settings;
    const origin = apiOrigin(baseUrl);
    if (origin === null) throw new KioskError('invalid_input', t('core:kiosk.badUrl'));
    const url = new URL(baseUrl);
    if (url.username || url.password) throw new KioskError('invalid_input', t('core:kiosk.urlCredentials'));
    if (sendsInClear(baseUrl) && !allowInsecureHttp) throw new KioskError('invalid_input', clearTextRefusal(baseUrl));
    return origin;
  }

  /** Connections changed: requests that waited for one are routed again. */
  function connectionsChanged(): void {
    const woken = requests.wakeConnectionWaiters();
    engine.online = null;
    changed(woken);
    kick();
  }

  async function status(): Promise<Status> {
    return {
      connection: await connectionView(),
      online: engine.online,
      syncing: engine.syncing,
      syncProgress: engine.progress,
      syncPaused: engine.paused,
      nextRetryAt: requests.nextDueAt(),
      syncLanes: engine.laneViews().map((lane) => ({
        ...lane,
        atOnce: lane.rateLimit?.concurrency.current ?? null,
        latencyMs: lane.rateLimit?.concurrency.latencyMs ?? null,
        rateLimit: lane.rateLimit && {
          limit: lane.rateLimit.limit,
          remaining: lane.rateLimit.remaining,
          resetAt: isoOrNull(lane.rateLimit.resetAt),
          waitingUntil: isoOrNull(lane.rateLimit.waitingUntil),
        },
      })),
      lastSyncAt: engine.lastSyncAt,
      lastSyncError: engine.lastSyncError,
      counts: requests.counts(),
      demoAvailable: demo.available,
      samplesDir: path.join(options.resourcesDir, 'samples'),
      deliverTo: options.deliverTo,
      dataDir: options.dataDir,
      auditChain: audit.chain(),
    };
  }

  /** Status events are coalesced: a sync of hundreds of requests sends a few per second, not one per step. */
  let statusPending = false;
  function statusChanged(): void {
    if (statusPending) return;
    statusPending = true;
    setTimeout(() => {
      statusPending = false;
      void status().then((payload) => emit({ event: 'statusChanged', payload }), () => undefined);
    }, STATUS_EVENT_MS);
  }

  /**
   * Change events are batched too: a sync changes every request twice, and each event makes a page
   * ask for what it shows. The ids of a batch are joined; an empty list (or a large one) means "any".
   */
  const changedIds = new Set<string>();
  let changedAny = false;
  let changeTimer: NodeJS.Timeout | null = null;
  function requestsChanged(ids: readonly string[]): void {
    if (ids.length === 0) changedAny = true;
    for (const id of ids) changedIds.add(id);
    changeTimer ??= setTimeout(() => {
      changeTimer = null;
      const payload = { ids: changedAny || changedIds.size > MAX_CHANGED_IDS ? [] : [...changedIds] };
      changedIds.clear();
      changedAny = false;
      emit({ event: 'requestsChanged', payload });
    }, REQUESTS_EVENT_MS);
  }

  function changed(ids: string[]): void {
    requestsChanged(ids);
    statusChanged();
  }

  /** Starts a background pass soon after new work arrives, when automatic sync is on. */
  function kick(): void {
    if (options.syncIntervalMs) void engine.syncNow().catch((error: unknown) => log(`sync failed: ${String(error)}`));
  }

  function mustGet(id: string) {
    const row = requests.get(id);
    if (!row) throw new KioskError('not_found', t('core:kiosk.requestGone'));
    return row;
  }

  const sticks = createStickHandlers(options.sticks, {
    db,
    requests,
    preferences,
    now,
    capture: async (items) => (await handlers.capture({ items })).results,
    emit: (list) => emit({ event: 'sticksChanged', payload: { sticks: list } }),
    changed,
    log,
  });

  const handlers: { [K in Exclude<CallName, StorageCall>]: (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>> } = {
    ...audit.handlers,
    async capture(input) {
      const results = await captureFiles(requests, input, now(), connections.list());
      const ids = results.flatMap((r) => (r.requestId ? [r.requestId] : []));
      if (ids.length) {
        changed(ids);
        kick();
      }
      return { results };
    },
    async requestLicenseFile(input) {
      const result = await requestLicenseFile(requests, input, now(), connections.list());
      if (result.outcome === 'queued') {
        changed([result.requestId!]);
        kick();
      }
      return result;
    },
    ...seatReturnHandlers({ store: requests, connections: () => connections.list(), now, queued: (ids) => { changed(ids); kick(); } }),
    ...listHandlers({ requests, now, changed, kick }),
    async getRequest({ id }) {
      const row = mustGet(id);
      const all = connections.list();
      return { ...toDetail(row, requests.history(id), requests.response(id), now(), checkRequestKey(row, row.license_key, all, t('core:kiosk.thisRequest'))), keyProblem: keyProblemOf(row, all) };
    },
    async syncNow() {
      if (!connections.getDefault()) throw new KioskError('no_connection', t('core:kiosk.noConnection'));
      if (engine.paused) throw new KioskError('not_allowed', t('core:kiosk.syncPaused'));
      return engine.syncNow();
    },
    async setSyncPaused({ paused }) {
      preferences.set('syncPaused', paused);
      requests.audit(null, 'engineer', paused ? 'sync_paused' : 'sync_resumed', paused ? t('core:kiosk.pausedSync') : t('core:kiosk.resumedSync'));
      engine.setPaused(paused);
      return status();
    },
    async networkChanged({ online }) {
      engine.networkChanged(online);
      return {};
    },
    async getUiPreferences() {
      return uiPreferencesOf(preferences, kioskMode, systemLocales);
    },
    async setUiPreferences(input) {
      const current = uiPreferencesOf(preferences, kioskMode, systemLocales);
      preferences.set('ui', { theme: input.theme ?? current.theme, language: input.language ?? current.language });
      const next = uiPreferencesOf(preferences, kioskMode, systemLocales);
      setLanguage(next.display.language, next.display.locale);
      return next;
    },
    async startKioskMode({ pin }) {
      kioskMode.start(pin);
      return uiPreferencesOf(preferences, kioskMode, systemLocales);
    },
    async leaveKioskMode({ pin }) {
      kioskMode.leave(pin);
      return uiPreferencesOf(preferences, kioskMode, systemLocales);
    },
    async cancelRequest({ id }) {
      const row = mustGet(id);
      const done = allowedActions(row, [], now().getTime()).cancel && requests.transition(id, [row.state], {
        to: 'cancelled',
        actor: 'engineer',
        event: 'cancelled',
        detail: t('core:kiosk.cancelled'),
        nextAttemptAt: null,
      });
      if (!done) throw new KioskError('not_allowed', t('core:kiosk.cannotCancel', { state: stateLabel(row.state) }));
      changed([id]);
      return toSummary(mustGet(id), now());
    },
    async retryRequest({ id }) {
      const row = mustGet(id);
      // Besides failed ones, a fulfilled request goes again when its response expired or its device refused it.
      const done = allowedActions(row, requests.history(id), now().getTime()).retry && requests.transition(id, [row.state], {
        to: 'queued',
        actor: 'engineer',
        event: 'retry',
        detail: t('core:kiosk.retried'),
        nextAttemptAt: null,
        error: null,
      });
      if (!done) throw new KioskError('not_allowed', t('core:kiosk.cannotRetry', { state: stateLabel(row.state) }));
      changed([id]);
      kick();
      return toSummary(mustGet(id), now());
    },
    async chooseConnection({ id, connectionId }) {
      const row = mustGet(id);
      const record = connectionId === null ? null : connections.list().find((c) => c.id === connectionId);
      if (connectionId !== null && !record) throw new KioskError('not_found', t('core:kiosk.connectionGonePick'));
      const serving = vendorServing(row);
      if (record && serving && record.vendor !== serving.id) {
        throw new KioskError('invalid_input', t('core:kiosk.wrongVendor', { vendor: serving.names.request, name: record.name }));
      }
      if (!requests.chooseConnection(id, connectionId, record?.name ?? null)) {
        throw new KioskError('not_allowed', t('core:kiosk.keepsConnection', { state: stateLabel(row.state) }));
      }
      changed([id]);
      kick();
      return toSummary(mustGet(id), now());
    },
    async setLicenseKey({ id, licenseKey: typed }) {
      const row = mustGet(id);
      const vendor = vendorServing(row);
      const licenseKey = normaliseLicenseKey(typed, vendor);
      if (!licenseKey) throw new KioskError('invalid_input', t('core:kiosk.enterKey'));
      if (!row.needs_license_key && row.license_key === licenseKey) return toSummary(row, now());
      if (vendor?.maxLicenseKeyChars !== undefined && licenseKey.length > vendor.maxLicenseKeyChars) {
        throw new KioskError('invalid_input', t('core:kiosk.keyTooLong', { vendor: vendor.names.request, max: vendor.maxLicenseKeyChars }));
      }
      const key = checkRequestKey(row, licenseKey, connections.list(), t('core:kiosk.keyEntered'));
      if (key?.status === 'invalid') throw new KioskError('invalid_input', t('core:kiosk.keyWaits', { problem: key.message }));
      // ui-text-ok: the parser's own label suffix (shared/formats), matched to be removed
      const label = row.format_label.replace(' (needs licence key)', '');
      if (!requests.setLicenseKey(id, licenseKey, label)) {
        throw new KioskError(
          'not_allowed',
          ['queued', 'retry_wait', 'rejected'].includes(row.state)
            ? t('core:kiosk.deviceKey')
            : t('core:kiosk.keySent', { state: stateLabel(row.state) }),
        );
      }
      changed([id]);
      kick();
      return toSummary(mustGet(id), now());
    },
    async deliver({ ids, to }) {
      if (to !== options.deliverTo) throw new KioskError('not_supported', to === 'folder' ? t('core:export.filesDownloaded') : t('core:export.folderHere'));
      const problems: { id: string; message: string }[] = [];
      const ready = ids.flatMap((id) => {
        const answer = deliverableAnswer(requests, id, now().getTime());
        if ('problem' in answer) {
          problems.push({ id, message: answer.problem });
          return [];
        }
        return [{ id, response: answer.response }];
      });
      if (to === 'download') {
        // Exported, not delivered: the file is on this computer, not on its device yet.
        const exported = requests.markExported(ready.map(({ id, response }) => ({ id, detail: t('core:export.exportedToDownload', { file: response.file_name }) })), t('core:export.browserDownload'));
        if (exported.length) changed(exported);
        return {
          folder: null,
          written: [],
          files: ready.map(({ id, response }) => ({ id, fileName: response.file_name, mediaType: response.media_type, contentBase64: response.artifact.toString('base64') })),
          problems,
        };
      }
      const folder = ready.length ? await options.chooseFolder?.() : null;
      if (!folder) return { folder: null, written: [], files: [], problems };
      const written: { id: string; fileName: string }[] = [];
      const tag = beginExport(preferences, folder);
      for (const { id, response } of ready) {
        try {
          const result = writeNewFile(folder, response.file_name, response.artifact, tag);
          requests.markExported([{ id, detail: t('core:export.exportedTo', { file: result.fileName, folder }) }], folder);
          written.push({ id, fileName: result.fileName });
        } catch (error) {
          problems.push({ id, message: t('core:export.fileWriteFailed', { file: response.file_name, problem: (error as Error).message }) });
        }
      }
      endExport(preferences, tag);
      if (written.length) changed(written.map((w) => w.id));
      return { folder, written, files: [], problems };
    },
    async getResponseQr({ id }) {
      const row = mustGet(id);
      const response = requests.response(id);
      if (!response || (row.state !== 'fulfilled' && row.state !== 'delivered')) {
        throw new KioskError('not_allowed', t('core:kiosk.noResponseYet', { state: stateLabel(row.state) }));
      }
      const unusable = responseUnusable(response, now().getTime());
      if (unusable) throw new KioskError('not_allowed', unusable);
      let qr: { ur: string; envelopeBytes: number };
      try {
        qr = responseQr(row, response, vendorServing(row)?.id ?? null);
      } catch (error) {
        if (error instanceof FormatError) throw new KioskError('not_supported', t('core:kiosk.noQr', { problem: error.message }));
        throw error;
      }
      return {
        id,
        ...qr,
        fileName: response.file_name,
        deviceLabel: deviceText(row.device_label, row.device_id),
        state: row.state,
      };
    },
    async markDelivered({ id }) {
      const row = mustGet(id);
      if (deviceReceipt(requests.history(id))?.outcome === 'refused') {
        throw new KioskError('not_allowed', t('core:export.deviceRefused'));
      }
      const response = requests.response(id);
      // `via` is 'screen' (the contract's only way yet): shown as QR on screen.
      if (!response || !requests.markDelivered(id, t('core:kiosk.viaScreen'), t('core:kiosk.shownAsQr', { file: response.file_name }))) {
        throw new KioskError('not_allowed', t('core:export.onlyReady', { state: stateLabel(row.state) }));
      }
      changed([id]);
      return toSummary(mustGet(id), now());
    },
    async getConnection() {
      return connectionView();
    },
    async listConnections() {
      return Promise.all(connections.list().map(viewOf));
    },
    async saveConnection(input) {
      const vendor = vendorOf(input.vendor);
      await vendor.check(input);
      const previous = input.id ? connections.get(input.id) : null;
      if (input.id && !previous) throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      if (previous && previous.vendor !== input.vendor) throw new KioskError('invalid_input', t('core:kiosk.noVendorChange'));
      if (previous?.isDemo) throw new KioskError('not_allowed', t('core:kiosk.demoNotEditable'));
      const saved = toSaved(input, previous);
      const origin = checkAddress(saved);
      let secret = input.secret;
      if (vendor.exchangeSecret && secret) ({ settings: saved.settings, secret } = await exchanged(vendor, secret, saved));
      // Read before the address changes: an older kiosk's bare token is bound to the address it was entered for.
      const before = previous && vendor.secret ? await tokens.read(previous.id) : null;
      const record = connections.save({ ...saved, id: input.id, name: input.name, single: vendor.single });
      let notice: string | null = null;
      if (vendor.secret && secret) await tokens.save(record.id, origin, secret);
      else if (before && before.origin !== origin) {
        await tokens.clear(record.id);
        notice = tokenCleared();
      }
      connectionsChanged();
      return { ...(await viewOf(record)), notice };
    },
    async removeConnection({ id }) {
      const result = connections.remove(id);
      if (result === 'not_found') throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      if (result === 'in_flight') throw new KioskError('not_allowed', t('core:kiosk.connectionBusy'));
      await tokens.clear(id);
      connectorCache.delete(id);
      limiters.get(id)?.close();
      limiters.delete(id);
      connectionsChanged();
      return { removed: id };
    },
    async renameConnection({ id, name }) {
      if (!connections.rename(id, name)) throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      connectionsChanged();
      return viewOf(connections.get(id)!);
    },
    async setDefaultConnection({ id }) {
      if (!connections.setDefault(id)) throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      connectionsChanged();
      const record = connections.get(id);
      if (!record) throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      return viewOf(record);
    },
    async testConnection(input) {
      const previous = input.id ? connections.get(input.id) : null;
      const saved = toSaved(input, previous);
      checkAddress(saved);
      // Without a typed token, test with the one saved for this same connection (never another
      // vendor's), and only when it was entered for this very address.
      const same = previous && previous.vendor === input.vendor ? previous : null;
      const stored = !input.secret && same ? await tokens.read(same.id) : null;
      const token = input.secret || (same && stored ? await tokens.tokenFor(same.id, saved.settings.baseUrl) : null);
      const notSent: HealthCheck[] = stored && !token && needsToken(saved) ? [{ name: t('core:kiosk.storedToken'), ok: false, message: tokenNotForThisAddress(stored, saved.settings.baseUrl) }] : [];
      const testId = 'connection:test:token';
      const vendor = vendorOf(saved.vendor);
      const connector = vendor.connector(saved.settings, { secrets: trialSecrets(testId, token), secretId: testId });
      const checks = [...notSent, ...(await maskedConnector(connector, async () => [...secretForms(vendor, input.secret), ...secretForms(vendor, stored?.token)]).health())];
      return { ok: checks.every((c) => c.ok), checks };
    },
    async useDemoConnection() {
      if (!demo.available) throw new KioskError('not_supported', t('core:kiosk.demoMissing'));
      await demo.ensureStarted();
      connections.useDemo();
      connectionsChanged();
      const view = await connectionView();
      if (!view) throw new KioskError('internal', t('core:kiosk.demoFailed'));
      return view;
    },
    async getStatus() {
      return status();
    },
    ...visitHandlers({ db, requests, preferences, now, deliverTo: options.deliverTo, chooseFolder: options.chooseFolder, printPdf: options.printPdf, printPage: options.printPage, changed }),
    ...sticks.handlers,
    async restoreRequest({ id }) {
      if (!requests.transition(id, ['cancelled'], { to: 'queued', actor: 'engineer', event: 'restored', detail: t('core:kiosk.restored'), nextAttemptAt: null, error: null })) {
        const row = mustGet(id);
        throw new KioskError('not_allowed', t('core:kiosk.onlyCancelledRestore', { state: stateLabel(row.state) }));
      }
      changed([id]);
      kick();
      return toSummary(mustGet(id), now());
    },
    async keyRefusals({ connectionId, retry }) {
      const record = connections.get(connectionId);
      if (!record) throw new KioskError('not_found', t('core:kiosk.connectionGone'));
      const count = keyRefusedIds(requests, connectionId).length;
      if (!retry || count === 0) return { count, retried: 0 };
      const moved = retryKeyRefused(requests, connectionId, record.name);
      changed(moved);
      kick();
      return { count, retried: moved.length };
    },
    ...exportHandlers({ requests, preferences, now, deliverTo: options.deliverTo, chooseFolder: options.chooseFolder, changed, progress: (payload) => emit({ event: 'exportProgress', payload }) }),
  };

  if (options.syncIntervalMs) engine.start(options.syncIntervalMs);

  return {
    dataDir: options.dataDir,
    async call(name, raw) {
      try {
        if (!(name in calls) || !(name in handlers)) throw new KioskError('not_found', `Unknown call ${String(name)}.`);
        const input = parseInput(name, raw);
        const handler = handlers[name as keyof typeof handlers] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(input) };
      } catch (error) {
        if (error instanceof KioskError) return { ok: false, error: { code: error.code, message: error.message } };
        log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
        return { ok: false, error: { code: 'internal', message: t('core:kiosk.somethingWrong', { problem: (error as Error)?.message ?? t('core:kiosk.unknownError') }) } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (changeTimer) clearTimeout(changeTimer);
      await sticks.close();
      for (const limiter of limiters.values()) limiter.close();
      await engine.stop();
      await backups.stop();
      await demo.close();
      await audit.settled();
      db.close();
    },
  };
}

/** The stored look and language of the app; what an older or hand-edited entry lacks (or spells wrongly) is the default. */
function uiPreferencesOf(preferences: Preferences, kioskMode: KioskMode, systemLocales: () => readonly string[]): UiPreferences {
  const stored = preferences.get<Record<string, unknown>>('ui', {});
  const theme = uiPreferences.shape.theme.safeParse(stored.theme);
  const language = uiPreferences.shape.language.safeParse(stored.language);
  const setting = language.success ? language.data : 'system';
  return { theme: theme.success ? theme.data : 'system', language: setting, display: { ...resolveLanguage(setting, systemLocales()), system: resolveLanguage('system', systemLocales()).language }, kioskMode: kioskMode.on };
}
