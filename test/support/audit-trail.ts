// Fills a kiosk database's audit trail fast: entries chained in JS (the trigger leaves rows that come
// with their hash alone), so a test can check 100,000 of them without waiting for 100,000 inserts.
import { entryHash, GENESIS_HASH } from '../../shared/audit/chain.ts';
import { nodeSha256 } from '../../electron/store/audit-chain.ts';
import type { Db } from '../../electron/store/database.ts';

const EVENTS = ['captured', 'sending', 'fulfilled', 'delivered', 'retry'] as const;

/** Appends `count` chained entries after the last one; every third is the engineer's, with `engineers` in turn. */
export function appendChained(db: Db, count: number, engineers: readonly string[] = ['Ana Lima', 'Ben Okoro']): void {
  const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  let prevHash = last?.hash ?? GENESIS_HASH;
  let seq = last?.seq ?? 0;
  const insert = db.prepare(
    'INSERT INTO audit (seq, at, request_id, actor, actor_name, actor_id, event, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      seq++;
      const engineer = seq % 3 === 0;
      const entry = {
        seq,
        at: new Date(start + seq * 60_000).toISOString(),
        requestId: null,
        actor: engineer ? 'engineer' : 'sync',
        actorName: engineer ? (engineers[seq % engineers.length] ?? null) : null,
        actorId: null,
        event: EVENTS[seq % EVENTS.length]!,
        detail: `Entry ${seq}: device press-${seq % 500}`,
        prevHash,
      };
      const hash = entryHash(entry, nodeSha256);
      insert.run(seq, entry.at, null, entry.actor, entry.actorName, null, entry.event, entry.detail, prevHash, hash);
      prevHash = hash;
    }
  })();
}
