// The request lists at scale: windows, filters and sorts done in SQLite on the list indexes, the
// ids of a filter, and bulk actions as one call and one transaction with an audit entry per request.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULT_SORT, SORT_KEYS, type RequestFilter, type RequestSort } from '../../shared/api/request-list.ts';
import { DATABASE_FILE_NAME } from '../../electron/store/data-folder.ts';
import { orderClause, whereClause } from '../../electron/store/request-query.ts';
import { openCore } from '../support/core.ts';
import { fillRequests, refusalOf, stateOf } from '../support/many-requests.ts';
import { tempDir } from '../support/temp.ts';

const N = 300;

function filled(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const ids = fillRequests(dir, N);
  const kiosk = openCore(dir);
  t.after(() => kiosk.core.close());
  return { dir, ids, kiosk };
}

const indexesOf = (ids: string[], i: (n: number) => boolean) => ids.filter((_, n) => i(n));

test('a window of the queue: newest first, paged by offset and limit, with the total and the counts', async (t) => {
  const { ids, kiosk } = filled(t);
  const first = await kiosk.call('listRequests', { offset: 0, limit: 50 });
  assert.equal(first.total, N);
  assert.equal(first.requests.length, 50);
  assert.deepEqual(first.requests.map((r) => r.id), ids.slice(-50).reverse(), 'newest capture first');
  const last = await kiosk.call('listRequests', { offset: 280, limit: 50 });
  assert.deepEqual(last.requests.map((r) => r.id), ids.slice(0, 20).reverse());
  assert.equal(last.offset, 280);
  assert.equal(first.counts.fulfilled, indexesOf(ids, (n) => stateOf(n) === 'fulfilled').length);
  assert.equal((await kiosk.call('listRequests', {})).requests.length, N, 'an old caller without a window still gets the list (up to 500)');
});

test('filters by state, search and refusal reason; sorts by any column both ways', async (t) => {
  const { ids, kiosk } = filled(t);
  const ready = await kiosk.call('listRequests', { states: ['fulfilled'], limit: 500 });
  assert.deepEqual(new Set(ready.requests.map((r) => r.id)), new Set(indexesOf(ids, (n) => stateOf(n) === 'fulfilled')));
  assert.equal(ready.total, ready.requests.length);

  const found = await kiosk.call('listRequests', { search: 'device-123' });
  assert.deepEqual(found.requests.map((r) => r.deviceLabel), [`line-${String(123 % 97).padStart(2, '0')}-device-123`]);
  const literal = await kiosk.call('listRequests', { search: '%' });
  assert.equal(literal.total, 0, 'a % in the search is a character, not a wildcard');
  assert.equal((await kiosk.call('listRequests', { search: "' OR 1=1 --" })).total, 0, 'the search is a value, never SQL');
  assert.equal((await kiosk.call('listRequests', { states: ['rejected'], errorCode: "x' OR '1'='1" })).total, 0);

  const suspended = await kiosk.call('listRequests', { states: ['rejected'], errorCode: 'license_suspended' });
  assert.deepEqual(new Set(suspended.requests.map((r) => r.id)), new Set(indexesOf(ids, (n) => stateOf(n) === 'rejected' && refusalOf(n) === 'license_suspended')));
  assert.ok(suspended.total > 0 && suspended.total < ready.total);

  const byDevice = await kiosk.call('listRequests', { sort: { key: 'device', dir: 'asc' }, limit: 500 });
  const labels = byDevice.requests.map((r) => r.deviceLabel ?? '');
  assert.deepEqual(labels, [...labels].sort());
  const byDeviceDown = await kiosk.call('listRequests', { sort: { key: 'device', dir: 'desc' }, limit: 3 });
  assert.deepEqual(byDeviceDown.requests.map((r) => r.deviceLabel), labels.slice(-3).reverse());
  for (const key of SORT_KEYS) {
    const page = await kiosk.call('listRequests', { sort: { key, dir: 'asc' }, limit: 500 });
    assert.equal(page.requests.length, N, `sorting by ${key} returns every row once`);
    assert.equal(new Set(page.requests.map((r) => r.id)).size, N);
  }
});

test('too large a window, an unknown sort or filter value is refused with a sentence', async (t) => {
  const { kiosk } = filled(t);
  assert.match((await kiosk.fail('listRequests', { limit: 5000 })).message, /at most 500 rows at once; ask for the next ones with offset/);
  assert.equal((await kiosk.fail('listRequests', { sort: { key: 'raw', dir: 'asc' } })).code, 'invalid_input');
  assert.equal((await kiosk.fail('listRequests', { states: ['nonsense'] })).code, 'invalid_input');
});

test('the lists’ default queries read an index: no full scan, no temporary sort', (t) => {
  const { dir } = filled(t);
  const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true });
  t.after(() => db.close());
  const plan = (filter: RequestFilter, sort: RequestSort) => {
    const where = whereClause(filter);
    const sql = `SELECT r.*, s.file_name FROM requests r LEFT JOIN responses s ON s.request_id = r.id ${where.sql} ${orderClause(sort)} LIMIT 100 OFFSET 0`;
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...where.values) as { detail: string }[]).map((row) => row.detail).join('\n');
  };
  const cases: [string, RequestFilter, RequestSort][] = [
    ['Queue, every request, newest first', {}, DEFAULT_SORT],
    ['Queue, one state', { states: ['rejected'] }, DEFAULT_SORT],
    ['Queue, by state', {}, { key: 'state', dir: 'asc' }],
    ['Queue, by last change', {}, { key: 'updatedAt', dir: 'desc' }],
    ['Queue, by device', {}, { key: 'device', dir: 'asc' }],
    ['Queue, by format', {}, { key: 'format', dir: 'desc' }],
    ['Deliver, ready ones, latest first', { states: ['fulfilled'] }, { key: 'updatedAt', dir: 'desc' }],
  ];
  for (const [name, filter, sort] of cases) {
    const detail = plan(filter, sort);
    assert.doesNotMatch(detail, /TEMP B-TREE/, `${name}: ${detail}`);
    assert.match(detail, /(SCAN|SEARCH) r USING (COVERING )?INDEX requests_by_/, `${name}: ${detail}`);
  }
  const count = db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM requests r ${whereClause({ states: ['fulfilled'] }).sql}`).all('fulfilled') as { detail: string }[];
  assert.match(count.map((c) => c.detail).join('\n'), /USING COVERING INDEX/, 'a state total counts index entries');
});

test('the ids of a filter, for a selection of everything matching', async (t) => {
  const { ids, kiosk } = filled(t);
  const { ids: ready } = await kiosk.call('listRequestIds', { states: ['fulfilled'] });
  assert.deepEqual(ready, indexesOf(ids, (n) => stateOf(n) === 'fulfilled'));
});

async function auditCount(dir: string): Promise<number> {
  const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('bulk retry of a selection: the ones that may go again are queued, the rest are counted by reason', async (t) => {
  const { dir, ids, kiosk } = filled(t);
  const chosen = ids.slice(0, 20);
  const before = await auditCount(dir);
  const result = await kiosk.call('bulkRequests', { action: 'retry', target: { ids: chosen } });
  // A cancelled request is never retried (it can be restored on purpose, one at a time).
  const retryable = chosen.filter((_, n) => ['rejected', 'retry_wait'].includes(stateOf(n)));
  const cancelledCount = chosen.filter((_, n) => stateOf(n) === 'cancelled').length;
  assert.equal(result.done, retryable.length);
  assert.deepEqual(
    Object.fromEntries(result.skipped.map((s) => [s.reason, s.count])),
    { '"Waiting to sync" cannot be retried': 6, '"Ready to deliver" cannot be retried': 4, '"Delivered" cannot be retried': 2, '"Expired" cannot be retried': 2, '"Cancelled" cannot be retried': cancelledCount },
  );
  for (const id of retryable) {
    const detail = await kiosk.call('getRequest', { id });
    assert.equal(detail.state, 'queued');
    assert.equal(detail.history.at(-1)?.event, 'retry', 'each moved request has its own audit entry');
  }
  assert.equal(await auditCount(dir), before + retryable.length);
});

test('"retry all refused for this reason" and cancel everything matching a filter except some', async (t) => {
  const { ids, kiosk } = filled(t);
  const suspended = indexesOf(ids, (n) => stateOf(n) === 'rejected' && refusalOf(n) === 'license_suspended');
  const result = await kiosk.call('bulkRequests', { action: 'retry', target: { filter: { states: ['rejected'], errorCode: 'license_suspended' } } });
  assert.deepEqual(result, { action: 'retry', done: suspended.length, skipped: [] });
  assert.equal((await kiosk.call('listRequests', { states: ['rejected'], errorCode: 'license_suspended' })).total, 0);
  assert.ok((await kiosk.call('listRequests', { states: ['rejected'] })).total > 0, 'other reasons stay refused');

  const queued = (await kiosk.call('listRequestIds', { states: ['queued'] })).ids;
  const keep = queued.slice(0, 3);
  const cancelled = await kiosk.call('bulkRequests', { action: 'cancel', target: { filter: { states: ['queued'] }, except: keep } });
  assert.equal(cancelled.done, queued.length - keep.length);
  assert.deepEqual((await kiosk.call('listRequestIds', { states: ['queued'] })).ids, keep);
});

test('a bulk naming one request that is gone changes nothing and says why', async (t) => {
  const { dir, ids, kiosk } = filled(t);
  const before = await auditCount(dir);
  const error = await kiosk.fail('bulkRequests', { action: 'cancel', target: { ids: [ids[0], 'f'.repeat(64)] } });
  assert.equal(error.code, 'not_found');
  assert.equal(error.message, 'One of the chosen requests is no longer in the queue, so nothing was cancelled. The list is refreshed: choose again.');
  assert.equal((await kiosk.call('getRequest', { id: ids[0]! })).state, 'queued');
  assert.equal(await auditCount(dir), before);
});

test('a bulk action is one transaction: a failure on its last request leaves the others as they were', async (t) => {
  const { dir, ids, kiosk } = filled(t);
  const queued = indexesOf(ids, (n) => stateOf(n) === 'queued');
  const lastId = queued.at(-1)!;
  // The database itself refuses the last update, as a full disk or a crash at that point would.
  const db = new Database(path.join(dir, DATABASE_FILE_NAME));
  db.exec(`CREATE TRIGGER refuse_last BEFORE UPDATE OF state ON requests WHEN OLD.id = '${lastId}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  db.close();
  const before = await auditCount(dir);
  const error = await kiosk.fail('bulkRequests', { action: 'cancel', target: { filter: { states: ['queued'] } } });
  assert.equal(error.code, 'internal');
  assert.match(error.message, /Nothing stored was lost/);
  assert.equal((await kiosk.call('listRequests', { states: ['queued'] })).total, queued.length, 'not one was cancelled');
  assert.equal(await auditCount(dir), before, 'no audit entry for a move that did not happen');
});
