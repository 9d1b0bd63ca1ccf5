// Sends due requests to their licensing APIs (several connections in one pass, each request routed to
// the connection for its vendor) and records every outcome.
// A request is marked in_flight (in its own transaction) before it is sent, so a crash mid-request
// is found at the next start and reconciled with the server before anything is sent again.
import type { Connector, ConnectorRequest, Outcome, Reconciled } from '../connectors/types.ts';
import type { RequestRow, RequestStore } from '../store/request-store.ts';
import { nextAttemptAt } from './backoff.ts';

export interface ActiveConnection {
  id: string;
  name: string;
  connector: Connector;
}

/** The connections of one pass and which one each request goes to. */
export interface Routing {
  connections: ActiveConnection[];
  /** The connection for a request, or why there is none (one sentence for the engineer). */
  route(row: RequestRow): ActiveConnection | { missing: string };
  byId(id: string): ActiveConnection | undefined;
}

export interface SyncDeps {
  store: RequestStore;
  now: () => Date;
  routing: () => Promise<Routing>;
  onRequestsChanged: (ids: string[]) => void;
  onStatusChanged: () => void;
  random?: () => number;
}

export interface SyncSummary {
  attempted: number;
  fulfilled: number;
  failed: number;
}

const NETWORK_CODES = new Set(['network', 'timeout']);
const BATCH = 200;

export class SyncEngine {
  online: boolean | null = null;
  progress: { done: number; total: number } | null = null;
  lastSyncAt: string | null = null;
  lastSyncError: string | null = null;
  private running: Promise<SyncSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: SyncDeps) {}

  get syncing(): boolean {
    return this.running !== null;
  }

  /** Runs a pass now, or joins the one already running. */
  syncNow(): Promise<SyncSummary> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
      this.progress = null;
      this.deps.onStatusChanged();
    });
    return this.running;
  }

  /** Syncs in the background: every `intervalMs` when there is work and the API answers. */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        if (!this.running && this.hasWork()) {
          if (this.online === false && !(await this.probe())) return;
          await this.syncNow();
        }
      } finally {
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      }
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private hasWork(): boolean {
    const { store, now } = this.deps;
    return store.inState('in_flight').length > 0 || store.due(now().toISOString(), 1).length > 0 || (this.online === false && store.inState('retry_wait').length > 0);
  }

  /** A cheap reachability check while offline; on success, requests that failed for the network go at once. */
  private async probe(): Promise<boolean> {
    const routing = await this.deps.routing();
    let reachable = false;
    for (const active of routing.connections) {
      const checks = await active.connector.health().catch(() => []);
      if (checks.length > 0 && checks.every((c) => c.ok)) reachable = true;
    }
    if (reachable) {
      this.online = true;
      this.deps.store.wakeNetworkWaiters(this.deps.now().toISOString());
      this.deps.onStatusChanged();
    }
    return reachable;
  }

  private async pass(): Promise<SyncSummary> {
    const { store, now } = this.deps;
    const summary: SyncSummary = { attempted: 0, fulfilled: 0, failed: 0 };
    const routing = await this.deps.routing();
    if (routing.connections.length === 0) {
      this.lastSyncError = 'No licensing connection yet: choose one in Settings.';
      this.deps.onStatusChanged();
      return summary;
    }
    this.lastSyncError = null;
    /** Connections that could not be reached this pass: nothing more is sent through them. */
    const offline = new Set<string>();

    // Interrupted requests first: find out whether the server applied them before sending anything.
    for (const row of store.inState('in_flight')) {
      const routed = (row.connection_id ? routing.byId(row.connection_id) : undefined) ?? routing.route(row);
      if ('missing' in routed || offline.has(routed.id)) continue;
      const result = await this.reconcile(routed, row);
      if (result === 'offline') offline.add(routed.id);
    }

    store.wakeNetworkWaiters(now().toISOString());
    const due = store.due(now().toISOString(), BATCH);
    this.progress = { done: 0, total: due.length };
    this.deps.onStatusChanged();
    for (const row of due) {
      if (this.stopped) break;
      if (row.expires_at && row.expires_at <= now().toISOString()) {
        store.transition(row.id, [row.state], { to: 'expired', actor: 'sync', event: 'expired', detail: `The request expired at ${row.expires_at}; it was not sent` });
        this.deps.onRequestsChanged([row.id]);
        continue;
      }
      const routed = routing.route(row);
      if ('missing' in routed) {
        // Never sent to a connection for another vendor: it waits (not due) until a matching one is added.
        if (store.markWaitingForConnection(row.id, routed.missing)) this.deps.onRequestsChanged([row.id]);
        this.progress = { done: this.progress.done + 1, total: this.progress.total };
        continue;
      }
      if (offline.has(routed.id)) continue;
      const attempts = row.attempts + 1;
      let claimed: boolean;
      try {
        claimed = store.transition(row.id, ['queued', 'retry_wait'], {
          to: 'in_flight',
          actor: 'sync',
          event: 'sending',
          detail: `Attempt ${attempts}: sending to ${routed.name}`,
          attempts,
          connectionId: routed.id,
        });
      } catch {
        // The connection was removed during this pass (its row is gone): nothing changed; the next pass routes again.
        continue;
      }
      if (!claimed) continue;
      this.deps.onRequestsChanged([row.id]);
      summary.attempted += 1;
      const outcome = await routed.connector.fulfil(toConnectorRequest(row)).catch(unexpectedFailure);
      const ok = this.record(row.id, attempts, outcome, 'received');
      if (ok) summary.fulfilled += 1;
      else summary.failed += 1;
      this.progress = { done: this.progress.done + 1, total: this.progress.total };
      this.deps.onRequestsChanged([row.id]);
      this.deps.onStatusChanged();
      if (!outcome.ok && NETWORK_CODES.has(outcome.code)) offline.add(routed.id);
    }
    if (offline.size === 0) return this.finish(summary, null);
    const names = routing.connections.filter((c) => offline.has(c.id)).map((c) => c.name);
    return this.finish(summary, `${names.join(', ')} cannot be reached; its requests wait and nothing is lost.`);
  }

  private finish(summary: SyncSummary, offlineMessage: string | null): SyncSummary {
    this.online = offlineMessage === null;
    this.lastSyncError = offlineMessage;
    this.lastSyncAt = this.deps.now().toISOString();
    return summary;
  }

  private async reconcile(active: ActiveConnection, row: RequestRow): Promise<'done' | 'offline'> {
    const result: Reconciled = await active.connector.reconcile(toConnectorRequest(row)).catch(unexpectedFailure);
    if (!result.ok && 'notApplied' in result) {
      this.deps.store.transition(row.id, ['in_flight'], {
        to: 'queued',
        actor: 'sync',
        event: 'reconciled',
        detail: 'Interrupted before the server applied it; it will be sent again',
      });
    } else {
      if (!result.ok && NETWORK_CODES.has(result.code)) return 'offline';
      this.record(row.id, row.attempts, result, 'reconciled');
    }
    this.deps.onRequestsChanged([row.id]);
    return 'done';
  }

  /** Stores one outcome; returns whether the request is now fulfilled. */
  private record(id: string, attempts: number, outcome: Outcome, how: 'received' | 'reconciled'): boolean {
    const { store, now } = this.deps;
    if (outcome.ok) {
      const detail =
        how === 'reconciled'
          ? `Interrupted earlier; ${outcome.note}`
          : `${outcome.note} Signed response verified; ready to deliver as ${outcome.artifact.fileName}`;
      return store.fulfil(id, outcome.artifact, { actor: 'sync', event: how === 'reconciled' ? 'reconciled' : 'fulfilled', detail });
    }
    const error = { code: outcome.code, message: outcome.message };
    if (outcome.retryable) {
      const at = new Date(nextAttemptAt(now().getTime(), attempts, outcome.retryAt, this.deps.random));
      store.transition(id, ['in_flight'], {
        to: 'retry_wait',
        actor: 'sync',
        event: 'will_retry',
        detail: `${outcome.message} Next try after ${at.toISOString()}`,
        error,
        nextAttemptAt: at.toISOString(),
      });
    } else {
      store.transition(id, ['in_flight'], { to: 'rejected', actor: 'sync', event: 'refused', detail: outcome.message, error, nextAttemptAt: null });
    }
    return false;
  }
}

export function toConnectorRequest(row: RequestRow): ConnectorRequest {
  return {
    id: row.id,
    kind: row.kind,
    licenseKey: row.license_key,
    deviceId: row.device_id,
    deviceLabel: row.device_label,
    deviceDetails: JSON.parse(row.device_details) as Record<string, string>,
    ...(row.request_body !== null ? { requestBody: row.request_body } : {}),
  };
}

/** A connector that throws is a bug; the request waits rather than being lost or refused. */
function unexpectedFailure(error: unknown): Outcome {
  return {
    ok: false,
    retryable: true,
    code: 'internal',
    message: `Unexpected error while talking to the licensing API (${(error as Error)?.message ?? String(error)}).`,
    retryAt: null,
    rateLimit: null,
  };
}
