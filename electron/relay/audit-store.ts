// The central audit: one row per call that matters (enrolment, submit, refusal, revocation), across
// every kiosk and relay process.
import type { Db } from './db.ts';

export interface AuditEntry {
  engineerId?: string | null;
  engineerName?: string | null;
  kioskId?: string | null;
  requestId?: string | null;
  vendor?: string | null;
  connection?: string | null;
  call: string;
  outcome: string;
  detail: string;
}

export interface AuditRow {
  id: number;
  at: string;
  engineerId: string | null;
  engineerName: string | null;
  kioskId: string | null;
  requestId: string | null;
  vendor: string | null;
  connection: string | null;
  call: string;
  outcome: string;
  detail: string;
}

export interface AuditQuery {
  since?: Date;
  /** An engineer's id or name. */
  engineer?: string;
  /** Only these outcomes (e.g. fulfilled, refused). */
  outcomes?: string[];
  limit?: number;
}

export function auditStore(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.query(
        'INSERT INTO audit (engineer_id, engineer_name, kiosk_id, request_id, vendor, connection, call, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [entry.engineerId ?? null, entry.engineerName ?? null, entry.kioskId ?? null, entry.requestId ?? null, entry.vendor ?? null, entry.connection ?? null, entry.call, entry.outcome, entry.detail],
      );
    },
    /** Oldest first when `since` is given, else the most recent `limit` newest first. */
    async query(q: AuditQuery): Promise<AuditRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.since) where.push(`at >= $${params.push(q.since)}`);
      if (q.engineer) where.push(`(engineer_id = $${params.push(q.engineer)} OR engineer_name = $${params.length})`);
      if (q.outcomes) where.push(`outcome = ANY($${params.push(q.outcomes)})`);
      const order = q.since ? 'ASC' : 'DESC';
      const limit = q.limit ? `LIMIT ${Math.max(1, Math.floor(q.limit))}` : '';
      const { rows } = await db.query<{ id: string; at: Date; engineer_id: string | null; engineer_name: string | null; kiosk_id: string | null; request_id: string | null; vendor: string | null; connection: string | null; call: string; outcome: string; detail: string }>(
        `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} ${limit}`,
        params,
      );
      return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), engineerId: r.engineer_id, engineerName: r.engineer_name, kioskId: r.kiosk_id, requestId: r.request_id, vendor: r.vendor, connection: r.connection, call: r.call, outcome: r.outcome, detail: r.detail }));
    },
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
