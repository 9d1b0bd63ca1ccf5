// The kiosk's core: the store, the sync engine, delivery and the demo service behind the contract.
// It knows nothing of Electron or HTTP; both transports hand it raw inputs and forward its events.
import path from 'node:path';
import { calls, parseInput, type CallOutput, type ConnectionInput, type ConnectionView, type Status } from '../../shared/api/contract.ts';
import { KioskError, type CallResult } from '../../shared/api/errors.ts';
import type { CallName, EventName } from '../../shared/api/methods.ts';
import { STATE_LABELS } from '../../shared/api/states.ts';
import { importRsaPublicKey, PublicKeyError } from '../../shared/crypto/rsa.ts';
import { createGenericConnector } from '../connectors/generic/generic-connector.ts';
import type { Connector } from '../connectors/types.ts';
import { createDemoService, type DemoService } from '../demo/demo-service.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { ConnectionStore, type GenericSettings } from '../store/connection-store.ts';
import { RequestStore } from '../store/request-store.ts';
import { SyncEngine, type ActiveConnection } from '../sync/sync-engine.ts';
import { writeNewFile } from '../deliver/write-file.ts';
import { captureFiles } from './capture.ts';
import { toDetail, toSummary } from './views.ts';

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
}

export type CoreEvent = { [E in EventName]: { event: E; payload: unknown } }[EventName];

export interface KioskCore {
  call(name: CallName, raw: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (event: CoreEvent) => void): () => void;
  readonly dataDir: string;
  close(): Promise<void>;
}

export function createKioskCore(options: CoreOptions): KioskCore {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const db: Db = openDatabase(path.join(options.dataDir, 'kiosk.sqlite'), { nativeBinding: options.nativeBinding });
  const requests = new RequestStore(db, now);
  const connections = new ConnectionStore(db, now);
  const demo: DemoService = createDemoService({ dataDir: options.dataDir, resourcesDir: options.resourcesDir });
  const listeners = new Set<(event: CoreEvent) => void>();
  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));

  let cachedConnector: { key: string; connector: Connector } | null = null;
  async function resolveSettings(): Promise<{ id: string; settings: GenericSettings } | null> {
    const record = connections.getDefault();
    if (!record) return null;
    const settings = record.isDemo ? await demo.ensureStarted() : record.settings;
    return settings ? { id: record.id, settings } : null;
  }
  async function activeConnection(): Promise<ActiveConnection | null> {
    const resolved = await resolveSettings();
    if (!resolved) return null;
    const key = JSON.stringify(resolved);
    if (cachedConnector?.key !== key) cachedConnector = { key, connector: createGenericConnector(resolved.settings) };
    return { id: resolved.id, connector: cachedConnector.connector };
  }

  const engine = new SyncEngine({
    store: requests,
    now,
    connection: activeConnection,
    onRequestsChanged: (ids) => emit({ event: 'requestsChanged', payload: { ids } }),
    onStatusChanged: () => void status().then((payload) => emit({ event: 'statusChanged', payload }), () => undefined),
  });

  async function connectionView(): Promise<ConnectionView | null> {
    const record = connections.getDefault();
    if (!record) return null;
    const settings = record.isDemo ? await demo.ensureStarted() : record.settings;
    return {
      id: record.id,
      vendor: record.vendor,
      name: record.name,
      baseUrl: settings?.baseUrl ?? '',
      publicKeyPem: settings?.publicKeyPem ?? '',
      isDemo: record.isDemo,
    };
  }

  async function status(): Promise<Status> {
    return {
      connection: await connectionView(),
      online: engine.online,
      syncing: engine.syncing,
      syncProgress: engine.progress,
      lastSyncAt: engine.lastSyncAt,
      lastSyncError: engine.lastSyncError,
      counts: requests.counts(),
      demoAvailable: demo.available,
      samplesDir: path.join(options.resourcesDir, 'samples'),
      deliverTo: options.deliverTo,
      dataDir: options.dataDir,
    };
  }

  function changed(ids: string[]): void {
    emit({ event: 'requestsChanged', payload: { ids } });
    void status().then((payload) => emit({ event: 'statusChanged', payload }), () => undefined);
  }

  /** Starts a background pass soon after new work arrives, when automatic sync is on. */
  function kick(): void {
    if (options.syncIntervalMs) void engine.syncNow().catch((error: unknown) => log(`sync failed: ${String(error)}`));
  }

  function mustGet(id: string) {
    const row = requests.get(id);
    if (!row) throw new KioskError('not_found', 'That request is not in the queue (it may have been removed).');
    return row;
  }

  async function checkPublicKey(input: ConnectionInput): Promise<void> {
    try {
      await importRsaPublicKey(input.publicKeyPem);
    } catch (error) {
      if (error instanceof PublicKeyError) throw new KioskError('invalid_input', `Public key: ${error.message}.`);
      throw error;
    }
  }

  const handlers: { [K in CallName]: (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>> } = {
    async capture(input) {
      const results = await captureFiles(requests, input, now());
      const ids = results.flatMap((r) => (r.requestId ? [r.requestId] : []));
      if (ids.length) {
        changed(ids);
        kick();
      }
      return { results };
    },
    async listRequests(input) {
      return { requests: requests.list(input).map(toSummary), counts: requests.counts() };
    },
    async getRequest({ id }) {
      const row = mustGet(id);
      return toDetail(row, requests.history(id), requests.response(id));
    },
    async syncNow() {
      if (!connections.getDefault()) throw new KioskError('no_connection', 'No licensing connection yet: set one up in Settings, or use the demo connection.');
      return engine.syncNow();
    },
    async cancelRequest({ id }) {
      const row = mustGet(id);
      const done = requests.transition(id, ['queued', 'retry_wait', 'rejected'], {
        to: 'cancelled',
        actor: 'engineer',
        event: 'cancelled',
        detail: 'Cancelled by the engineer; it will not be sent',
        nextAttemptAt: null,
      });
      if (!done) throw new KioskError('not_allowed', `A request that is "${STATE_LABELS[row.state]}" cannot be cancelled.`);
      changed([id]);
      return toSummary(mustGet(id));
    },
    async retryRequest({ id }) {
      const row = mustGet(id);
      const done = requests.transition(id, ['rejected', 'retry_wait', 'cancelled'], {
        to: 'queued',
        actor: 'engineer',
        event: 'retry',
        detail: 'Queued again by the engineer',
        nextAttemptAt: null,
        error: null,
      });
      if (!done) throw new KioskError('not_allowed', `A request that is "${STATE_LABELS[row.state]}" cannot be retried.`);
      changed([id]);
      kick();
      return toSummary(mustGet(id));
    },
    async setLicenseKey({ id, licenseKey }) {
      const row = mustGet(id);
      const label = row.format_label.replace(' (needs licence key)', '');
      if (!requests.setLicenseKey(id, licenseKey, label)) {
        throw new KioskError('not_allowed', row.needs_license_key ? `A request that is "${STATE_LABELS[row.state]}" can no longer change its licence key.` : 'This request already carries its licence key.');
      }
      changed([id]);
      kick();
      return toSummary(mustGet(id));
    },
    async deliver({ ids, to }) {
      if (to !== options.deliverTo) throw new KioskError('not_supported', to === 'folder' ? 'This window cannot write into folders; the files are downloaded instead.' : 'Export writes into a folder here.');
      const problems: { id: string; message: string }[] = [];
      const ready = ids.flatMap((id) => {
        const row = requests.get(id);
        const response = row && requests.response(id);
        if (!row || !response || (row.state !== 'fulfilled' && row.state !== 'delivered')) {
          problems.push({ id, message: row ? `Not ready to deliver (${STATE_LABELS[row.state]}).` : 'Not in the queue.' });
          return [];
        }
        return [{ id, response }];
      });
      if (to === 'download') {
        for (const { id, response } of ready) requests.markDelivered(id, 'a browser download', response.file_name);
        if (ready.length) changed(ready.map((r) => r.id));
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
      for (const { id, response } of ready) {
        try {
          const result = writeNewFile(folder, response.file_name, response.artifact);
          requests.markDelivered(id, folder, result.fileName);
          written.push({ id, fileName: result.fileName });
        } catch (error) {
          problems.push({ id, message: `Could not write ${response.file_name}: ${(error as Error).message}` });
        }
      }
      if (written.length) changed(written.map((w) => w.id));
      return { folder, written, files: [], problems };
    },
    async getConnection() {
      return connectionView();
    },
    async saveConnection(input) {
      await checkPublicKey(input);
      const record = connections.saveGeneric(input.name, { baseUrl: input.baseUrl.replace(/\/+$/, ''), publicKeyPem: input.publicKeyPem });
      engine.online = null;
      changed([]);
      kick();
      return (await connectionView()) ?? { ...record, baseUrl: input.baseUrl, publicKeyPem: input.publicKeyPem };
    },
    async testConnection(input) {
      const checks = await createGenericConnector({ baseUrl: input.baseUrl.replace(/\/+$/, ''), publicKeyPem: input.publicKeyPem }).health();
      return { ok: checks.every((c) => c.ok), checks };
    },
    async useDemoConnection() {
      if (!demo.available) throw new KioskError('not_supported', 'The demo licensing service is not part of this installation.');
      await demo.ensureStarted();
      connections.useDemo();
      engine.online = null;
      changed([]);
      kick();
      const view = await connectionView();
      if (!view) throw new KioskError('internal', 'The demo connection could not be set up.');
      return view;
    },
    async getStatus() {
      return status();
    },
  };

  if (options.syncIntervalMs) engine.start(options.syncIntervalMs);

  return {
    dataDir: options.dataDir,
    async call(name, raw) {
      try {
        if (!(name in calls)) throw new KioskError('not_found', `Unknown call ${String(name)}.`);
        const input = parseInput(name, raw);
        const handler = handlers[name] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(input) };
      } catch (error) {
        if (error instanceof KioskError) return { ok: false, error: { code: error.code, message: error.message } };
        log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
        return { ok: false, error: { code: 'internal', message: `Something went wrong (${(error as Error)?.message ?? 'unknown error'}). Nothing stored was lost.` } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await engine.stop();
      await demo.close();
      db.close();
    },
  };
}
