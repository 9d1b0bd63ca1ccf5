// The sync engine through the core: it stays under a connection's rate limit without 429s, the pause
// switch holds (across a restart), background sync wakes itself at the next retry time, and requests
// or responses near their validity limit are flagged (expired responses are not delivered).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { CRYPTLEX_SAMPLES, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const LICENSE = { id: 'lic-engine', key: 'E1E2E3-D4E5F6-A7B8C9-D0E1F2' };

function open(t: TestContext, dataDir: string, options: Parameters<typeof openCore>[1] = {}): TestCore {
  const kiosk = openCore(dataDir, { chooseFolder: async () => tempDir(t), ...options });
  t.after(() => kiosk.core.close());
  return kiosk;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a tight rate limit: every request goes through with no 429, the window is learned from the headers', async (t) => {
  const srv = await startCryptlexServer({
    licenses: [{ ...LICENSE, productId: CRYPTLEX_SAMPLES.productId, allowedActivations: 100 }],
    tokens: [{ token: CRYPTLEX_SAMPLES.tokens.full, scopes: ['license:read', 'activation:read', 'activation:write'] }],
    rateLimit: { limit: 6, windowMs: 1000 },
  });
  t.after(() => srv.close());
  const kiosk = open(t, tempDir(t));
  await kiosk.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: srv.url, secret: CRYPTLEX_SAMPLES.tokens.full });
  const files = Array.from({ length: 20 }, (_, i) =>
    item(`d${i}.req`, makeOfflineRequest({ type: 'activation', key: LICENSE.key, fp: machineId(`rl-${i}`).slice(0, 32), pid: CRYPTLEX_SAMPLES.productId, nonce: `rl-${i}` })),
  );
  const { results } = await kiosk.call('capture', { items: files });
  for (const r of results) await kiosk.call('setLicenseKey', { id: r.requestId!, licenseKey: LICENSE.key });

  const summary = await kiosk.call('syncNow', {});
  assert.deepEqual(summary, { attempted: 20, fulfilled: 20, failed: 0 });
  assert.equal(srv.state.answers()[429] ?? 0, 0, 'the limiter kept every call inside the window');
  const lane = (await kiosk.call('getStatus', {})).syncLanes.find((l) => l.name === 'Cryptlex');
  assert.equal(lane?.rateLimit?.limit, 6, 'learned the limit from X-Rate-Limit-Limit');
  assert.equal(lane?.online, true);
});

test('a 429 burst: the waiting request is retried after Retry-After, by the background loop on its own', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const kiosk = open(t, tempDir(t), { syncIntervalMs: 60_000 });
  await kiosk.call('saveConnection', { name: 'API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  licenses.faults.throttleNext(1, 1);
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(KEY, 'burst-a'))] });
  const id = results[0]!.requestId!;
  await waitFor('throttled', async () => (await kiosk.call('getRequest', { id })).history.some((h) => h.event === 'will_retry'));
  const waiting = await kiosk.call('getStatus', {});
  assert.ok(waiting.nextRetryAt, 'the status names the next retry time');
  // The interval is a minute; only waking at the retry time makes this finish within seconds.
  await waitFor('fulfilled after Retry-After', async () => (await kiosk.call('getRequest', { id })).state === 'fulfilled', 5000);
});

test('while paused a capture runs no pass at all; resumed, a pass the background loop started still wakes at Retry-After', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const kiosk = open(t, tempDir(t), { syncIntervalMs: 60_000 });
  await kiosk.call('saveConnection', { name: 'API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  await kiosk.call('syncNow', {}); // the pass the new connection started, if still running
  const before = (await kiosk.call('setSyncPaused', { paused: true })).lastSyncAt;
  const { results } = await kiosk.call('capture', { items: [item('r.json', seed004File(KEY, 'resume-429'))] });
  const id = results[0]!.requestId!;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await kiosk.call('getStatus', {})).lastSyncAt, before, 'no pass ran while paused');

  // Resuming starts a background pass; its 429 asks for a second, far sooner than the minute-long interval.
  licenses.faults.throttleNext(1, 1);
  await kiosk.call('setSyncPaused', { paused: false });
  await waitFor('throttled', async () => (await kiosk.call('getRequest', { id })).history.some((h) => h.event === 'will_retry'));
  await waitFor('fulfilled after Retry-After', async () => (await kiosk.call('getRequest', { id })).state === 'fulfilled', 5000);
});

test('pause: nothing is sent while paused, the switch survives a restart, resume sends', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const dataDir = tempDir(t);
  let kiosk = openCore(dataDir, { syncIntervalMs: 50 });
  await kiosk.call('saveConnection', { name: 'API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  assert.equal((await kiosk.call('setSyncPaused', { paused: true })).syncPaused, true);
  const { results } = await kiosk.call('capture', { items: [item('p.json', seed004File(KEY, 'paused-1'))] });
  const id = results[0]!.requestId!;
  const refused = await kiosk.fail('syncNow', {});
  assert.match(refused.message, /paused/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await kiosk.call('getRequest', { id })).state, 'queued');
  await kiosk.core.close();

  kiosk = open(t, dataDir, { syncIntervalMs: 50 });
  assert.equal((await kiosk.call('getStatus', {})).syncPaused, true, 'still paused after a restart');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(licenses.state.activationCount(KEY), 0, 'nothing was sent');
  await kiosk.call('setSyncPaused', { paused: false });
  await waitFor('sent after resume', async () => (await kiosk.call('getRequest', { id })).state === 'fulfilled');
  const audit = (await kiosk.call('getRequest', { id })).history.map((h) => h.event);
  assert.ok(audit.includes('fulfilled'));
});

test('validity: a request close to its limit and a short-lived response are flagged; an expired response is not delivered', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  let clock = Date.parse('2026-11-23T12:00:00Z');
  const kiosk = open(t, tempDir(t), { now: () => new Date(clock) });
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 3600 });

  const soon = kioskFile(KEY, 'expiring', { expires_at: '2026-11-23T20:00:00Z' });
  const later = kioskFile(KEY, 'long-lived', { expires_at: '2026-12-30T00:00:00Z' });
  const { results } = await kiosk.call('capture', { items: [item('soon.json', soon), item('later.json', later)] });
  const [soonRow, laterRow] = await Promise.all(results.map((r) => kiosk.call('getRequest', { id: r.requestId! })));
  assert.equal(soonRow!.expiryWarning?.level, 'soon');
  assert.equal(laterRow!.expiryWarning, null);
  clock = Date.parse('2026-11-23T21:00:00Z');
  assert.equal((await kiosk.call('getRequest', { id: soonRow!.id })).expiryWarning?.level, 'expired');

  // A Keygen machine file checked out for one hour: flagged at once, refused for delivery after it.
  const qr = keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId('short-lived'));
  const captured = await kiosk.call('capture', { items: [item('short.txt', qr)] });
  const id = captured.results[0]!.requestId!;
  clock = Date.now();
  await kiosk.call('syncNow', {});
  const fulfilled = await kiosk.call('getRequest', { id });
  assert.equal(fulfilled.state, 'fulfilled');
  assert.ok(fulfilled.responseExpiresAt, 'the machine file expiry is kept');
  assert.equal(fulfilled.expiryWarning?.level, 'soon');
  clock = Date.parse(fulfilled.responseExpiresAt!) + 1000;
  const delivered = await kiosk.call('deliver', { ids: [id], to: 'folder' });
  assert.equal(delivered.written.length, 0);
  assert.match(delivered.problems[0]?.message ?? '', /expired/);
  // Retry fetches a fresh one (the same seat: Keygen knows the machine).
  assert.equal((await kiosk.call('retryRequest', { id })).state, 'queued');
  clock = Date.now();
  await kiosk.call('syncNow', {});
  assert.equal((await kiosk.call('getRequest', { id })).state, 'fulfilled');
  assert.equal(keygen.state.machines(KEYGEN_SAMPLES.licenses.floating3.key).length, 1);
});

test('the OS says offline, then online: the status follows at once and waiting requests go', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const kiosk = open(t, tempDir(t), { syncIntervalMs: 60_000 });
  await kiosk.call('saveConnection', { name: 'API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  await kiosk.call('networkChanged', { online: false });
  const offline = await kiosk.call('getStatus', {});
  assert.equal(offline.online, false);
  assert.ok(offline.syncLanes.every((l) => l.online === false));
  const { results } = await kiosk.call('capture', { items: [item('n.json', seed004File(KEY, 'net-1'))] });
  await kiosk.call('networkChanged', { online: true });
  // The background interval is a minute: only the immediate check can send it this soon.
  await waitFor('sent once the OS is online', async () => (await kiosk.call('getRequest', { id: results[0]!.requestId! })).state === 'fulfilled', 5000);
  assert.equal((await kiosk.call('getStatus', {})).online, true);
});

test('a slow link: the lane sends more than 4 at a time to use the rate limit, and no call is refused with 429', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 100 }], rateLimit: { limit: 40, windowMs: 1000 } });
  t.after(() => licenses.close());
  licenses.faults.latencyMs = 200;
  // A pass-through in front of the server counts the calls it has open at once.
  let calls = 0;
  let most = 0;
  const proxy = http.createServer((req, res) => {
    calls += 1;
    most = Math.max(most, calls);
    const upstream = http.request(new URL(req.url ?? '/', licenses.url), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => (calls -= 1));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => proxy.close(resolve)));
  const kiosk = open(t, tempDir(t));
  await kiosk.call('saveConnection', { name: 'API', baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, publicKeyPem: licenses.publicKeyPem });
  const { results } = await kiosk.call('capture', { items: Array.from({ length: 60 }, (_, i) => item(`s${i}.json`, seed004File(KEY, `slow-${i}`))) });
  assert.equal(results.filter((r) => r.outcome === 'queued').length, 60);

  const summary = await kiosk.call('syncNow', {});
  assert.deepEqual(summary, { attempted: 60, fulfilled: 60, failed: 0 });
  assert.ok(most > 4, `the server saw at most ${most} calls at once; 4 at 200 ms is 20/s, half the limit`);
  const lane = (await kiosk.call('getStatus', {})).syncLanes[0];
  assert.ok((lane?.atOnce ?? 0) > 4, `the lane sends ${lane?.atOnce} at once`);
  assert.ok((lane?.latencyMs ?? 0) >= 200, 'the latency it measured is shown');
});
