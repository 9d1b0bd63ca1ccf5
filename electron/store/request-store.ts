// The request queue and its responses. Every state change is one transaction with its audit entry,
// and only moves a request from a state it is actually in (so two actors cannot both move it).
import { maskLicenseKey } from '../../shared/formats/license-key.ts';
import { t } from '../../shared/i18n/index.ts';
import type { RequestState } from '../../shared/api/states.ts';
import type { ParsedRequest, RequestKind } from '../../shared/formats/request.ts';
import type { RequestFilter, RequestSort } from '../../shared/api/request-list.ts';
import type { Db } from './database.ts';
import { orderClause, whereClause } from './request-query.ts';

export interface RequestRow {
  id: string;
  format: string;
  format_label: string;
  kind: RequestKind;
  source: string;
  source_name: string;
  raw: string;
  canonical: string;
  license_key: string;
  device_id: string;
  device_label: string | null;
  device_details: string;
  connection_id: string | null;
  state: RequestState;
  attempts: number;
  next_attempt_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  captured_at: string;
  updated_at: string;
  expires_at: string | null;
  vendor_hint: string | null;
  request_body: string | null;
  needs_license_key: number;
  nonce: string | null;
  device_public_key: string | null;
  signature_state: string | null;
  chosen_connection_id: string | null;
  /** The visit it was captured in (or moved to); null: none. */
  visit_id?: string | null;
  response_file_name?: string | null;
  response_expires_at?: string | null;
  response_exported_at?: string | null;
}

/** The columns a bulk action decides by. */
export type ActionRow = Pick<RequestRow, 'id' | 'kind' | 'state' | 'expires_at' | 'response_expires_at'>;

export interface ResponseRow {
  request_id: string;
  artifact: Buffer;
  file_name: string;
  media_type: string;
  verified_at: string;
  received_at: string;
  delivered_at: string | null;
  delivered_to: string | null;
  /** When and where the response was last written out as a file (exported is not delivered). */
  exported_at: string | null;
  exported_to: string | null;
  expires_at: string | null;
  /** 1 for the request's first response, +1 for each new one (Retry). */
  response_seq: number;
}

/** A device receipt the kiosk accepted, for one response of its request. */
export interface DeviceReceiptRow {
  request_id: string;
  receipt_sha256: string;
  response_seq: number;
  version: number;
  response_digest: string | null;
  /** Device clock, whole seconds. */
  applied_at: number;
  outcome: 'applied' | 'refused';
  recorded_at: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  request_id: string | null;
  actor: string;
  event: string;
  detail: string;
}

export type Actor = 'engineer' | 'sync' | 'system';

export interface Transition {
  to: RequestState;
  event: string;
  detail: string;
  actor: Actor;
  attempts?: number;
  nextAttemptAt?: string | null;
  error?: { code: string; message: string } | null;
  connectionId?: string | null;
}

/** The audit events of `fulfil` (sync's fresh or reconciled response): each stores a new response. */
export const RESPONSE_STORED_EVENTS = ['fulfilled', 'reconciled'] as const;

/** last_error_code of a queued request that waits for a connection for its vendor (not due until one is added). */
export const NO_CONNECTION = 'no_connection';

/** Due now, as two conditions each served by an index read in order (the queue is never sorted whole). */
// ui-text-ok: SQL
const DUE_QUEUED = `state = 'queued' AND needs_license_key = 0 AND COALESCE(last_error_code, '') <> '${NO_CONNECTION}'`;
// ui-text-ok: SQL
const DUE_RETRY = `state = 'retry_wait' AND next_attempt_at <= ? AND needs_license_key = 0`;

// ui-text-ok: SQL
const SUMMARY_COLUMNS = `r.*, s.file_name AS response_file_name, s.expires_at AS response_expires_at, s.exported_at AS response_exported_at`;

export class RequestStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  audit(requestId: string | null, actor: Actor, event: string, detail: string): void {
    this.db
      .prepare('INSERT INTO audit (at, request_id, actor, event, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.stamp(), requestId, actor, event, detail);
  }

  /** Runs several store changes as one transaction (one disk sync; all or nothing after a crash). */
  inOneTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Queues a captured request unless the same content is already queued. */
  insert(id: string, parsed: ParsedRequest, source: { kind: string; name: string; raw: string }, state: RequestState): 'queued' | 'duplicate' {
    return this.db.transaction(() => {
      const at = this.stamp();
      const result = this.db
        .prepare(
          `INSERT OR IGNORE INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key,
             device_id, device_label, device_details, state, captured_at, updated_at, expires_at,
             vendor_hint, request_body, needs_license_key, nonce, device_public_key, signature_state, visit_id)
           VALUES (@id, @format, @formatLabel, @kind, @source, @sourceName, @raw, @canonical, @licenseKey,
             @deviceId, @deviceLabel, @deviceDetails, @state, @at, @at, @expiresAt,
             @vendorHint, @requestBody, @needsLicenseKey, @nonce, @devicePublicKey, @signatureState,
             (SELECT id FROM visits WHERE ended_at IS NULL))`,
        )
        .run({
          id,
          format: parsed.format,
          formatLabel: parsed.formatLabel,
          kind: parsed.kind,
          source: source.kind,
          sourceName: source.name,
          raw: source.raw,
          canonical: parsed.canonical,
          licenseKey: parsed.licenseKey,
          deviceId: parsed.deviceId,
          deviceLabel: parsed.deviceLabel,
          deviceDetails: JSON.stringify(parsed.deviceDetails),
          state,
          at,
          expiresAt: parsed.expiresAt,
          vendorHint: parsed.vendorHint ?? null,
          requestBody: parsed.requestBody ?? null,
          needsLicenseKey: parsed.needsLicenseKey ? 1 : 0,
          nonce: parsed.nonce ?? null,
          devicePublicKey: parsed.devicePublicKey ?? null,
          signatureState: parsed.signature ?? null,
        });
      if (result.changes === 0) {
        this.audit(id, 'engineer', 'captured_again', t('store:request.capturedAgain', { name: source.name }));
        return 'duplicate';
      }
      const captured = source.kind === 'file'
        ? t('store:request.capturedFile', { name: source.name, format: parsed.formatLabel })
        : t('store:request.capturedInput', { kind: source.kind, name: source.name, format: parsed.formatLabel });
      this.audit(id, 'engineer', 'captured', captured);
      if (state === 'expired') this.audit(id, 'system', 'expired', t('store:request.expired', { at: parsed.expiresAt }));
      return 'queued';
    })();
  }

  /** Moves a request if it is in one of `from`; returns false when it was not (nothing changes). */
  transition(id: string, from: readonly RequestState[], change: Transition): boolean {
    return this.db.transaction(() => this.transitionInTx(id, from, change))();
  }

  /** Stores a verified response and marks the request fulfilled, in one transaction. */
  fulfil(
    id: string,
    artifact: { fileName: string; mediaType: string; bytes: Uint8Array; expiresAt?: string | null },
    change: Omit<Transition, 'to' | 'event'> & { event: (typeof RESPONSE_STORED_EVENTS)[number] },
  ): boolean {
    return this.db.transaction(() => {
      if (!this.transitionInTx(id, ['in_flight'], { ...change, to: 'fulfilled', error: null, nextAttemptAt: null })) return false;
      const at = this.stamp();
      this.db
        .prepare(
          `INSERT INTO responses (request_id, artifact, file_name, media_type, verified_at, received_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(request_id) DO UPDATE SET artifact = excluded.artifact, file_name = excluded.file_name,
             media_type = excluded.media_type, verified_at = excluded.verified_at, received_at = excluded.received_at,
             expires_at = excluded.expires_at, delivered_at = NULL, delivered_to = NULL, exported_at = NULL, exported_to = NULL, response_seq = responses.response_seq + 1`,
        )
        .run(id, Buffer.from(artifact.bytes), artifact.fileName, artifact.mediaType, at, at, artifact.expiresAt ?? null);
      return true;
    })();
  }

  /** The response reached its device (shown on screen as QR and read); false when none is ready. */
  markDelivered(id: string, to: string, detail: string): boolean {
    return this.db.transaction(() => this.deliverInTx(id, ['fulfilled', 'delivered'], to, { to: 'delivered', actor: 'engineer', event: 'delivered', detail }))();
  }

  /**
   * Records that responses were written out as files (to `to`), in one transaction with an audit entry
   * each. The request stays as it is: a file on a laptop or stick has not reached its device.
   * Returns the ids recorded (those that still have a ready or delivered response).
   */
  markExported(entries: readonly { id: string; detail: string }[], to: string): string[] {
    return this.db.transaction(() => {
      const at = this.stamp();
      const stamp = this.db.prepare(
        `UPDATE responses SET exported_at = ?, exported_to = ?
         WHERE request_id = ? AND EXISTS (SELECT 1 FROM requests WHERE id = ? AND state IN ('fulfilled', 'delivered'))`,
      );
      return entries.flatMap(({ id, detail }) => {
        if (stamp.run(at, to, id, id).changes === 0) return [];
        this.audit(id, 'engineer', 'exported', detail);
        return [id];
      });
    })();
  }

  /** Several responses reached their devices, as the engineer says: one transaction; returns the ids that moved. */
  markManyDelivered(entries: readonly { id: string; to: string; detail: string }[]): string[] {
    return this.db.transaction(() =>
      entries.flatMap(({ id, to, detail }) => (this.deliverInTx(id, ['fulfilled'], to, { to: 'delivered', actor: 'engineer', event: 'delivered', detail }) ? [id] : [])),
    )();
  }

  /** The receipt already accepted for this request with these CBOR bytes, if any. */
  deviceReceipt(id: string, receiptSha256: string): DeviceReceiptRow | undefined {
    return this.db.prepare('SELECT * FROM device_receipts WHERE request_id = ? AND receipt_sha256 = ?').get(id, receiptSha256) as DeviceReceiptRow | undefined;
  }

  /** The device's verdict on one response of the request: its accepted receipt with the latest device time. */
  deviceVerdict(id: string, responseSeq: number): DeviceReceiptRow | undefined {
    return this.db
      .prepare('SELECT * FROM device_receipts WHERE request_id = ? AND response_seq = ? ORDER BY applied_at DESC, rowid DESC LIMIT 1')
      .get(id, responseSeq) as DeviceReceiptRow | undefined;
  }

  /** Whether the device ever sent this request a receipt that names its response (version 2). */
  hasNamedReceipt(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM device_receipts WHERE request_id = ? AND version >= 2').get(id) !== undefined;
  }

  /**
   * Records an accepted device receipt (the caller checked binding and order) with its effect, in one
   * transaction: `applied` moves a ready response to delivered (or confirms one already delivered),
   * `refused` is only recorded. Returns what happened.
   */
  recordDeviceReceipt(entry: Omit<DeviceReceiptRow, 'recorded_at'>, detail: string): 'delivered' | 'confirmed' | 'refused' {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO device_receipts (request_id, receipt_sha256, response_seq, version, response_digest, applied_at, outcome, recorded_at)
           VALUES (@request_id, @receipt_sha256, @response_seq, @version, @response_digest, @applied_at, @outcome, @recorded_at)`,
        )
        .run({ ...entry, recorded_at: this.stamp() });
      const id = entry.request_id;
      if (entry.outcome === 'refused') {
        this.audit(id, 'system', 'device_refused', detail);
        return 'refused';
      }
      if (this.deliverInTx(id, ['fulfilled'], 'device (receipt)', { to: 'delivered', actor: 'system', event: 'device_confirmed', detail })) return 'delivered';
      this.audit(id, 'system', 'device_confirmed', detail);
      return 'confirmed';
    })();
  }

  /** Moves the request to delivered and stamps its response with where it went; false when it could not move. */
  private deliverInTx(id: string, from: readonly RequestState[], deliveredTo: string, change: Transition): boolean {
    const moved = this.transitionInTx(id, from, change);
    if (moved) this.db.prepare('UPDATE responses SET delivered_at = ?, delivered_to = ? WHERE request_id = ?').run(this.stamp(), deliveredTo, id);
    return moved;
  }

  private transitionInTx(id: string, from: readonly RequestState[], change: Transition): boolean {
    const placeholders = from.map(() => '?').join(', ');
    const sets = ['state = ?', 'updated_at = ?'];
    const values: unknown[] = [change.to, this.stamp()];
    const optional: [string, unknown][] = [
      ['attempts', change.attempts],
      ['next_attempt_at', change.nextAttemptAt],
      ['connection_id', change.connectionId],
    ];
    for (const [column, value] of optional) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(value);
    }
    if (change.error !== undefined) {
      // ui-text-ok: SQL
      sets.push('last_error_code = ?', 'last_error = ?');
      values.push(change.error?.code ?? null, change.error?.message ?? null);
    }
    const result = this.db
      .prepare(`UPDATE requests SET ${sets.join(', ')} WHERE id = ? AND state IN (${placeholders})`)
      .run(...values, id, ...from);
    if (result.changes === 0) return false;
    this.audit(id, change.actor, change.event, change.detail);
    return true;
  }

  get(id: string): RequestRow | undefined {
    return this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM requests r LEFT JOIN responses s ON s.request_id = r.id WHERE r.id = ?`)
      .get(id) as RequestRow | undefined;
  }

  /** One window of the requests matching `filter`, in `sort` order. */
  page(filter: RequestFilter, sort: RequestSort | undefined, offset: number, limit: number): RequestRow[] {
    const where = whereClause(filter);
    return this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM requests r LEFT JOIN responses s ON s.request_id = r.id ${where.sql} ${orderClause(sort)} LIMIT ? OFFSET ?`)
      .all(...where.values, limit, offset) as RequestRow[];
  }

  /** The refused requests of one connection whose last error has one of `codes`, oldest first. */
  refusedIds(connectionId: string, codes: readonly string[]): string[] {
    return this.db
      .prepare(`SELECT id FROM requests WHERE state = 'rejected' AND connection_id = ? AND last_error_code IN (${codes.map(() => '?').join(', ')}) ORDER BY rowid`)
      .pluck()
      .all(connectionId, ...codes) as string[];
  }

  /** How many requests match `filter`. */
  count(filter: RequestFilter): number {
    const where = whereClause(filter);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM requests r ${where.sql}`).get(...where.values) as { n: number }).n;
  }

  /** The ids of every request matching `filter`, oldest first. */
  ids(filter: RequestFilter): string[] {
    const where = whereClause(filter);
    return this.db.prepare(`SELECT r.id FROM requests r ${where.sql} ORDER BY r.rowid`).pluck().all(...where.values) as string[];
  }

  /** What a bulk action needs to decide on each request (not the captured text: a selection may be 100,000 rows). */
  actionRows(target: { ids: readonly string[] } | { filter: RequestFilter }): ActionRow[] {
    // ui-text-ok: SQL
    const columns = 'r.id, r.kind, r.state, r.expires_at, s.expires_at AS response_expires_at';
    // ui-text-ok: SQL
    const from = 'FROM requests r LEFT JOIN responses s ON s.request_id = r.id';
    if ('filter' in target) {
      const where = whereClause(target.filter);
      return this.db.prepare(`SELECT ${columns} ${from} ${where.sql} ORDER BY r.rowid`).all(...where.values) as ActionRow[];
    }
    const one = this.db.prepare(`SELECT ${columns} ${from} WHERE r.id = ?`);
    return target.ids.flatMap((id) => (one.get(id) as ActionRow | undefined) ?? []);
  }

  /** Moves each request whose `change` is not null, all in one transaction; returns the ids moved. */
  transitionMany<T extends { id: string; state: RequestState }>(rows: readonly T[], change: (row: T) => Transition | null): string[] {
    return this.db.transaction(() =>
      rows.flatMap((row) => {
        const next = change(row);
        return next && this.transitionInTx(row.id, [row.state], next) ? [row.id] : [];
      }),
    )();
  }

  counts(): Record<RequestState, number> {
    const counts: Record<RequestState, number> = {
      queued: 0, in_flight: 0, retry_wait: 0, fulfilled: 0, delivered: 0, rejected: 0, expired: 0, cancelled: 0,
    };
    for (const row of this.db.prepare('SELECT state, COUNT(*) AS n FROM requests GROUP BY state').all() as { state: RequestState; n: number }[]) {
      counts[row.state] = row.n;
    }
    return counts;
  }

  /** Requests the sync engine may send now, oldest first. */
  due(nowIso: string, limit: number): RequestRow[] {
    // Two index range scans, each read in the order it is stored (no sort of the whole queue at 100,000
    // rows), merged into capture order. A waiting retry always has its time (sync sets it).
    type Ranked = RequestRow & { queue_seq: number };
    const queued = this.db
      .prepare(
        `SELECT rowid AS queue_seq, * FROM requests WHERE ${DUE_QUEUED}
         ORDER BY rowid LIMIT ?`,
      )
      .all(limit) as Ranked[];
    const retries = this.db
      .prepare(`SELECT rowid AS queue_seq, * FROM requests WHERE ${DUE_RETRY} ORDER BY next_attempt_at LIMIT ?`)
      .all(nowIso, limit) as Ranked[];
    return [...queued, ...retries]
      .sort((a, b) => a.queue_seq - b.queue_seq)
      .slice(0, limit)
      .map(({ queue_seq: _seq, ...row }) => row);
  }

  /** How many requests are due now: a sync pass's progress total is known from its start. */
  dueCount(nowIso: string): number {
    return (this.db.prepare(`SELECT (SELECT COUNT(*) FROM requests WHERE ${DUE_QUEUED}) + (SELECT COUNT(*) FROM requests WHERE ${DUE_RETRY}) AS n`).get(nowIso) as { n: number }).n;
  }

  /** The earliest time a waiting request becomes due, if any. */
  nextDueAt(): string | null {
    const row = this.db.prepare(`SELECT MIN(next_attempt_at) AS at FROM requests WHERE state = 'retry_wait'`).get() as { at: string | null };
    return row.at;
  }

  /**
   * Gives a request that came without one its licence key, or changes a key the engineer typed (a
   * typo), while it has never been sent successfully (queued, waiting to retry or refused). A key the
   * device's own request carries is never changed here. False when not allowed.
   */
  setLicenseKey(id: string, licenseKey: string, formatLabel: string): boolean {
    return this.db.transaction(() => {
      const was = this.db
        .prepare(
          `SELECT license_key FROM requests WHERE id = ? AND state IN ('queued', 'retry_wait', 'rejected')
           AND (needs_license_key = 1 OR license_key = '' OR EXISTS (SELECT 1 FROM audit WHERE request_id = requests.id AND event = 'license_key_entered'))`,
        )
        .get(id) as { license_key: string } | undefined;
      if (!was) return false;
      this.db.prepare('UPDATE requests SET license_key = ?, needs_license_key = 0, format_label = ?, updated_at = ? WHERE id = ?').run(licenseKey, formatLabel, this.stamp(), id);
      if (was.license_key === '') this.audit(id, 'engineer', 'license_key_entered', t('store:request.keyEntered'));
      else this.audit(id, 'engineer', 'license_key_changed', t('store:request.keyChanged', { from: maskLicenseKey(was.license_key), to: maskLicenseKey(licenseKey) }));
      return true;
    })();
  }

  /** A queued (or retry-waiting) request waits, queued, for a connection for its vendor; noted once in the audit. */
  markWaitingForConnection(id: string, message: string): boolean {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE requests SET state = 'queued', next_attempt_at = NULL, last_error_code = ?, last_error = ?, updated_at = ?
           WHERE id = ? AND state IN ('queued', 'retry_wait') AND COALESCE(last_error_code, '') <> ?`,
        )
        .run(NO_CONNECTION, message, this.stamp(), id, NO_CONNECTION);
      if (result.changes === 0) return false;
      this.audit(id, 'sync', 'waiting_for_connection', message);
      return true;
    })();
  }

  /** The engineer picks the connection for a request not yet fulfilled (null: route it automatically). */
  chooseConnection(id: string, connectionId: string | null, connectionName: string | null): boolean {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE requests SET chosen_connection_id = ?, updated_at = ?,
             last_error_code = CASE WHEN last_error_code = ? THEN NULL ELSE last_error_code END,
             last_error = CASE WHEN last_error_code = ? THEN NULL ELSE last_error END
           WHERE id = ? AND state IN ('queued', 'retry_wait', 'rejected', 'cancelled')`,
        )
        .run(connectionId, this.stamp(), NO_CONNECTION, NO_CONNECTION, id);
      if (result.changes === 0) return false;
      this.audit(id, 'engineer', 'connection_chosen', connectionName ? t('store:request.connectionChosen', { connection: connectionName }) : t('store:request.connectionAuto'));
      return true;
    })();
  }

  /** After connections change: requests that waited for one are due again (routing decides anew). */
  wakeConnectionWaiters(): string[] {
    const rows = this.db.prepare(`SELECT id FROM requests WHERE state = 'queued' AND last_error_code = ?`).all(NO_CONNECTION) as { id: string }[];
    this.db.prepare(`UPDATE requests SET last_error_code = NULL, last_error = NULL WHERE state = 'queued' AND last_error_code = ?`).run(NO_CONNECTION);
    return rows.map((r) => r.id);
  }

  /** Requests that wait only because the network was down become due now. */
  wakeNetworkWaiters(nowIso: string): void {
    this.db
      .prepare(`UPDATE requests SET next_attempt_at = ? WHERE state = 'retry_wait' AND last_error_code IN ('network', 'timeout') AND next_attempt_at > ?`)
      .run(nowIso, nowIso);
  }

  inState(state: RequestState): RequestRow[] {
    return this.db.prepare('SELECT * FROM requests WHERE state = ? ORDER BY rowid').all(state) as RequestRow[];
  }

  response(id: string): ResponseRow | undefined {
    return this.db.prepare('SELECT * FROM responses WHERE request_id = ?').get(id) as ResponseRow | undefined;
  }

  history(id: string): AuditRow[] {
    return this.db.prepare('SELECT * FROM audit WHERE request_id = ? ORDER BY seq').all(id) as AuditRow[];
  }
}
