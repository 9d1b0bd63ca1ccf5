// The chain migration: entries written before it are chained in their order, and from then on every
// insert is chained in its own transaction with the engineer named, whoever inserts it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { MIGRATIONS } from '../../electron/store/migrations.ts';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/audit/chain.ts';
import { verifyStoredChain } from '../../electron/store/audit-chain.ts';
import { migrate, openDatabase } from '../../electron/store/database.ts';
import { Preferences } from '../../electron/store/preferences.ts';
import { RequestStore } from '../../electron/store/request-store.ts';
import { tempDir } from '../support/temp.ts';

const CHAIN_VERSION = MIGRATIONS.find((m) => m.name.startsWith('audit trail hash chain'))!.version;

test('entries written before the chain are chained in order, unchanged, with no engineer named', async (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const old = new Database(file);
  migrate(old, CHAIN_VERSION - 1);
  const insert = old.prepare('INSERT INTO audit (at, request_id, actor, event, detail) VALUES (?, NULL, ?, ?, ?)');
  insert.run('2026-11-01T08:00:00.000Z', 'engineer', 'captured', 'first');
  insert.run('2026-11-01T08:01:00.000Z', 'sync', 'fulfilled', 'second');
  insert.run('2026-11-01T08:02:00.000Z', 'system', 'expired', 'third');
  old.close();

  const db = openDatabase(file);
  t.after(() => db.close());
  const rows = db.prepare('SELECT seq, at, actor, actor_name, event, detail, prev_hash, hash FROM audit ORDER BY seq').all() as { seq: number; detail: string; actor_name: string | null; prev_hash: string; hash: string }[];
  assert.deepEqual(rows.map((r) => [r.seq, r.detail, r.actor_name]), [[1, 'first', null], [2, 'second', null], [3, 'third', null]]);
  assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
  assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
  assert.equal(rows[2]!.prev_hash, rows[1]!.hash);
  assert.deepEqual((await verifyStoredChain(db)).broken, null);
});

test('a new entry is chained in the transaction that writes it and names the engineer set at that time', async (t) => {
  const db = openDatabase(path.join(tempDir(t), 'kiosk.sqlite'));
  t.after(() => db.close());
  const store = new RequestStore(db, () => new Date('2026-11-30T09:00:00.000Z'));
  const preferences = new Preferences(db);
  store.audit(null, 'engineer', 'sync_paused', 'before a name was set');
  preferences.set('engineer', { name: 'Ana Lima', id: 'FE-104' });
  store.audit(null, 'engineer', 'sync_resumed', 'named');
  store.audit(null, 'sync', 'fulfilled', 'not the engineer');
  preferences.set('engineer', { name: 'Ben Okoro', id: null });
  store.audit(null, 'engineer', 'sync_paused', 'another engineer');
  // A transaction that fails leaves no entry and no link to it.
  assert.throws(() =>
    store.inOneTransaction(() => {
      store.audit(null, 'engineer', 'cancelled', 'rolled back');
      throw new Error('boom');
    }),
  );
  store.audit(null, 'system', 'expired', 'after the rollback');
  const rows = db.prepare('SELECT actor, actor_name, actor_id, detail FROM audit ORDER BY seq').all();
  assert.deepEqual(rows, [
    { actor: 'engineer', actor_name: null, actor_id: null, detail: 'before a name was set' },
    { actor: 'engineer', actor_name: 'Ana Lima', actor_id: 'FE-104', detail: 'named' },
    { actor: 'sync', actor_name: null, actor_id: null, detail: 'not the engineer' },
    { actor: 'engineer', actor_name: 'Ben Okoro', actor_id: null, detail: 'another engineer' },
    { actor: 'system', actor_name: null, actor_id: null, detail: 'after the rollback' },
  ]);
  const report = await verifyStoredChain(db);
  assert.equal(report.broken, null);
  assert.equal(report.entries, 5);
});

test('a dropped chain trigger is put back at the next open', async (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const first = openDatabase(file);
  first.exec('DROP TRIGGER audit_chain');
  first.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  new RequestStore(db, () => new Date()).audit(null, 'system', 'x', 'chained again');
  assert.notEqual((db.prepare('SELECT hash FROM audit').get() as { hash: string | null }).hash, null);
});
