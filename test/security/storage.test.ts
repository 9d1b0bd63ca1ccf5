// Attacks on and accidents to the kiosk's stored data: another user on the laptop reading the data
// folder; a damaged WAL frame that would make SQLite drop committed requests without a word; a
// corrupted database page; backups that pile up or are never checked; an export's temp file left in
// the engineer's folder by a crash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { repoRoot, tempDir } from '../support/temp.ts';
import { startHostProcess, TEST_ENGINEER } from '../support/web-host-process.ts';

const KEY = 'STORE-11111-BBBBB-22222-CCCCC';
const DAY = 24 * 60 * 60 * 1000;
const POSIX = process.platform !== 'win32';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file and folder under `dir` (not `dir` itself). */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...walk(full)] : [full];
  });
}

/** A kiosk on `dataDir` (closed when the test ends) with `count` requests captured one by one: one committed transaction each. */
async function kioskWithRequests(t: TestContext, dataDir: string, count: number, options: Parameters<typeof openCore>[1] = {}): Promise<TestCore> {
  const kiosk = openCore(dataDir, options);
  t.after(() => kiosk.core.close());
  for (let i = 0; i < count; i++) await kiosk.call('capture', { items: [item(`press-${i}.json`, seed004File(KEY, `press-${i}`))] });
  return kiosk;
}

async function requestCount(kiosk: TestCore): Promise<number> {
  return (await kiosk.call('listRequests', {})).requests.length;
}

/** Overwrites the cell pointers of the requests table's root b-tree page (the database must be closed and checkpointed). */
function corruptRequestsPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'requests'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (rootpage - 1) * pageSize + 8);
  fs.closeSync(fd);
}

test('the data folder is 0700 and every file the kiosk writes in it 0600', { skip: !POSIX && 'POSIX modes only' }, async (t) => {
  const dataDir = path.join(tempDir(t), 'data');
  const first = openCore(dataDir);
  await first.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: 'https://api.keygen.sh/v1/accounts/demo', publicKeyHex: 'ab'.repeat(32), auth: 'token', secret: 'prod-token-123' });
  await first.call('useDemoConnection', {});
  const { results } = await first.call('capture', { items: [item('press.json', seed004File('DEMO1-PRESS-LINE0-A1B2C-0001X', 'press'))] });
  await first.call('syncNow', {});
  assert.equal((await first.call('getRequest', { id: results[0]!.requestId! })).state, 'fulfilled');
  await first.core.close();
  // Reopened a day later: the daily backup is taken at start.
  await openCore(dataDir, { now: () => new Date(Date.now() + DAY) }).core.close();

  const entries = walk(dataDir);
  assert.equal(mode(dataDir), 0o700, 'the data folder');
  for (const entry of entries) assert.equal(mode(entry), fs.statSync(entry).isDirectory() ? 0o700 : 0o600, path.relative(dataDir, entry));
  for (const name of ['kiosk.sqlite', 'secrets.json', 'demo/state.json', 'demo/vendor-signing-key.pem', 'backups']) assert.ok(fs.existsSync(path.join(dataDir, name)), `${name} was written`);
  assert.ok(entries.some((e) => e.includes(`${path.sep}backups${path.sep}kiosk-`)), 'a backup was taken');
});

test('a data folder left readable by an older version is made private at start', { skip: !POSIX && 'POSIX modes only' }, async (t) => {
  const dataDir = path.join(tempDir(t), 'data');
  await (await kioskWithRequests(t, dataDir, 1)).core.close();
  // As older versions left it: readable by everyone, with the WAL companions present.
  const old = new Database(path.join(dataDir, 'kiosk.sqlite'));
  old.pragma('journal_mode = WAL');
  old.prepare("INSERT INTO preferences (key, value) VALUES ('old', '1')").run();
  fs.copyFileSync(path.join(dataDir, 'kiosk.sqlite-wal'), path.join(dataDir, 'kiosk.sqlite-wal.keep'));
  old.close();
  fs.renameSync(path.join(dataDir, 'kiosk.sqlite-wal.keep'), path.join(dataDir, 'kiosk.sqlite-wal'));
  fs.mkdirSync(path.join(dataDir, 'demo'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'demo', 'state.json'), '{}');
  fs.writeFileSync(path.join(dataDir, 'secrets.json'), JSON.stringify({ version: 1, secrets: {} }));
  fs.writeFileSync(path.join(dataDir, 'secrets.json.4242.0a0b0c0d.tmp'), '{"version":1,"secrets":{"connection:x:token":"half-written"}}');
  for (const entry of [dataDir, ...walk(dataDir)]) fs.chmodSync(entry, fs.statSync(entry).isDirectory() ? 0o755 : 0o644);

  const kiosk = openCore(dataDir);
  t.after(() => kiosk.core.close());
  assert.equal(await requestCount(kiosk), 1);
  assert.ok(!fs.existsSync(path.join(dataDir, 'secrets.json.4242.0a0b0c0d.tmp')), 'the half-written secrets file a crash left is removed');
  assert.equal(mode(dataDir), 0o700);
  for (const entry of walk(dataDir)) assert.equal(mode(entry), fs.statSync(entry).isDirectory() ? 0o700 : 0o600, path.relative(dataDir, entry));
});

test('a WAL frame damaged in the middle of committed data is noticed at start; a copy is kept and nothing is dropped silently', async (t) => {
  const live = tempDir(t);
  await kioskWithRequests(t, live, 6);
  // A copy taken while the kiosk runs: the WAL holds the committed requests, not yet checkpointed.
  const dataDir = tempDir(t);
  for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal']) fs.copyFileSync(path.join(live, name), path.join(dataDir, name));
  const wal = fs.readFileSync(path.join(dataDir, 'kiosk.sqlite-wal'));
  const pageSize = wal.readUInt32BE(8);
  const frames = (wal.length - 32) / (24 + pageSize);
  assert.ok(frames >= 8, `the WAL holds ${frames} frames`);
  // One bit of the second frame's page flips.
  wal[32 + (24 + pageSize) + 24 + 100]! ^= 0x01;
  fs.writeFileSync(path.join(dataDir, 'kiosk.sqlite-wal'), wal);

  const kiosk = openCore(dataDir);
  t.after(() => kiosk.core.close());
  // Never fewer requests without a word: the queue is refused until the engineer has chosen.
  const listed = await kiosk.core.call('listRequests', {});
  assert.ok(!listed.ok, `the kiosk carried on silently with ${listed.ok ? (listed.value as { requests: unknown[] }).requests.length : '?'} of 6 requests`);
  assert.equal(listed.error.code, 'not_allowed');
  assert.match(listed.error.message, /database is damaged.*restore a backup or start with an empty database/);
  const storage = await kiosk.call('getStorage', {});
  assert.ok(storage.state === 'damaged');
  assert.match(storage.problem, /write-ahead log .* damaged at frame 2 of \d+: SQLite would silently drop \d+ committed changes/);
  // The copy holds the damaged files exactly as they were found, and they are still in place too.
  assert.match(path.basename(storage.copyPath), /^damaged-/);
  assert.equal(path.dirname(storage.copyPath), dataDir);
  assert.deepEqual(fs.readFileSync(path.join(storage.copyPath, 'kiosk.sqlite-wal')), wal);
  assert.deepEqual(fs.readFileSync(path.join(storage.copyPath, 'kiosk.sqlite')), fs.readFileSync(path.join(live, 'kiosk.sqlite')));
  assert.deepEqual(fs.readFileSync(path.join(dataDir, 'kiosk.sqlite-wal')), wal);
  // Started again without a choice: the same copy is named, not another made.
  await kiosk.core.close();
  const again = openCore(dataDir);
  t.after(() => again.core.close());
  assert.deepEqual(await again.call('getStorage', {}), storage);
  assert.equal(fs.readdirSync(dataDir).filter((name) => name.startsWith('damaged-')).length, 1);
});

test('a torn WAL tail after a crash is not damage: every committed request is there', async (t) => {
  const live = tempDir(t);
  await kioskWithRequests(t, live, 4);
  const dataDir = tempDir(t);
  for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal']) fs.copyFileSync(path.join(live, name), path.join(dataDir, name));
  const wal = fs.readFileSync(path.join(dataDir, 'kiosk.sqlite-wal'));
  const pageSize = wal.readUInt32BE(8);
  // The next transaction was being written when the power went: one whole frame with the right salts
  // but a checksum that does not match, then half a frame.
  const frame = Buffer.alloc(24 + pageSize, 0x5a);
  frame.writeUInt32BE(2, 0);
  frame.writeUInt32BE(0, 4);
  wal.copy(frame, 8, 16, 24);
  fs.appendFileSync(path.join(dataDir, 'kiosk.sqlite-wal'), Buffer.concat([frame, frame.subarray(0, pageSize / 2)]));

  const kiosk = openCore(dataDir);
  t.after(() => kiosk.core.close());
  assert.equal((await kiosk.call('getStorage', {})).state, 'ok');
  assert.equal(await requestCount(kiosk), 4);
});

test('a database whose b-tree page was overwritten is noticed at start and kept aside', async (t) => {
  const dataDir = tempDir(t);
  await (await kioskWithRequests(t, dataDir, 5)).core.close();
  const file = path.join(dataDir, 'kiosk.sqlite');
  corruptRequestsPage(file);
  const damagedBytes = fs.readFileSync(file);

  const kiosk = openCore(dataDir);
  t.after(() => kiosk.core.close());
  const storage = await kiosk.call('getStorage', {});
  assert.ok(storage.state === 'damaged', 'the damage is reported');
  assert.match(storage.problem, /integrity check of the kiosk database failed|SQLite found the kiosk database damaged/);
  assert.deepEqual(fs.readFileSync(path.join(storage.copyPath, 'kiosk.sqlite')), damagedBytes);
  assert.equal((await kiosk.fail('getStatus', {})).code, 'not_allowed');
  // Starting empty needs a confirmation; then the kiosk works, and the copy stays.
  assert.equal((await kiosk.fail('startFresh', {})).code, 'invalid_input');
  assert.deepEqual(await kiosk.call('startFresh', { confirm: true }), { state: 'ok', lastBackupAt: null });
  assert.equal(await requestCount(kiosk), 0);
  assert.deepEqual(fs.readFileSync(path.join(storage.copyPath, 'kiosk.sqlite')), damagedBytes);
  assert.equal((await kiosk.fail('startFresh', { confirm: true })).code, 'not_allowed');
});

test('backups: taken daily through the backup API, checked, the newest five kept, 0600', async (t) => {
  const { listBackups, takeBackup } = await import('../../electron/store/backups.ts');
  const dataDir = tempDir(t);
  const day0 = new Date('2026-11-01T08:00:00.000Z');
  // At start with no backup: one is taken (of the requests already there).
  await (await kioskWithRequests(t, dataDir, 3, { now: () => day0 })).core.close();
  await openCore(dataDir, { now: () => day0 }).core.close();
  assert.deepEqual(listBackups(dataDir), [{ file: 'kiosk-2026-11-01T08-00-00-000Z.sqlite', takenAt: day0.toISOString(), requests: 3 }]);
  // Less than a day later: none; a day later: one more.
  await openCore(dataDir, { now: () => new Date(day0.getTime() + DAY - 1000) }).core.close();
  assert.equal(listBackups(dataDir).length, 1);
  await openCore(dataDir, { now: () => new Date(day0.getTime() + DAY) }).core.close();
  assert.equal(listBackups(dataDir).length, 2);

  // Rotation: of eight backups the newest five stay, each sound and private.
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  t.after(() => db.close());
  for (let i = 2; i < 8; i++) await takeBackup(db, dataDir, new Date(day0.getTime() + i * DAY));
  const kept = listBackups(dataDir);
  assert.deepEqual(kept.map((b) => b.takenAt), [7, 6, 5, 4, 3].map((i) => new Date(day0.getTime() + i * DAY).toISOString()));
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'backups')).sort(), kept.map((b) => b.file).sort(), 'nothing else is left in backups/');
  for (const backup of kept) {
    assert.equal(backup.requests, 3);
    if (POSIX) assert.equal(mode(path.join(dataDir, 'backups', backup.file)), 0o600);
    const copy = new Database(path.join(dataDir, 'backups', backup.file), { readonly: true });
    assert.equal(copy.pragma('quick_check', { simple: true }), 'ok');
    copy.close();
  }
});

test("an export's temp file left by a crash is removed at start; other files in the folder stay", async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 5 }] });
  t.after(() => licenses.close());
  const dataDir = tempDir(t);
  const exportDir = tempDir(t);
  const first = openCore(dataDir);
  await first.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const { results } = await first.call('capture', { items: [item('press.json', seed004File(KEY, 'press'))] });
  await first.call('syncNow', {});
  const id = results[0]!.requestId!;
  assert.equal((await first.call('getRequest', { id })).state, 'fulfilled');
  await first.core.close();
  // Someone else's hidden files that merely look alike.
  fs.writeFileSync(path.join(exportDir, '.notes.json.0123456789ab.tmp'), 'mine');
  fs.writeFileSync(path.join(exportDir, '.draft.json.0123456789ab-1.tmp'), 'mine too');

  const crash = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-export.ts'), dataDir, exportDir, id], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(crash.signal, 'SIGKILL', `the export process was killed mid-export\n${crash.stderr}`);
  const foreign = ['.draft.json.0123456789ab-1.tmp', '.notes.json.0123456789ab.tmp'];
  const leftovers = fs.readdirSync(exportDir).filter((name) => !foreign.includes(name));
  assert.equal(leftovers.length, 1, `the crash left the response's temp file: ${fs.readdirSync(exportDir).join(', ')}`);
  assert.match(leftovers[0]!, /\.tmp$/);

  const kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
  t.after(() => kiosk.core.close());
  assert.deepEqual(fs.readdirSync(exportDir).sort(), foreign);
  // The export itself works as before and leaves nothing behind.
  const delivered = await kiosk.call('deliver', { ids: [id], to: 'folder' });
  assert.equal(delivered.written.length, 1);
  await kiosk.core.close();
  assert.deepEqual(fs.readdirSync(exportDir).filter((n) => n.endsWith('.tmp')).sort(), foreign);
  await openCore(dataDir).core.close();
  assert.equal(fs.readdirSync(exportDir).length, 3, 'the exported file and the foreign ones stay');
});

test("a many-answer export's temp folder left by a crash is removed at start, with everything in it; other folders stay", async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 5 }] });
  t.after(() => licenses.close());
  const dataDir = tempDir(t);
  const exportDir = tempDir(t);
  const first = openCore(dataDir);
  await first.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const { results } = await first.call('capture', { items: [item('press.json', seed004File(KEY, 'press'))] });
  await first.call('syncNow', {});
  const id = results[0]!.requestId!;
  await first.core.close();
  fs.mkdirSync(path.join(exportDir, '.answers-old.0123456789ab-1.tmp'));

  const crash = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-export.ts'), dataDir, exportDir, id, 'bundle'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(crash.signal, 'SIGKILL', `the export process was killed mid-export\n${crash.stderr}`);
  const temp = fs.readdirSync(exportDir).filter((name) => name !== '.answers-old.0123456789ab-1.tmp');
  assert.equal(temp.length, 1, `the crash left the export's temp folder: ${fs.readdirSync(exportDir).join(', ')}`);
  assert.deepEqual(fs.readdirSync(path.join(exportDir, temp[0]!)).length, 2, 'the answer and the manifest, not yet in place');

  await openCore(dataDir).core.close();
  assert.deepEqual(fs.readdirSync(exportDir), ['.answers-old.0123456789ab-1.tmp'], 'only the foreign folder stays');
});

test('a restore cut short by a crash is finished at the next start, never applying the damaged WAL', async (t) => {
  const dataDir = tempDir(t);
  await (await kioskWithRequests(t, dataDir, 3)).core.close();
  await openCore(dataDir).core.close(); // the day's backup, taken at start
  const [backup] = fs.readdirSync(path.join(dataDir, 'backups'));
  // The crash came after the complete copy was flushed and named, before the damaged files were replaced.
  corruptRequestsPage(path.join(dataDir, 'kiosk.sqlite'));
  fs.writeFileSync(path.join(dataDir, 'kiosk.sqlite-wal'), Buffer.alloc(5000, 0x33));
  fs.copyFileSync(path.join(dataDir, 'backups', backup!), path.join(dataDir, 'kiosk.sqlite.restoring'));

  const kiosk = openCore(dataDir);
  t.after(() => kiosk.core.close());
  assert.equal((await kiosk.call('getStorage', {})).state, 'ok');
  assert.equal(await requestCount(kiosk), 3);
  assert.ok(!fs.existsSync(path.join(dataDir, 'kiosk.sqlite.restoring')));
});

test('Chromium: a corrupted database shows the damaged-database screen; restoring the backup brings the requests back', { timeout: 120_000 }, async (t) => {
  const dataDir = tempDir(t);
  const first = await kioskWithRequests(t, dataDir, 4);
  await first.call('setEngineer', TEST_ENGINEER); // as after the first-run step, so the restored kiosk opens without it
  await first.core.close();
  await openCore(dataDir).core.close(); // the day's backup, taken at start
  assert.equal(fs.readdirSync(path.join(dataDir, 'backups')).length, 1);
  corruptRequestsPage(path.join(dataDir, 'kiosk.sqlite'));

  const host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const problem = page.getByTestId('damaged-problem');
  await problem.waitFor();
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /The kiosk database is damaged/);
  assert.match(await problem.innerText(), /integrity check of the kiosk database failed|SQLite found the kiosk database damaged/);
  const copyPath = await page.getByTestId('damaged-copy-path').innerText();
  assert.equal(path.dirname(copyPath), dataDir);
  assert.ok(fs.existsSync(path.join(copyPath, 'kiosk.sqlite')), 'the copy named on screen exists');
  assert.equal(await page.locator('nav').count(), 0, 'the normal app is not shown');
  const row = page.locator('.damaged-db-backups tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /\(newest\)\s+4\b/);
  await screenshot(page, 'damaged-database');

  await row.getByRole('button', { name: 'Restore this backup' }).click();
  await page.locator('button[data-screen="queue"]').click();
  await page.locator('tr[data-request-id]').nth(3).waitFor();
  assert.equal(await page.locator('tr[data-request-id]').count(), 4);
  assert.deepEqual(pageErrors, []);
  const history = await host.call('listRequests', {});
  assert.equal(history.requests.length, 4);
});
