// The web host as a separate process: its guards (attacks on them: test/security/web-host.test.ts), the contract over HTTP, the event stream, and a
// SIGKILL in the middle of a sync.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { SESSION_HEADER } from '../../shared/api/web-session.ts';
import { exchangeLink, startHostProcess } from '../support/web-host-process.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

test('the web host serves its page to anyone on its own host name, and calls only with a session from a launch link', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const api = `${host.url}api/call/getStatus`;
  const post = (headers: Record<string, string>) => fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

  // The page itself is public (it holds no secret); it logs in with the link's fragment.
  const page = await fetch(host.url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy')!, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(page.headers.get('content-security-policy')!, /worker-src 'self' blob:/);
  assert.equal(page.headers.get('set-cookie'), null);
  assert.equal((await post({})).status, 401);
  assert.equal((await post({ [SESSION_HEADER]: 'wrong' })).status, 401);
  const session = await exchangeLink(await host.openUrl());
  assert.equal((await post({ [SESSION_HEADER]: session })).status, 200);
  assert.equal((await post({ [SESSION_HEADER]: session, Origin: 'http://evil.example' })).status, 403);

  // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) sends its own Host.
  const rebinding = await new Promise<number>((resolve, reject) => {
    const url = new URL(api);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Host: `evil.example:${url.port}`, [SESSION_HEADER]: session, 'Content-Type': 'application/json' } }, (res) => resolve(res.statusCode!));
    req.on('error', reject);
    req.end('{}');
  });
  assert.equal(rebinding, 421);
});

test('bad calls get a sentence naming the problem', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const send = (name: string, body: string) =>
    fetch(`${host.url}api/call/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', [SESSION_HEADER]: host.session }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; error?: { code: string; message: string } } }));
  const unknown = await send('dropTables', '{}');
  assert.equal(unknown.status, 404);
  const notJson = await send('capture', '{items');
  assert.equal(notJson.body.error?.code, 'invalid_input');
  const empty = await send('capture', JSON.stringify({ items: [] }));
  assert.equal(empty.body.error?.message, 'choose at least one file (items)');
  const badId = await send('getRequest', JSON.stringify({ id: '../../etc' }));
  assert.match(badId.body.error!.message, /request id is 64 hex characters \(id\)/);
  const badConnection = await send('saveConnection', JSON.stringify({ name: 'x', baseUrl: 'ftp://x', publicKeyPem: 'nope' }));
  assert.match(badConnection.body.error!.message, /base URL must start with http/);
});

test('events stream to the browser as requests change', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const controller = new AbortController();
  t.after(() => controller.abort());
  const res = await fetch(`${host.url}api/events`, { headers: { [SESSION_HEADER]: host.session }, signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  const { results } = await host.call('capture', { items: [item('a.json', seed004File(KEY, 'evt'))] });
  let text = '';
  while (!text.includes('event: requestsChanged')) text += new TextDecoder().decode((await reader.read()).value);
  assert.ok(text.includes(results[0]!.requestId!));
});

test('killed mid-sync (SIGKILL), restarted: the request is reconciled, never activated twice', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 5 }] });
  t.after(() => licenses.close());
  const dataDir = tempDir(t);
  let host = await startHostProcess(dataDir);
  await host.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const { results } = await host.call('capture', { items: [item('slow.json', seed004File(KEY, 'slow-device'))] });
  const id = results[0]!.requestId!;
  licenses.faults.latencyMs = 1500;
  void host.call('syncNow', {}).catch(() => undefined);
  const deadline = Date.now() + 10_000;
  while ((await host.call('getRequest', { id })).state !== 'in_flight') {
    assert.ok(Date.now() < deadline, 'request went in flight');
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 300)); // the request is on the wire; the server is still working
  await host.kill();
  // The server still finishes the activation the dead kiosk asked for.
  await new Promise((r) => setTimeout(r, 1800));
  assert.equal(licenses.state.activationCount(KEY), 1);
  licenses.faults.latencyMs = 0;

  host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  assert.equal((await host.call('getRequest', { id })).state, 'in_flight');
  await host.call('syncNow', {});
  const detail = await host.call('getRequest', { id });
  assert.equal(detail.state, 'fulfilled');
  assert.deepEqual(detail.history.map((h) => h.event), ['captured', 'sending', 'reconciled']);
  assert.equal(licenses.state.activationCount(KEY), 1);
});
