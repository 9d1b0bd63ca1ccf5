// The query that picks due requests runs on every sync pass: it must read indexes in order, never sort
// the whole queue (a temp B-tree at 100,000 rows cost 100–150 ms a pass), and keep capture order.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../electron/store/database.ts';
import { RequestStore } from '../../electron/store/request-store.ts';
import { tempDir } from '../support/temp.ts';

function insert(db: ReturnType<typeof openDatabase>, id: string, state: string, nextAttemptAt: string | null): void {
  db.prepare(
    `INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, next_attempt_at, captured_at, updated_at)
     VALUES (?, 'seed-004', 'Plain', 'activate', 'file', ?, '{}', '{}', 'K', ?, '{}', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  ).run(id, `${id}.json`, `dev-${id}`, state, nextAttemptAt);
}

test('due requests come from index range scans in capture order, with no sort of the queue', (t) => {
  const db = openDatabase(path.join(tempDir(t), 'kiosk.sqlite'));
  t.after(() => db.close());
  const id = (n: number) => n.toString(16).padStart(64, '0');
  db.transaction(() => {
    for (let n = 1; n <= 3000; n++) {
      const state = n % 3 === 0 ? 'delivered' : n % 3 === 1 ? 'queued' : 'retry_wait';
      insert(db, id(n), state, state === 'retry_wait' ? (n < 100 ? '2026-01-01T00:00:00Z' : '2027-01-01T00:00:00Z') : null);
    }
  })();
  db.exec('ANALYZE');
  const store = new RequestStore(db, () => new Date('2026-06-01T00:00:00Z'));

  // Every statement the store prepares for `due`, planned as SQLite will run it.
  const statements: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare;
  const due = store.due('2026-06-01T00:00:00Z', 10);
  db.prepare = prepare;

  assert.ok(statements.length > 0);
  for (const sql of statements) {
    const params = (sql.match(/\?/g) ?? []).length === 2 ? ['2026-06-01T00:00:00Z', 10] : [10];
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.doesNotMatch(plan, /TEMP B-TREE|SCAN requests/, `planned without a sort or a full scan: ${plan}`);
  }
  // Capture order across queued and due retries: 1 (queued), 2 (due retry), 4, 5, 7, 8, …
  assert.deepEqual(
    due.map((r) => r.device_id),
    [1, 2, 4, 5, 7, 8, 10, 11, 13, 14].map((n) => `dev-${id(n)}`),
  );
});
