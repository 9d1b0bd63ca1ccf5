// Kiosk requests on the relay, keyed by the kiosk's request id (the idempotency key). A process works
// on a request only while it holds its claim: a row update that succeeds only when nobody else holds an
// unexpired one. No transaction stays open across a vendor call; a process killed mid-call leaves a claim
// that expires, with `sent` set, so whoever claims next reconciles with the vendor before sending again.
import type { ConnectorRequest } from '../connectors/types.ts';
import { transaction, type Db } from './db.ts';

/** What the kiosk gets back for a request, stored once it is final. */
export type StoredOutcome =
  | { ok: true; artifact: { fileName: string; mediaType: string; bytesBase64: string; expiresAt: string | null }; note: string }
  | { ok: false; retryable: false; code: string; message: string };

export interface RelayRequest {
  id: string;
  contentSha256: string;
  kioskId: string;
  engineerId: string;
  connectionId: string;
  kind: string;
  body: ConnectorRequest;
  state: 'pending' | 'done' | 'refused';
  sent: boolean;
  attempts: number;
  outcome: StoredOutcome | null;
}

type Row = { id: string; content_sha256: string; kiosk_id: string; engineer_id: string; connection_id: string; kind: string; body: ConnectorRequest; state: RelayRequest['state']; sent: boolean; attempts: number; outcome: StoredOutcome | null };
const toRequest = (r: Row): RelayRequest => ({ id: r.id, contentSha256: r.content_sha256, kioskId: r.kiosk_id, engineerId: r.engineer_id, connectionId: r.connection_id, kind: r.kind, body: r.body, state: r.state, sent: r.sent, attempts: r.attempts, outcome: r.outcome });

export type Claim = { claimed: RelayRequest } | { overCap: { limit: number; used: number } } | { busy: true } | { final: RelayRequest };

export function requestStore(db: Db) {
  return {
    /** Stores a new request, or returns the one already stored under its id. */
    async submit(request: Omit<RelayRequest, 'state' | 'sent' | 'attempts' | 'outcome'>): Promise<RelayRequest> {
      await db.query(
        `INSERT INTO requests (id, content_sha256, kiosk_id, engineer_id, connection_id, kind, body, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (id) DO NOTHING`,
        [request.id, request.contentSha256, request.kioskId, request.engineerId, request.connectionId, request.kind, JSON.stringify(request.body)],
      );
      const { rows } = await db.query<Row>('SELECT * FROM requests WHERE id = $1', [request.id]);
      return toRequest(rows[0]!);
    },

    async get(id: string): Promise<RelayRequest | null> {
      const { rows } = await db.query<Row>('SELECT * FROM requests WHERE id = $1', [id]);
      return rows[0] ? toRequest(rows[0]) : null;
    },

    /**
     * Claims a pending request for `owner` for `ttlSeconds`. An activation counts against the engineer's
     * daily cap (UTC day: done today plus those claimed by others right now), checked under a lock on the
     * engineer's row so two processes cannot both take the last one.
     */
    async claim(id: string, owner: string, ttlSeconds: number, dailyLimit: number | null): Promise<Claim> {
      return transaction(db, async (tx) => {
        const { rows } = await tx.query<Row & { live: boolean }>('SELECT *, (claimed_by IS NOT NULL AND claim_expires_at > now()) AS live FROM requests WHERE id = $1 FOR UPDATE', [id]);
        const row = rows[0]!;
        if (row.state !== 'pending') return { final: toRequest(row) };
        if (row.live) return { busy: true };
        if (dailyLimit !== null && row.kind === 'activate' && !row.sent) {
          await tx.query('SELECT 1 FROM engineers WHERE id = $1 FOR UPDATE', [row.engineer_id]);
          const { rows: counted } = await tx.query<{ used: number }>(
            `SELECT count(*)::int AS used FROM requests
             WHERE engineer_id = $1 AND kind = 'activate' AND id <> $2
               AND ((state = 'done' AND finished_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                    OR (state = 'pending' AND (sent OR (claimed_by IS NOT NULL AND claim_expires_at > now()))))`,
            [row.engineer_id, id],
          );
          const used = counted[0]!.used;
          if (used >= dailyLimit) return { overCap: { limit: dailyLimit, used } };
        }
        const { rows: claimed } = await tx.query<Row>(
          'UPDATE requests SET claimed_by = $2, claim_expires_at = now() + make_interval(secs => $3), attempts = attempts + 1 WHERE id = $1 RETURNING *',
          [id, owner, ttlSeconds],
        );
        return { claimed: toRequest(claimed[0]!) };
      });
    },

    /** Marks that a vendor call is about to go out; false when the claim was lost (expired and taken). */
    async markSent(id: string, owner: string): Promise<boolean> {
      const result = await db.query('UPDATE requests SET sent = TRUE WHERE id = $1 AND claimed_by = $2', [id, owner]);
      return result.rowCount === 1;
    },

    /** Stores the final answer; false when the claim was lost (whoever holds it now finishes the request). */
    async finish(id: string, owner: string, outcome: StoredOutcome): Promise<boolean> {
      const state = outcome.ok ? 'done' : 'refused';
      const result = await db.query(
        `UPDATE requests SET state = $3, outcome = $4, claimed_by = NULL, claim_expires_at = NULL, finished_at = now() WHERE id = $1 AND claimed_by = $2 AND state = 'pending'`,
        [id, owner, state, JSON.stringify(outcome)],
      );
      return result.rowCount === 1;
    },

    /** Gives the claim up after a retryable failure; `sent` false when the vendor certainly did not act. */
    async release(id: string, owner: string, sent: boolean): Promise<void> {
      await db.query('UPDATE requests SET claimed_by = NULL, claim_expires_at = NULL, sent = $3 WHERE id = $1 AND claimed_by = $2', [id, owner, sent]);
    },
  };
}

export type RequestStore = ReturnType<typeof requestStore>;
