// The audit trail end to end on real SQLite files: 100,000 entries checked, every kind of hand edit
// found and named, the engineer recorded on each entry, windowed queries with filters, the chain's
// state in the status, CSV and signed-bundle exports checked by the verify command.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { verifyStoredChain } from '../../electron/store/audit-chain.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { appendChained } from '../support/audit-trail.ts';
import { runAuditCli } from '../support/audit-cli.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const TAMPERED = 54_321;

/** A database file of `count` chained entries, closed (its WAL folded in). */
function trailFile(t: TestContext, count: number): string {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const db = openDatabase(file);
  appendChained(db, count);
  db.close();
  return file;
}

/** A copy of `file` edited by hand with `edit` on a connection that has none of the kiosk's functions. */
async function tamperedCopy(t: TestContext, file: string, edit: (db: Database.Database) => void) {
  const copy = path.join(tempDir(t), 'kiosk.sqlite');
  fs.copyFileSync(file, copy);
  const raw = new Database(copy);
  edit(raw);
  raw.close();
  const db = openDatabase(copy);
  try {
    return await verifyStoredChain(db);
  } finally {
    db.close();
  }
}

test('a chain of 100,000 entries checks, and an edit, a deletion, a reorder and an insertion are each found at the first broken entry', async (t) => {
  const file = trailFile(t, 100_000);
  const db = openDatabase(file);
  const report = await verifyStoredChain(db);
  db.close();
  assert.equal(report.entries, 100_000);
  assert.equal(report.broken, null);

  const edited = await tamperedCopy(t, file, (raw) => raw.prepare("UPDATE audit SET detail = 'Delivered to press-9' WHERE seq = ?").run(TAMPERED));
  assert.deepEqual(pick(edited.broken), { seq: TAMPERED, kind: 'edited' });
  assert.equal(edited.broken?.message, `Audit entry #${TAMPERED} does not match its hash: it was changed after it was written.`);

  const deleted = await tamperedCopy(t, file, (raw) => raw.prepare('DELETE FROM audit WHERE seq = ?').run(TAMPERED));
  assert.deepEqual(pick(deleted.broken), { seq: TAMPERED + 1, kind: 'out_of_chain' });
  assert.match(deleted.broken?.message ?? '', new RegExp(`^Audit entry #${TAMPERED + 1} does not follow entry #${TAMPERED - 1}`));

  const reordered = await tamperedCopy(t, file, (raw) => {
    const swap = raw.prepare('UPDATE audit SET seq = ? WHERE seq = ?');
    raw.transaction(() => {
      swap.run(-1, TAMPERED);
      swap.run(TAMPERED, TAMPERED + 1);
      swap.run(TAMPERED + 1, -1);
    })();
  });
  assert.deepEqual(pick(reordered.broken), { seq: TAMPERED, kind: 'out_of_chain' });

  const inserted = await tamperedCopy(t, file, (raw) => {
    // What someone with an SQLite tool must do: drop the trigger (it needs the kiosk's function), make room, insert.
    raw.exec('DROP TRIGGER audit_chain');
    raw.transaction(() => {
      raw.prepare('UPDATE audit SET seq = -seq - 1 WHERE seq >= ?').run(TAMPERED);
      raw.prepare('UPDATE audit SET seq = -seq WHERE seq < 0').run();
      const before = raw.prepare('SELECT hash FROM audit WHERE seq = ?').get(TAMPERED - 1) as { hash: string };
      raw.prepare("INSERT INTO audit (seq, at, actor, event, detail, prev_hash, hash) VALUES (?, '2026-01-01T00:00:00.000Z', 'engineer', 'delivered', 'Delivered to press-9', ?, ?)")
        .run(TAMPERED, before.hash, 'f'.repeat(64));
    })();
  });
  assert.deepEqual(pick(inserted.broken), { seq: TAMPERED, kind: 'edited' });
});

test('the Audit screen windows and filters 100,000 entries in SQLite', async (t) => {
  const file = trailFile(t, 100_000);
  const kiosk = openCore(path.dirname(file));
  t.after(() => kiosk.core.close());
  const newest = await kiosk.call('listAudit', { filter: {}, offset: 0, limit: 50 });
  assert.equal(newest.total, 100_000);
  assert.deepEqual(newest.entries.map((e) => e.seq).slice(0, 3), [100_000, 99_999, 99_998]);
  const oldest = await kiosk.call('listAudit', { filter: {}, offset: 99_990, limit: 50 });
  assert.deepEqual(oldest.entries.map((e) => e.seq), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

  // appendChained: every third entry the engineer's, names taken in turn by seq; events by seq % 5.
  const ana = await kiosk.call('listAudit', { filter: { engineer: 'Ana Lima' }, offset: 0, limit: 5 });
  assert.equal(ana.total, Math.floor(100_000 / 6));
  assert.ok(ana.entries.every((e) => e.actorName === 'Ana Lima' && e.actor === 'engineer'));
  const sync = await kiosk.call('listAudit', { filter: { actor: 'sync' }, offset: 0, limit: 1 });
  assert.equal(sync.total, 100_000 - Math.floor(100_000 / 3));
  const delivered = await kiosk.call('listAudit', { filter: { event: 'delivered' }, offset: 0, limit: 500 });
  assert.equal(delivered.total, 20_000);
  assert.equal(delivered.entries.length, 500);
  // Entries are a minute apart from 2026-01-01T00:00Z: 1,440 a day; 2026-01-02 holds seq 1440..2879.
  const day = await kiosk.call('listAudit', { filter: { from: '2026-01-02', to: '2026-01-02' }, offset: 0, limit: 1 });
  assert.equal(day.total, 1440);
  assert.equal(day.entries[0]?.seq, 2879);
  const both = await kiosk.call('listAudit', { filter: { from: '2026-01-02', to: '2026-01-02', event: 'delivered', engineer: 'Ben Okoro' }, offset: 0, limit: 500 });
  assert.ok(both.total > 0 && both.entries.every((e) => e.event === 'delivered' && e.actorName === 'Ben Okoro' && e.at.startsWith('2026-01-02')));
  const facets = await kiosk.call('getAuditFacets', {});
  assert.deepEqual(facets.engineers, ['Ana Lima', 'Ben Okoro']);
  assert.deepEqual(facets.events, ['captured', 'delivered', 'fulfilled', 'retry', 'sending']);
});

async function withRequests(t: TestContext, dataDir: string): Promise<TestCore> {
  const kiosk = openCore(dataDir, { deliverTo: 'download' });
  t.after(() => kiosk.core.close());
  return kiosk;
}

async function waitForChain(kiosk: TestCore, state: 'ok' | 'broken') {
  for (let i = 0; i < 100; i++) {
    const status = await kiosk.call('getStatus', {});
    if (status.auditChain.state === state) return status.auditChain;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the audit chain never became ${state}`);
}

test('every entry says which engineer acted; the status shows the chain; exports are checked by the verify command', async (t) => {
  const dataDir = tempDir(t);
  const kiosk = await withRequests(t, dataDir);
  assert.deepEqual(await kiosk.call('getEngineer', {}), { engineer: null });
  assert.match((await kiosk.fail('setEngineer', { name: '   ', id: null })).message, /enter your name/);
  assert.deepEqual(await kiosk.call('setEngineer', { name: '  Ana Lima ', id: 'FE-104' }), { engineer: { name: 'Ana Lima', id: 'FE-104' } });
  await kiosk.call('capture', { items: ['press-1', 'press-2', 'press-3'].map((d) => item(`${d}.json`, seed004File(KEY, d))) });
  await kiosk.call('setSyncPaused', { paused: true });
  await kiosk.call('setEngineer', { name: 'Ben Okoro', id: '' });
  await kiosk.call('setSyncPaused', { paused: false });

  const all = await kiosk.call('listAudit', { filter: {}, offset: 0, limit: 100 });
  assert.deepEqual(
    all.entries.map((e) => [e.event, e.actor, e.actorName, e.actorId]).reverse(),
    [
      ['engineer_named', 'engineer', 'Ana Lima', 'FE-104'],
      ['captured', 'engineer', 'Ana Lima', 'FE-104'],
      ['captured', 'engineer', 'Ana Lima', 'FE-104'],
      ['captured', 'engineer', 'Ana Lima', 'FE-104'],
      ['sync_paused', 'engineer', 'Ana Lima', 'FE-104'],
      ['engineer_changed', 'engineer', 'Ben Okoro', null],
      ['sync_resumed', 'engineer', 'Ben Okoro', null],
    ],
  );
  const press2 = await kiosk.call('listAudit', { filter: { device: 'press-2' }, offset: 0, limit: 10 });
  assert.deepEqual(press2.entries.map((e) => [e.event, e.device]), [['captured', 'press-2']]);
  const chain = await waitForChain(kiosk, 'ok');
  assert.equal(chain.brokenSeq, null);

  // The signed bundle, checked offline as a customer would.
  const key = await kiosk.call('getAuditKey', {});
  assert.match(key.publicKeyHex, /^[0-9a-f]{64}$/);
  assert.match(key.fingerprint, /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  const bundle = await kiosk.call('exportAudit', { format: 'bundle', filter: {}, to: 'download' });
  assert.equal(bundle.entries, 7);
  assert.match(bundle.file?.fileName ?? '', /^audit-bundle-\d{4}-\d\d-\d\d\.json$/);
  const bundleFile = path.join(tempDir(t), bundle.file!.fileName);
  fs.writeFileSync(bundleFile, Buffer.from(bundle.file!.contentBase64, 'base64'));
  const verified = await runAuditCli(['verify', bundleFile, '--key', key.fingerprint]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, new RegExp(`intact: 7 entries, chain unbroken, signed by key ${key.fingerprint}`));
  const otherKey = await runAuditCli(['verify', bundleFile, '--key', 'ab'.repeat(32)]);
  assert.equal(otherKey.code, 2);
  assert.match(otherKey.stderr, /not with the key expected/);
  assert.equal((await runAuditCli(['verify'])).code, 64);

  const csv = await kiosk.call('exportAudit', { format: 'csv', filter: { event: 'captured' }, to: 'download' });
  assert.equal(csv.entries, 3);
  const lines = Buffer.from(csv.file!.contentBase64, 'base64').toString('utf8').split('\r\n');
  assert.equal(lines[0], '\uFEFF"Entry","Time (UTC)","Who","Engineer","Engineer id","Event","Device","Request","Detail","Hash"');
  assert.match(lines[1] ?? '', /^"2","[^"]+","engineer","Ana Lima","FE-104","captured","press-1","[0-9a-f]{64}","Captured from file press-1\.json/);
  assert.equal(lines.length, 5, 'header, three entries, and the empty rest after the last CRLF');
  const exported = await kiosk.call('listAudit', { filter: { event: 'audit_exported' }, offset: 0, limit: 10 });
  assert.deepEqual(exported.entries.map((e) => e.actorName), ['Ben Okoro', 'Ben Okoro']);

  // Edited by hand while the kiosk was closed: the next start says where, and the kiosk signs nothing.
  await kiosk.core.close();
  const raw = new Database(path.join(dataDir, 'kiosk.sqlite'));
  raw.prepare("UPDATE audit SET actor_name = 'Someone Else' WHERE seq = 3").run();
  raw.close();
  const again = await withRequests(t, dataDir);
  const broken = await waitForChain(again, 'broken');
  assert.equal(broken.brokenSeq, 3);
  assert.match(broken.message ?? '', /^Audit entry #3 does not match its hash/);
  const refused = await again.fail('exportAudit', { format: 'bundle', filter: {}, to: 'download' });
  assert.equal(refused.code, 'not_allowed');
  assert.match(refused.message, /broken at entry #3, so the kiosk will not sign it.*Export it as CSV/);
  const stillCsv = await again.call('exportAudit', { format: 'csv', filter: {}, to: 'download' });
  assert.ok(stillCsv.entries >= 9);
  assert.equal((await again.call('getAuditKey', {})).fingerprint, key.fingerprint, 'the signing key is kept across restarts');
  assert.equal((await again.call('getEngineer', {})).engineer?.name, 'Ben Okoro');
});

test('the signing key lives in its own secret store file (0600), apart from the tokens and never in the database', async (t) => {
  const dataDir = tempDir(t);
  const kiosk = await withRequests(t, dataDir);
  const { publicKeyHex } = await kiosk.call('getAuditKey', {});
  await kiosk.core.close();
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'audit-key.json'), 'utf8')) as { secrets: Record<string, string> };
  const secret = secrets.secrets['audit:signing-key'];
  assert.match(secret ?? '', /^[0-9a-f]{64}$/);
  if (process.platform !== 'win32') assert.equal(fs.statSync(path.join(dataDir, 'audit-key.json')).mode & 0o777, 0o600);
  assert.equal(fs.existsSync(path.join(dataDir, 'secrets.json')), false, 'the tokens\' store holds no audit key');
  const database = fs.readFileSync(path.join(dataDir, 'kiosk.sqlite'));
  assert.ok(!database.includes(Buffer.from(secret!)), 'the private key is not in the database');
  assert.notEqual(secret, publicKeyHex);
});

function pick(broken: { seq: number; kind: string } | null) {
  return broken && { seq: broken.seq, kind: broken.kind };
}

test('in the desktop app an export is written into the folder the engineer picks; cancelling writes nothing', async (t) => {
  const folder = tempDir(t);
  let pick: string | null = folder;
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => pick });
  t.after(() => kiosk.core.close());
  await kiosk.call('setEngineer', { name: 'Ana Lima', id: null });
  const csv = await kiosk.call('exportAudit', { format: 'csv', filter: {}, to: 'folder' });
  const bundle = await kiosk.call('exportAudit', { format: 'bundle', filter: {}, to: 'folder' });
  assert.deepEqual([csv.folder, bundle.folder], [folder, folder]);
  assert.deepEqual(fs.readdirSync(folder).sort(), [csv.fileName, bundle.fileName].sort());
  const verified = await runAuditCli(['verify', path.join(folder, bundle.fileName!)]);
  assert.equal(verified.code, 0, verified.stderr);
  pick = null;
  const cancelled = await kiosk.call('exportAudit', { format: 'csv', filter: {}, to: 'folder' });
  assert.deepEqual([cancelled.folder, cancelled.fileName, cancelled.file], [null, null, null]);
  assert.equal(fs.readdirSync(folder).length, 2);
  assert.equal((await kiosk.fail('exportAudit', { format: 'csv', filter: {}, to: 'download' })).code, 'not_supported');
});
