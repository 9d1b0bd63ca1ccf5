// Sends due requests to their licensing APIs (several connections in one pass, each request routed to
// the connection for its vendor) and records every outcome.
// A request is marked in_flight (in its own transaction) before it is sent, so a crash mid-request
// is found at the next start and reconciled with the server before anything is sent again.
import { t } from '../../shared/i18n/index.ts';
import { SEAT_RETURN_FORMAT } from '../../shared/formats/request.ts';
import { vendorServing } from '../connectors/registry.ts';
import type { Connector, ConnectorRequest, Outcome, Reconciled } from '../connectors/types.ts';
import type { RequestRow, RequestStore } from '../store/request-store.ts';
import { nextAttemptAt } from './backoff.ts';
import type { RateLimitView } from './rate-limiter.ts';

export interface ActiveConnection {
  id: string;
  name: string;
  connector: Connector;
  /** What the connection's rate limiter knows, for the status bar. */
  rateLimit?: () => RateLimitView;
  /** Waits until the rate limit has room (false: sync stopped), so a request is not claimed only to wait. */
  ready?: () => Promise<boolean>;
  /** How many requests to send at once now (follows the API's rate limit and latency); absent: the engine's fixed number. */
  concurrency?: () => number;
}

/** The connections of one pass and which one each request goes to. */
export interface Routing {
  connections: ActiveConnection[];
  /** The connection for a request, or why there is none (one sentence for the engineer). */
  route(row: RequestRow): ActiveConnection | { missing: string };
  byId(id: string): ActiveConnection | undefined;
  /** Why saved connections are left out of this pass (one sentence each), when some are. */
  problems?: string[];
}

export interface SyncDeps {
  store: RequestStore;
  now: () => Date;
  routing: () => Promise<Routing>;
  onRequestsChanged: (ids: string[]) => void;
  onStatusChanged: () => void;
  /** A pass that sent something has ended (the Electron shell shows a desktop notification). */
  onPassFinished?: (summary: SyncSummary) => void;
  random?: () => number;
  /** Starts paused (the engineer's switch, kept across restarts). */
  paused?: boolean;
  /** Requests sent at once through one connection, fixed; absent: each connection's own (adaptive) number, else 4. */
  concurrency?: number;
  /** First retry delay; doubles each attempt (default 5 s). */
  retryBaseMs?: number;
}

export interface SyncSummary {
  attempted: number;
  fulfilled: number;
  failed: number;
}

/** What the engine knows of one connection: reachable or not, and what it is sending now. */
export interface LaneView {
  id: string;
  name: string;
  online: boolean | null;
  inFlight: number;
  rateLimit: RateLimitView | null;
}

const NETWORK_CODES = new Set(['network', 'timeout']);
const BATCH = 200;
const DEFAULT_CONCURRENCY = 4;
/** The background loop never sleeps less than this between passes. */
const MIN_TICK_MS = 20;

export class SyncEngine {
  online: boolean | null = null;
  progress: { done: number; total: number } | null = null;
  lastSyncAt: string | null = null;
  lastSyncError: string | null = null;
  private readonly lanes = new Map<string, LaneView>();
  private lastConnections: ActiveConnection[] = [];
  private running: Promise<SyncSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private intervalMs = 0;
  private stopped = false;

  private isPaused: boolean;

  constructor(private readonly deps: SyncDeps) {
    this.isPaused = deps.paused ?? false;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get syncing(): boolean {
    return this.running !== null;
  }

  /** Each connection's reachability, requests in flight and rate-limit window. */
  laneViews(): LaneView[] {
    return this.lastConnections.map((c) => ({ ...this.lane(c), rateLimit: c.rateLimit?.() ?? null }));
  }

  /** Runs a pass now, or joins the one already running; while paused nothing is run (not even a reconcile). */
  syncNow(): Promise<SyncSummary> {
    if (!this.running && this.paused) return Promise.resolve({ attempted: 0, fulfilled: 0, failed: 0 });
    this.running ??= this.pass().then(
      (summary) => {
        this.passEnded(summary.attempted > 0);
        return summary;
      },
      (error: unknown) => {
        this.passEnded(false);
        throw error;
      },
    );
    return this.running;
  }

  /** Back in the background loop: straight on while passes make progress, else at the interval. */
  private passEnded(progressed: boolean): void {
    this.running = null;
    this.progress = null;
    this.deps.onStatusChanged();
    this.schedule(progressed && this.online !== false ? 0 : this.intervalMs);
  }

  /** Stops sending new requests (those in flight finish); background sync waits until resumed. */
  setPaused(paused: boolean): void {
    this.isPaused = paused;
    this.deps.onStatusChanged();
    if (!paused) this.schedule(0);
  }

  /** The OS says the network came or went: check the APIs at once rather than at the next tick. */
  networkChanged(online: boolean): void {
    if (!online) {
      this.online = false;
      for (const connection of this.lastConnections) this.lane(connection).online = false;
      this.deps.onStatusChanged();
      return;
    }
    this.schedule(0, true);
  }

  /** Syncs in the background: when work is due (waking at the next retry time), every `intervalMs` at most apart. */
  start(intervalMs: number): void {
    this.stopped = false;
    this.intervalMs = intervalMs;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Plans the next background tick in `delayMs` (or at the next retry time, if sooner than the interval). */
  private schedule(delayMs: number, probeFirst = false): void {
    if (this.stopped || this.intervalMs <= 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(probeFirst), Math.max(MIN_TICK_MS, delayMs));
  }

  private async tick(probeFirst: boolean): Promise<void> {
    this.timer = null;
    if (this.stopped || this.running) return;
    let next = this.intervalMs;
    try {
      if (probeFirst || this.online === false) {
        if (!(await this.probe())) return;
      }
      if (this.paused) return; // only the reachability check goes on; resuming plans a tick at once
      if (this.hasWork()) {
        await this.syncNow();
        return; // the pass planned the next tick when it ended
      }
      next = Math.min(next, this.untilNextDue());
    } finally {
      if (!this.running && !this.timer) this.schedule(next);
    }
  }

  private untilNextDue(): number {
    const at = this.deps.store.nextDueAt();
    return at === null ? Number.POSITIVE_INFINITY : Date.parse(at) - this.deps.now().getTime();
  }

  private hasWork(): boolean {
    const { store, now } = this.deps;
    return store.inState('in_flight').length > 0 || store.due(now().toISOString(), 1).length > 0;
  }

  private lane(connection: ActiveConnection): LaneView {
    let lane = this.lanes.get(connection.id);
    if (!lane) {
      lane = { id: connection.id, name: connection.name, online: null, inFlight: 0, rateLimit: null };
      this.lanes.set(connection.id, lane);
    }
    lane.name = connection.name;
    return lane;
  }

  /** A cheap reachability check of every connection; requests that failed for the network go at once. */
  private async probe(): Promise<boolean> {
    const routing = await this.deps.routing();
    this.lastConnections = routing.connections;
    let reachable = false;
    for (const active of routing.connections) {
      const checks = await active.connector.health().catch(() => []);
      const ok = checks.length > 0 && checks.every((c) => c.ok);
      this.lane(active).online = ok;
      if (ok) reachable = true;
    }
    this.online = routing.connections.length === 0 ? null : reachable;
    if (reachable) this.deps.store.wakeNetworkWaiters(this.deps.now().toISOString());
    this.deps.onStatusChanged();
    return reachable;
  }

  private async pass(): Promise<SyncSummary> {
    const { store, now } = this.deps;
    const summary: SyncSummary = { attempted: 0, fulfilled: 0, failed: 0 };
    const routing = await this.deps.routing();
    this.lastConnections = routing.connections;
    if (routing.connections.length === 0) {
      this.lastSyncError = routing.problems?.length ? routing.problems.join(' ') : t('sync:noConnection');
      // Connections that cannot be used now: their requests are told why (they wait, not due, until the connections change).
      if (routing.problems?.length) for (const row of store.due(now().toISOString(), BATCH)) this.routeDue(routing, row, new Set());
      this.deps.onStatusChanged();
      return summary;
    }
    this.lastSyncError = null;
    /** Connections that could not be reached this pass: nothing more is sent through them. */
    const offline = new Set<string>();
    /** Due requests this pass leaves alone (their connection is offline or gone). */
    const skipped = new Set<string>();

    // Interrupted requests first: find out whether the server applied them before sending anything.
    for (const row of store.inState('in_flight')) {
      const routed = (row.connection_id ? routing.byId(row.connection_id) : undefined) ?? routing.route(row);
      if ('missing' in routed || offline.has(routed.id)) continue;
      const result = await this.reconcile(routed, row);
      if (result === 'offline') offline.add(routed.id);
    }

    // Requests that waited for the network go now that a pass runs (a failure in this pass keeps its backoff).
    store.wakeNetworkWaiters(now().toISOString());
    // The total is what is due at the start, so the bar does not jump with each batch; it grows only
    // when requests captured during the pass join it.
    this.progress = { done: 0, total: store.dueCount(now().toISOString()) };
    while (!this.stopped && !this.paused) {
      const due = store.due(now().toISOString(), BATCH + skipped.size).filter((row) => !skipped.has(row.id)).slice(0, BATCH);
      if (due.length === 0) break;
      this.progress = { done: this.progress.done, total: Math.max(this.progress.total, this.progress.done + due.length) };
      this.deps.onStatusChanged();
      const lanes = new Map<string, { connection: ActiveConnection; rows: RequestRow[] }>();
      for (const row of due) {
        const routed = this.routeDue(routing, row, offline);
        if (routed === null) {
          skipped.add(row.id);
          this.stepDone();
          continue;
        }
        const lane = lanes.get(routed.id) ?? { connection: routed, rows: [] };
        lane.rows.push(row);
        lanes.set(routed.id, lane);
      }
      await Promise.all([...lanes.values()].map((lane) => this.runLane(lane.connection, lane.rows, offline, skipped, summary)));
    }
    if (summary.attempted > 0) this.deps.onPassFinished?.(summary);
    if (offline.size === 0) return this.finish(summary, null);
    const names = routing.connections.filter((c) => offline.has(c.id)).map((c) => c.name);
    return this.finish(summary, t('sync:unreachable', { names: names.join(', ') }));
  }

  /** The connection a due request goes to now; null when it waits (expired, no connection, or its connection is offline). */
  private routeDue(routing: Routing, row: RequestRow, offline: Set<string>): ActiveConnection | null {
    const { store, now } = this.deps;
    if (row.expires_at && row.expires_at <= now().toISOString()) {
      store.transition(row.id, [row.state], { to: 'expired', actor: 'sync', event: 'expired', detail: t('sync:expired', { at: row.expires_at }) });
      this.deps.onRequestsChanged([row.id]);
      return null;
    }
    const routed = routing.route(row);
    if ('missing' in routed) {
      // Never sent to a connection for another vendor: it waits (not due) until a matching one is added.
      if (store.markWaitingForConnection(row.id, routed.missing)) this.deps.onRequestsChanged([row.id]);
      return null;
    }
    return offline.has(routed.id) ? null : routed;
  }

  /**
   * Sends one connection's share of a batch, as many at a time as the connection asks for now (it
   * follows the rate limit and the latency, so the number may change while the lane runs); the
   * connection's rate limiter paces the calls.
   */
  private async runLane(connection: ActiveConnection, rows: RequestRow[], offline: Set<string>, skipped: Set<string>, summary: SyncSummary): Promise<void> {
    const lane = this.lane(connection);
    const width = () => this.deps.concurrency ?? connection.concurrency?.() ?? DEFAULT_CONCURRENCY;
    const sendOne = async (row: RequestRow): Promise<void> => {
      const ready = (await connection.ready?.()) ?? true;
      if (!ready || this.stopped || this.paused || offline.has(connection.id)) {
        skipped.add(row.id);
        this.stepDone();
        return;
      }
      lane.inFlight += 1;
      try {
        const result = await this.send(connection, row, summary);
        if (result === 'gone') skipped.add(row.id);
        if (result === 'offline') {
          offline.add(connection.id);
          lane.online = false;
        } else if (result === 'sent') lane.online = true;
      } finally {
        lane.inFlight -= 1;
        this.stepDone();
      }
    };
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const fill = (): void => {
        while (rows.length > 0 && running < width()) {
          const row = rows.shift()!;
          running += 1;
          sendOne(row).then(() => {
            running -= 1;
            fill();
          }, reject);
        }
        if (running === 0) resolve();
      };
      fill();
    });
  }

  private stepDone(): void {
    if (this.progress) this.progress = { done: this.progress.done + 1, total: this.progress.total };
    this.deps.onStatusChanged();
  }

  /** Claims a request (in_flight, its own transaction), sends it and records the outcome. */
  private async send(routed: ActiveConnection, row: RequestRow, summary: SyncSummary): Promise<'sent' | 'offline' | 'gone' | 'taken'> {
    const { store } = this.deps;
    const attempts = row.attempts + 1;
    let claimed: boolean;
    try {
      claimed = store.transition(row.id, ['queued', 'retry_wait'], {
        to: 'in_flight',
        actor: 'sync',
        event: 'sending',
        detail: t('sync:sending', { attempt: attempts, connection: routed.name }),
        attempts,
        connectionId: routed.id,
      });
    } catch {
      // The connection was removed during this pass (its row is gone): nothing changed; the next pass routes again.
      return 'gone';
    }
    if (!claimed) return 'taken';
    this.deps.onRequestsChanged([row.id]);
    summary.attempted += 1;
    const outcome = await routed.connector.fulfil(toConnectorRequest(row)).catch(unexpectedFailure);
    if (this.record(row.id, attempts, outcome, 'received')) summary.fulfilled += 1;
    else summary.failed += 1;
    this.deps.onRequestsChanged([row.id]);
    return !outcome.ok && NETWORK_CODES.has(outcome.code) ? 'offline' : 'sent';
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
        detail: t('sync:interrupted'),
      });
    } else {
      if (!result.ok && NETWORK_CODES.has(result.code)) {
        this.lane(active).online = false;
        return 'offline';
      }
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
          ? t('sync:reconciled', { note: outcome.note })
          : t('sync:fulfilled', { note: outcome.note, file: outcome.artifact.fileName });
      return store.fulfil(id, outcome.artifact, { actor: 'sync', event: how === 'reconciled' ? 'reconciled' : 'fulfilled', detail });
    }
    const error = { code: outcome.code, message: outcome.message };
    if (outcome.retryable) {
      const at = new Date(nextAttemptAt(now().getTime(), attempts, outcome.retryAt, this.deps.random, this.deps.retryBaseMs));
      store.transition(id, ['in_flight'], {
        to: 'retry_wait',
        actor: 'sync',
        event: 'will_retry',
        detail: t('sync:willRetry', { message: outcome.message, at: at.toISOString() }),
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
    ...(row.format === SEAT_RETURN_FORMAT ? { seatReturn: true } : {}),
    ...vendorOfRow(row),
  };
}

function vendorOfRow(row: RequestRow): { vendor?: ConnectorRequest['vendor'] } {
  const serving = vendorServing(row);
  return serving ? { vendor: serving.id } : {};
}

/** A connector that throws is a bug; the request waits rather than being lost or refused. */
function unexpectedFailure(error: unknown): Outcome {
  return {
    ok: false,
    retryable: true,
    code: 'internal',
    message: t('sync:unexpected', { problem: (error as Error)?.message ?? String(error) }),
    retryAt: null,
    rateLimit: null,
  };
}
