// One vendor rate limit kept by every relay process together: before each vendor call a process
// records it in PostgreSQL, under a per-connection lock, only while fewer than `limit` calls fall in
// the last window; otherwise it waits until the oldest leaves the window. A sliding window keeps any
// vendor window (fixed or sliding, wherever it starts) within the limit; the margin covers the time
// between the record and the call reaching the vendor.
import type { CallGate, RateLimit } from '../connectors/types.ts';
import { transaction, type Db } from './db.ts';

const MARGIN_MS = 100;

export function vendorGate(db: Db, connectionId: string, rate: { limit: number; windowMs: number }): CallGate {
  const windowMs = rate.windowMs + MARGIN_MS;
  return {
    async acquire(): Promise<boolean> {
      for (;;) {
        const waitMs = await transaction(db, async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [connectionId]);
          await tx.query('DELETE FROM vendor_calls WHERE connection_id = $1 AND at < clock_timestamp() - make_interval(secs => $2)', [connectionId, windowMs / 1000]);
          const { rows } = await tx.query<{ used: number; wait_ms: number | null }>(
            `SELECT count(*)::int AS used, (extract(epoch FROM (min(at) + make_interval(secs => $2) - clock_timestamp())) * 1000)::int AS wait_ms
             FROM vendor_calls WHERE connection_id = $1`,
            [connectionId, windowMs / 1000],
          );
          const { used, wait_ms } = rows[0]!;
          if (used < rate.limit) {
            await tx.query('INSERT INTO vendor_calls (connection_id) VALUES ($1)', [connectionId]);
            return 0;
          }
          return Math.max(5, wait_ms ?? 5);
        });
        if (waitMs === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    },
    // The window is counted from our own records; what the vendor says about it changes nothing here.
    release(_rateLimit: RateLimit | null, _retryAt: number | null): void {},
  };
}
