// The whole path through the core, against the license API server on 127.0.0.1 and a real SQLite
// file: capture, sync, verify, deliver; refusals, a tampered signature, a server that goes away.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { importRsaPublicKey, verifySignedData } from '../../shared/crypto/rsa.ts';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const ACTIVE = 'AAAAA-11111-BBBBB-22222-CCCCC';
const SINGLE = 'SINGL-11111-BBBBB-22222-CCCCC';
const SUSPENDED = 'SUSPD-11111-BBBBB-22222-CCCCC';
const UNKNOWN = 'NOPE0-11111-BBBBB-22222-CCCCC';

async function server(t: TestContext, options: Partial<Parameters<typeof startLicenseServer>[0]> = {}): Promise<LicenseServerHandle> {
  const handle = await startLicenseServer({
    licenses: [
      { key: ACTIVE, status: 'active', maxActivations: 10 },
      { key: SINGLE, status: 'active', maxActivations: 1 },
      { key: SUSPENDED, status: 'suspended', maxActivations: 10 },
    ],
    ...options,
  });
  t.after(() => handle.close());
  return handle;
}

async function connected(t: TestContext, licenses: LicenseServerHandle, dataDir = tempDir(t), exportDir = tempDir(t)) {
  const kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  return { kiosk, dataDir, exportDir };
}

async function stateOf(kiosk: TestCore, id: string) {
  return kiosk.call('getRequest', { id });
}

test('captures good files, names the broken ones, and does not queue a request twice', async (t) => {
  const { kiosk } = await connected(t, await server(t));
  const big = 'x'.repeat(1024 * 1024 + 1);
  const { results } = await kiosk.call('capture', {
    items: [
      item('press-1.json', seed004File(ACTIVE, 'press-1')),
      item('broken.json', '{"license_key": "AAAAA'),
      item('huge.json', big),
      item('bay-2.json', kioskFile(ACTIVE, 'bay-2')),
      item('press-1-again.json', JSON.stringify(JSON.parse(seed004File(ACTIVE, 'press-1')), null, 4)),
      item('odd.json', JSON.stringify({ license_key: 'bad', machine_id: machineId('x') })),
    ],
  });
  assert.deepEqual(results.map((r) => [r.name, r.outcome]), [
    ['press-1.json', 'queued'],
    ['broken.json', 'error'],
    ['huge.json', 'error'],
    ['bay-2.json', 'queued'],
    ['press-1-again.json', 'duplicate'],
    ['odd.json', 'error'],
  ]);
  assert.match(results[1]!.message, /^Not JSON/);
  assert.match(results[2]!.message, /Too large .* at most 1 MiB/);
  assert.match(results[4]!.message, /Already in the queue/);
  assert.match(results[5]!.message, /license_key must look like XXXXX/);
  const list = await kiosk.call('listRequests', {});
  assert.equal(list.requests.length, 2);
  assert.equal(list.counts.queued, 2);
  const detail = await stateOf(kiosk, results[0]!.requestId!);
  assert.deepEqual(detail.history.map((h) => h.event), ['captured', 'captured_again']);
  assert.equal(detail.licenseKeyMasked, 'AAAAA-•••-CCCCC');
});

test('syncs, verifies, and exports files that verify against the vendor key', async (t) => {
  const licenses = await server(t);
  const { kiosk, exportDir } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(ACTIVE, 'press-1')), item('b.json', kioskFile(ACTIVE, 'bay-2'))] });
  const ids = results.map((r) => r.requestId!);
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 2, fulfilled: 2, failed: 0 });
  assert.equal(licenses.state.activationCount(ACTIVE), 2);
  for (const id of ids) assert.equal((await stateOf(kiosk, id)).state, 'fulfilled');

  const delivered = await kiosk.call('deliver', { ids, to: 'folder' });
  assert.equal(delivered.folder, exportDir);
  assert.deepEqual(delivered.problems, []);
  assert.deepEqual(delivered.written.map((w) => w.fileName).sort(), [`activation-bay-2-${machineId('bay-2').slice(0, 12)}.json`, `activation-press-1-${machineId('press-1').slice(0, 12)}.json`]);
  const key = await importRsaPublicKey(licenses.publicKeyPem);
  for (const name of fs.readdirSync(exportDir)) {
    const doc = JSON.parse(fs.readFileSync(path.join(exportDir, name), 'utf8')) as { data: { machine_id: string }; signature: string };
    assert.ok(await verifySignedData(key, doc.data, doc.signature), `${name} verifies`);
  }
  // Exported, not delivered: the file is in a folder, not on its device yet.
  const detail = await stateOf(kiosk, ids[0]!);
  assert.equal(detail.state, 'fulfilled');
  assert.ok(detail.exportedAt && detail.response?.exportedAt, 'the export is recorded');
  assert.equal(detail.response?.deliveredAt, null);
  assert.deepEqual(detail.history.map((h) => h.event), ['captured', 'sending', 'fulfilled', 'exported']);
  // A second export finds the same bytes already there and writes nothing new.
  await kiosk.call('deliver', { ids, to: 'folder' });
  assert.equal(fs.readdirSync(exportDir).length, 2);
});

test('maps refusals to sentences: suspended, unknown key, activation limit', async (t) => {
  const licenses = await server(t);
  const { kiosk } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', {
    items: [
      item('s.json', seed004File(SUSPENDED, 'd1')),
      item('u.json', seed004File(UNKNOWN, 'd2')),
      item('one.json', seed004File(SINGLE, 'd3')),
      item('two.json', seed004File(SINGLE, 'd4')),
    ],
  });
  await kiosk.call('syncNow', {});
  const [suspended, unknown, first, second] = await Promise.all(results.map((r) => stateOf(kiosk, r.requestId!)));
  assert.equal(suspended!.state, 'rejected');
  assert.match(suspended!.lastError!, /suspended/i);
  assert.equal(unknown!.state, 'rejected');
  assert.match(unknown!.lastError!, /does not know this licence key/);
  assert.equal(first!.state, 'fulfilled');
  assert.equal(second!.state, 'rejected');
  assert.match(second!.lastError!, /limit/i);
  for (const r of [suspended!, unknown!, second!]) assert.ok(!r.lastError!.includes(SINGLE) && !r.lastError!.includes(SUSPENDED), 'no licence key in messages');
  assert.equal(licenses.state.activationCount(SINGLE), 1);
});

test('a tampered signature is refused and nothing can be exported', async (t) => {
  const licenses = await server(t);
  const { kiosk, exportDir } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(ACTIVE, 'press-9'))] });
  const id = results[0]!.requestId!;
  licenses.faults.tamperNext(1, 'data');
  await kiosk.call('syncNow', {});
  const detail = await stateOf(kiosk, id);
  assert.equal(detail.state, 'rejected');
  assert.equal(detail.lastErrorCode, 'signature_invalid');
  assert.match(detail.lastError!, /signature invalid/i);
  assert.equal(detail.response, null);
  const delivered = await kiosk.call('deliver', { ids: [id], to: 'folder' });
  assert.deepEqual(delivered.written, []);
  assert.match(delivered.problems[0]!.message, /Not ready to deliver/);
  assert.deepEqual(fs.readdirSync(exportDir), []);
});

test('rate limits and server errors keep requests waiting with a retry time', async (t) => {
  // The server's windows are aligned to the clock; an hour-long one resets at the next full hour.
  // The server's clock is frozen so both requests fall in the same window.
  const frozen = Date.now();
  const licenses = await server(t, { rateLimit: { limit: 1, windowMs: 3_600_000 }, now: () => frozen });
  const { kiosk } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(ACTIVE, 'r1')), item('b.json', seed004File(ACTIVE, 'r2'))] });
  await kiosk.call('syncNow', {});
  const limited = await stateOf(kiosk, results[1]!.requestId!);
  assert.equal(limited.state, 'retry_wait');
  assert.equal(limited.lastErrorCode, 'rate_limited');
  const reset = (Math.floor(frozen / 3_600_000) + 1) * 3_600_000;
  assert.ok(Date.parse(limited.nextAttemptAt!) >= reset, 'waits for the window to reset');
  assert.match(limited.lastError!, /rate-limiting/);

  const other = await server(t);
  const second = await connected(t, other);
  const captured = await second.kiosk.call('capture', { items: [item('c.json', seed004File(ACTIVE, 'r3'))] });
  other.faults.failNext(1, 503);
  await second.kiosk.call('syncNow', {});
  const failed = await stateOf(second.kiosk, captured.results[0]!.requestId!);
  assert.equal(failed.state, 'retry_wait');
  assert.ok(failed.nextAttemptAt);
});

test('a server that is down: requests wait, then go through when it is back', async (t) => {
  const licenses = await server(t);
  const { kiosk } = await connected(t, licenses);
  await licenses.close();
  const items = Array.from({ length: 8 }, (_, i) => item(`late-${i}.json`, seed004File(ACTIVE, `late-${i}`)));
  const { results } = await kiosk.call('capture', { items });
  const summary = await kiosk.call('syncNow', {});
  // Up to the per-connection concurrency (4) were already on their way; nothing more is sent once one fails.
  assert.ok(summary.attempted >= 1 && summary.attempted <= 4, `stops after the first network failure (${summary.attempted} sent)`);
  assert.equal(summary.failed, summary.attempted);
  const status = await kiosk.call('getStatus', {});
  assert.equal(status.online, false);
  assert.match(status.lastSyncError!, /cannot be reached/);
  assert.equal(status.syncLanes[0]?.online, false);
  const states = await Promise.all(results.map((r) => stateOf(kiosk, r.requestId!)));
  const tried = states.filter((s) => s.state === 'retry_wait');
  assert.equal(tried.length, summary.attempted);
  assert.ok(tried.every((s) => s.lastErrorCode === 'network'));
  assert.equal(states.filter((s) => s.state === 'queued').length, 8 - summary.attempted, 'the others were not sent');

  await licenses.restart();
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 8, fulfilled: 8, failed: 0 });
  assert.equal((await kiosk.call('getStatus', {})).online, true);
});

test('cancel and retry follow the allowed states', async (t) => {
  const licenses = await server(t);
  const { kiosk } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(SUSPENDED, 'c1'))] });
  const id = results[0]!.requestId!;
  await kiosk.call('syncNow', {});
  assert.equal((await stateOf(kiosk, id)).state, 'rejected');
  licenses.state.setStatus(SUSPENDED, 'active');
  assert.equal((await kiosk.call('retryRequest', { id })).state, 'queued');
  await kiosk.call('syncNow', {});
  assert.equal((await stateOf(kiosk, id)).state, 'fulfilled');
  const refused = await kiosk.fail('cancelRequest', { id });
  assert.equal(refused.code, 'not_allowed');
  assert.match(refused.message, /Ready to deliver/);
  assert.equal((await kiosk.fail('getRequest', { id: 'nope' })).code, 'invalid_input');
});

test('a cancelled request cannot be retried; it can be restored on purpose, with an audit entry', async (t) => {
  const licenses = await server(t);
  const { kiosk } = await connected(t, licenses);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(ACTIVE, 'c2'))] });
  const id = results[0]!.requestId!;
  await kiosk.call('cancelRequest', { id });
  assert.deepEqual((await stateOf(kiosk, id)).actions, { retry: false, cancel: false, restore: true, returnSeat: false });
  const refused = await kiosk.fail('retryRequest', { id });
  assert.equal(refused.code, 'not_allowed');
  assert.match(refused.message, /"Cancelled" cannot be retried/);
  assert.equal((await kiosk.call('restoreRequest', { id })).state, 'queued');
  assert.deepEqual((await stateOf(kiosk, id)).history.map((h) => h.event), ['captured', 'cancelled', 'restored']);
  assert.match((await kiosk.fail('restoreRequest', { id })).message, /Only a cancelled request can be restored; this one is "Waiting to sync"/);
  await kiosk.call('syncNow', {});
  assert.equal((await stateOf(kiosk, id)).state, 'fulfilled');
});

test('a vendor request file without a licence key waits for the key, keeping its request body', async (t) => {
  const licenses = await server(t);
  const { kiosk, dataDir } = await connected(t, licenses);
  const token = 'aGVhZGVy.cGF5bG9hZA.c2ln';
  const { results } = await kiosk.call('capture', { items: [item('device.req', `${token}\n`)] });
  const id = results[0]!.requestId!;
  assert.equal(results[0]!.outcome, 'queued');
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 0, fulfilled: 0, failed: 0 }, 'not sent without its key');
  const waiting = await stateOf(kiosk, id);
  assert.equal(waiting.needsLicenseKey, true);
  assert.equal(waiting.deviceLabel, 'device', 'a form that names no device is labelled by its file name');
  assert.equal(waiting.state, 'queued');

  assert.match((await kiosk.fail('setLicenseKey', { id, licenseKey: '  ' })).message, /enter the licence key/);
  const keyed = await kiosk.call('setLicenseKey', { id, licenseKey: 'CRYPT-LEX00-KEY00-00000-00001' });
  assert.equal(keyed.needsLicenseKey, false);
  assert.equal(keyed.licenseKeyMasked, 'CRYPT-•••-00001');
  // Not sent yet: a typed key can still be corrected (license-key-edit.test.ts covers the rule).
  assert.equal((await kiosk.call('setLicenseKey', { id, licenseKey: 'CRYPT-LEX00-KEY00-00000-00002' })).licenseKeyMasked, 'CRYPT-•••-00002');
  assert.deepEqual((await stateOf(kiosk, id)).history.filter((h) => h.event.startsWith('license_key_')).map((h) => h.event), ['license_key_entered', 'license_key_changed']);

  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(db.prepare('SELECT request_body, vendor_hint FROM requests WHERE id = ?').get(id), { request_body: token, vendor_hint: 'cryptlex' });
  // It has its key now, but it is a Cryptlex request and only a generic connection exists: it is never
  // sent to the wrong API; it waits, saying what is missing (connections.test.ts sends it to Cryptlex).
  assert.equal((await kiosk.call('syncNow', {})).attempted, 0, 'not sent to a connection for another vendor');
  const parked = await stateOf(kiosk, id);
  assert.equal(parked.state, 'queued');
  assert.match(parked.lastError ?? '', /Needs a Cryptlex connection/);
});

test('the engineer can send one request through another connection of its vendor', async (t) => {
  const licenses = await server(t);
  const { kiosk } = await connected(t, licenses);
  const demo = await kiosk.call('useDemoConnection', {});
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const demoKey = 'DEMO1-PRESS-LINE0-A1B2C-0001X';
  const { results } = await kiosk.call('capture', { items: [item('demo.json', seed004File(demoKey, 'chosen-1'))] });
  const id = results[0]!.requestId!;

  assert.equal((await kiosk.fail('chooseConnection', { id, connectionId: 'no-such-connection' })).code, 'not_found');
  const chosen = await kiosk.call('chooseConnection', { id, connectionId: demo.id });
  assert.equal(chosen.chosenConnectionId, demo.id);
  await kiosk.call('syncNow', {});
  const detail = await stateOf(kiosk, id);
  assert.equal(detail.state, 'fulfilled');
  assert.ok(detail.history.some((h) => h.event === 'connection_chosen' && h.detail.includes('Demo licensing service')));
  assert.ok(detail.history.some((h) => h.event === 'sending' && h.detail.includes('Demo licensing service')));
  assert.equal(licenses.state.activationCount(), 0, 'the default connection was not used');
  assert.equal((await kiosk.fail('chooseConnection', { id, connectionId: null })).code, 'not_allowed', 'a fulfilled request keeps its connection');
});
