// Attacks on the connections' secrets, through the kiosk core with real HTTP servers on 127.0.0.1:
// a stored token carried to another server by an edited base URL (saved, tested, or edited in the
// database by hand), plain http to a host other than this computer, a redirect to another origin,
// and a rogue server echoing the token back in every encoding it might use, hoping the kiosk shows
// it or writes it to the audit trail.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { Connector, ConnectorRequest } from '../../electron/connectors/types.ts';
import { maskedConnector } from '../../electron/core/masked-connector.ts';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, keygenQrText, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const TOKEN = KEYGEN_SAMPLES.tokens.product;
const ACCOUNT_PATH = `/v1/accounts/${KEYGEN_SAMPLES.accountId}`;
const KEY = KEYGEN_SAMPLES.licenses.floating3.key;

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

type Answer = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A server on 127.0.0.1 that records every request it gets and answers with `answer`. */
async function recorder(t: TestContext, answer: Answer = (_req, res) => res.writeHead(503).end()) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  return { seen, port, origin: `http://127.0.0.1:${port}` };
}

/** Relays every request to a genuine server, so the kiosk goes on to the steps that send the token. */
function relayTo(origin: string): Answer {
  return (req, res, body) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    void fetch(`${origin}${req.url ?? '/'}`, { method: req.method, headers, body: body || undefined }).then(
      async (answer) => res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer())),
      () => res.writeHead(502).end(),
    );
  };
}

async function keygenServer(t: TestContext): Promise<KeygenServerHandle> {
  const server = await startKeygenServer(keygenSampleOptions());
  t.after(() => server.close());
  return server;
}

function open(t: TestContext, dataDir = tempDir(t)): { kiosk: TestCore; dataDir: string } {
  const kiosk = openCore(dataDir, { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  return { kiosk, dataDir };
}

function keygenInput(baseUrl: string, publicKeyHex: string, extra: Record<string, unknown> = {}) {
  return { vendor: 'keygen' as const, name: 'Lab Keygen', baseUrl, publicKeyHex, auth: 'token' as const, ...extra };
}

async function captureKeygen(kiosk: TestCore, device: string): Promise<string> {
  const { results } = await kiosk.call('capture', { items: [item(`${device}.txt`, keygenQrText(KEY, machineId(device)))] });
  assert.ok(results[0]?.requestId, results[0]?.message);
  return results[0].requestId!;
}

test('an edited base URL never carries the stored token to the new server (save without a token, then sync)', async (t) => {
  const genuine = await keygenServer(t);
  // The other server answers like Keygen (it relays to a second one), so sync gets as far as the token.
  const other = await recorder(t, relayTo((await keygenServer(t)).origin));
  const { kiosk, dataDir } = open(t);
  const saved = await kiosk.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });
  assert.equal(saved.hasSecret, true);

  const edited = await kiosk.call('saveConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.equal(edited.hasSecret, false);
  assert.equal(edited.notice, 'The API address changed, so the stored token was cleared: enter it again.');
  assert.match(edited.problem ?? '', /no API token: enter it in Settings/);
  const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { secrets: Record<string, string> };
  assert.deepEqual(stored.secrets, {}, 'the token is gone from the secret store');

  const id = await captureKeygen(kiosk, 'press-1');
  await kiosk.call('syncNow', {});
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), [], 'the other server received an Authorization header');
  const request = await kiosk.call('getRequest', { id });
  assert.equal(request.state, 'queued', 'the request waits instead of failing');
  assert.match(request.lastError ?? '', /no API token: enter it in Settings/);

  // Entering the token again for the new address is the engineer's decision: then it goes there.
  await kiosk.call('saveConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id, secret: 'prod-typed-again-for-the-new-address' });
  await kiosk.call('testConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.ok(other.seen.some((r) => r.authorization === 'Bearer prod-typed-again-for-the-new-address'));
  assert.ok(!other.seen.some((r) => r.authorization?.includes(TOKEN)));
});

test('Test connection with an edited URL never sends the stored token there', async (t) => {
  const genuine = await keygenServer(t);
  const other = await recorder(t, (_req, res) => res.writeHead(204).end());
  const { kiosk } = open(t);
  const saved = await kiosk.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });

  const result = await kiosk.call('testConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.ok(other.seen.length > 0, 'the test reached the edited address');
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), [], 'the edited address received an Authorization header');
  assert.equal(result.ok, false);
  const stored = result.checks.find((c) => c.name === 'Stored token');
  assert.match(stored?.message ?? '', /never sent to another address: enter the token again to test http:\/\/127\.0\.0\.1:\d+/);

  // The same address (a trailing slash or a longer path changes nothing) still tests with the stored token.
  const same = await kiosk.call('testConnection', { ...keygenInput(`${genuine.url}/`, genuine.publicKeyHex), id: saved.id });
  assert.equal(same.ok, true, JSON.stringify(same.checks));
});

test('a base URL edited in the database by hand gets no token: the binding lives with the secret', async (t) => {
  const genuine = await keygenServer(t);
  const other = await recorder(t, relayTo((await keygenServer(t)).origin));
  const dataDir = tempDir(t);
  const first = openCore(dataDir);
  const saved = await first.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });
  await first.core.close();

  const db = new Database(path.join(dataDir, 'kiosk.sqlite'));
  db.prepare("UPDATE connections SET settings = json_set(settings, '$.baseUrl', ?) WHERE id = ?").run(`${other.origin}${ACCOUNT_PATH}`, saved.id);
  db.close();

  const { kiosk } = open(t, dataDir);
  const id = await captureKeygen(kiosk, 'press-2');
  await kiosk.call('syncNow', {});
  const tested = await kiosk.call('testConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), [], 'the hand-edited address received an Authorization header');
  assert.equal(tested.ok, false);
  const request = await kiosk.call('getRequest', { id });
  assert.equal(request.state, 'queued');
  assert.match(request.lastError ?? '', /was entered for http:\/\/127\.0\.0\.1:\d+, not for its address now .* enter the token again in Settings/);
  const [view] = await kiosk.call('listConnections', {});
  assert.equal(view?.hasSecret, false);
  assert.match(view?.problem ?? '', /not for its address now/);
});

test('a bound entry the kiosk cannot read (damaged, or written by a later version) is never taken for an older bare token', async (t) => {
  const genuine = await keygenServer(t);
  const other = await recorder(t, relayTo((await keygenServer(t)).origin));
  const dataDir = tempDir(t);
  const first = openCore(dataDir);
  const saved = await first.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });
  await first.core.close();
  // The entry is bound to the genuine origin but carries a member this kiosk does not know; the address is edited by hand.
  const file = path.join(dataDir, 'secrets.json');
  const secretId = Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: Record<string, string> }).secrets)[0]!;
  fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { [secretId]: JSON.stringify({ boundTo: genuine.origin, token: TOKEN, savedAt: '2026-11-30' }) } }));
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'));
  db.prepare("UPDATE connections SET settings = json_set(settings, '$.baseUrl', ?) WHERE id = ?").run(`${other.origin}${ACCOUNT_PATH}`, saved.id);
  db.close();

  const { kiosk } = open(t, dataDir);
  await captureKeygen(kiosk, 'press-5');
  await kiosk.call('syncNow', {});
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), [], 'the hand-edited address received an Authorization header');
});

test('a token stored by an older kiosk (no binding) is bound to the address the connection had, at first read', async (t) => {
  const genuine = await keygenServer(t);
  const other = await recorder(t, relayTo((await keygenServer(t)).origin));
  const dataDir = tempDir(t);
  const first = openCore(dataDir);
  const saved = await first.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });
  await first.core.close();
  // What an older kiosk wrote: the bare token under the connection's secret id.
  const file = path.join(dataDir, 'secrets.json');
  const secretId = Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: Record<string, string> }).secrets)[0]!;
  fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { [secretId]: TOKEN } }));

  const { kiosk } = open(t, dataDir);
  const id = await captureKeygen(kiosk, 'press-3');
  assert.equal((await kiosk.call('syncNow', {})).fulfilled, 1, 'the old token still works with the address it was entered for');
  assert.equal((await kiosk.call('getRequest', { id })).state, 'fulfilled');
  const bound = (JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: Record<string, string> }).secrets[secretId]!;
  assert.deepEqual(JSON.parse(bound), { boundTo: genuine.origin, token: TOKEN });

  // From then on it follows the rules: an edited address clears it.
  const edited = await kiosk.call('saveConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.equal(edited.notice, 'The API address changed, so the stored token was cleared: enter it again.');
  await captureKeygen(kiosk, 'press-4');
  await kiosk.call('syncNow', {});
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), []);
});

test('an older bare token is bound before an edit changes the address, so the edit clears it', async (t) => {
  const genuine = await keygenServer(t);
  const other = await recorder(t, (_req, res) => res.writeHead(204).end());
  const dataDir = tempDir(t);
  const first = openCore(dataDir);
  const saved = await first.call('saveConnection', { ...keygenInput(genuine.url, genuine.publicKeyHex), secret: TOKEN });
  await first.core.close();
  const file = path.join(dataDir, 'secrets.json');
  const secretId = Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: Record<string, string> }).secrets)[0]!;
  fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { [secretId]: TOKEN } }));

  const { kiosk } = open(t, dataDir);
  const edited = await kiosk.call('saveConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.equal(edited.notice, 'The API address changed, so the stored token was cleared: enter it again.');
  await kiosk.call('testConnection', { ...keygenInput(`${other.origin}${ACCOUNT_PATH}`, genuine.publicKeyHex), id: saved.id });
  assert.deepEqual(other.seen.filter((r) => r.authorization !== undefined), []);
});

// 0.0.0.0 reaches a server listening on 127.0.0.1 on Linux, yet is not a loopback name: it plays a
// remote host here without any traffic leaving the machine.
test('plain http to a host other than this computer is refused at save, at test and at sync, unless chosen', async (t) => {
  const licences = await startLicenseServer({ licenses: [{ key: 'AAAAA-11111-BBBBB-22222-CCCCC', status: 'active', maxActivations: 5 }] });
  t.after(() => licences.close());
  const port = new URL(licences.url).port;
  const remote = `http://0.0.0.0:${port}`;
  const genuine = await keygenServer(t);
  const keygenRemote = `http://0.0.0.0:${genuine.port}${ACCOUNT_PATH}`;
  const { kiosk, dataDir } = open(t);

  const refusals = [
    await kiosk.fail('saveConnection', { name: 'Plant', baseUrl: remote, publicKeyPem: licences.publicKeyPem }),
    await kiosk.fail('saveConnection', { ...keygenInput(keygenRemote, genuine.publicKeyHex), secret: TOKEN }),
    await kiosk.fail('saveConnection', { vendor: 'cryptlex', name: 'C', baseUrl: 'http://cryptlex.example', secret: 'a-cryptlex-token-0123456789' }),
    await kiosk.fail('testConnection', { name: 'Plant', baseUrl: remote, publicKeyPem: licences.publicKeyPem }),
    await kiosk.fail('testConnection', { ...keygenInput(keygenRemote, genuine.publicKeyHex), secret: TOKEN }),
  ];
  for (const refusal of refusals) {
    assert.equal(refusal.code, 'invalid_input');
    assert.match(refusal.message, /unencrypted http:\/\/, which the kiosk allows only for this computer \(localhost\): use https:\/\/, or choose "Allow unencrypted http"/);
  }
  assert.deepEqual(await kiosk.call('listConnections', {}), [], 'nothing was saved');
  assert.equal(fs.existsSync(path.join(dataDir, 'secrets.json')), false, 'no token was stored');

  // Loopback needs no choice: localhost, 127.0.0.0/8 and [::1].
  for (const host of ['localhost', '127.0.0.1', '127.9.8.7', '[::1]']) {
    const answer = await kiosk.call('saveConnection', { name: 'Plant', baseUrl: `http://${host}:${port}`, publicKeyPem: licences.publicKeyPem });
    assert.equal(answer.allowInsecureHttp, false);
  }

  // With the engineer's explicit choice it is saved, shown as such, and used.
  const chosen = await kiosk.call('saveConnection', { name: 'Plant', baseUrl: remote, publicKeyPem: licences.publicKeyPem, allowInsecureHttp: true });
  assert.equal(chosen.allowInsecureHttp, true);
  assert.equal(chosen.problem, null);
  const { results } = await kiosk.call('capture', { items: [item('plant.json', seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'plant-1'))] });
  assert.equal((await kiosk.call('syncNow', {})).fulfilled, 1);
  assert.equal((await kiosk.call('getRequest', { id: results[0]!.requestId! })).state, 'fulfilled');
});

test('a connection saved with http to a remote host before https was required waits at sync with a sentence', async (t) => {
  const sink = await recorder(t);
  const dataDir = tempDir(t);
  const licences = await startLicenseServer({ licenses: [{ key: 'AAAAA-11111-BBBBB-22222-CCCCC', status: 'active', maxActivations: 5 }] });
  t.after(() => licences.close());
  const first = openCore(dataDir);
  const saved = await first.call('saveConnection', { name: 'Plant', baseUrl: licences.url, publicKeyPem: licences.publicKeyPem });
  await first.core.close();
  // What an older kiosk let the engineer save: http:// to another computer.
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'));
  db.prepare("UPDATE connections SET settings = json_set(settings, '$.baseUrl', ?) WHERE id = ?").run(`http://0.0.0.0:${sink.port}`, saved.id);
  db.close();

  const { kiosk } = open(t, dataDir);
  const { results } = await kiosk.call('capture', { items: [item('plant.json', seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'plant-2'))] });
  const summary = await kiosk.call('syncNow', {});
  assert.equal(summary.attempted, 0);
  assert.deepEqual(sink.seen, [], 'nothing was sent over unencrypted http');
  const request = await kiosk.call('getRequest', { id: results[0]!.requestId! });
  assert.equal(request.state, 'queued');
  assert.match(request.lastError ?? '', /The connection "Plant" sends to 0\.0\.0\.0:\d+ over unencrypted http:\/\/, which the kiosk no longer does: change its base URL to https:\/\/ in Settings/);
  const status = await kiosk.call('getStatus', {});
  assert.match(status.connection?.problem ?? '', /over unencrypted http/);
  assert.match(status.lastSyncError ?? '', /over unencrypted http/);
});

test('a redirect to another origin is never followed: the token stays with the first server', async (t) => {
  const target = await recorder(t, (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  const redirecting = await recorder(t, (req, res) => res.writeHead(307, { Location: `${target.origin}${req.url ?? '/'}` }).end());
  const { kiosk } = open(t);
  await kiosk.call('saveConnection', { ...keygenInput(`${redirecting.origin}${ACCOUNT_PATH}`, 'ab'.repeat(32)), secret: TOKEN });
  const id = await captureKeygen(kiosk, 'press-5');
  await kiosk.call('syncNow', {});
  await kiosk.call('testConnection', { ...keygenInput(`${redirecting.origin}${ACCOUNT_PATH}`, 'ab'.repeat(32)), secret: TOKEN });
  assert.ok(redirecting.seen.some((r) => r.authorization === `Bearer ${TOKEN}`), 'the configured server got the token');
  assert.deepEqual(target.seen, [], 'the redirect was followed');
  assert.notEqual((await kiosk.call('getRequest', { id })).state, 'fulfilled');
});

/** Every form a rogue server might echo a token back in. */
function echoes(token: string): Record<string, string> {
  const bytes = Buffer.from(token);
  return {
    'as is': token,
    'lower case': token.toLowerCase(),
    'upper case': token.toUpperCase(),
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    'base64 inside a Basic credential': Buffer.from(`kiosk:${token}`).toString('base64'),
    'base64 of the Bearer header': Buffer.from(`Bearer ${token}`).toString('base64'),
    encodeURIComponent: encodeURIComponent(token),
    'form encoding': new URLSearchParams({ t: token }).toString().slice(2),
    'JSON-escaped': JSON.stringify(token).slice(1, -1),
    hex: bytes.toString('hex'),
    'upper-case hex': bytes.toString('hex').toUpperCase(),
  };
}

test('a rogue server echoing the token in any encoding never gets it into a message or the audit trail', async (t) => {
  // Characters that change under each encoding: / + = " \ ~ ! * ' ( ) and upper-case letters.
  const token = `prod-Rg7/Ue+Qz=9"w\\x~A!b*c'd(e)F0c1d2`;
  const forms = echoes(token);
  for (const [a, b] of [['as is', 'JSON-escaped'], ['as is', 'encodeURIComponent'], ['encodeURIComponent', 'form encoding'], ['base64', 'base64url']]) {
    assert.notEqual(forms[a!], forms[b!], `${a} and ${b} must differ for this token`);
  }
  let echo = '';
  // One body both dialects read: Keygen's JSON:API errors and Cryptlex's message.
  const rogue = await recorder(t, (_req, res) => {
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ title: 'Bad request', detail: `token ${echo} refused` }], message: `token ${echo} refused`, code: 'ROGUE' }));
  });
  const { kiosk, dataDir } = open(t);
  // Response signatures off: the rogue server signs nothing, and its text must still be quoted (masked).
  const unsigned = { ...keygenInput(`${rogue.origin}${ACCOUNT_PATH}`, 'ab'.repeat(32)), verifyResponseSignatures: false };
  const keygen = await kiosk.call('saveConnection', { ...unsigned, secret: token });

  const messages: string[] = [];
  for (const [name, form] of Object.entries(forms)) {
    echo = form;
    const id = await captureKeygen(kiosk, `echo-${name.replace(/\W+/g, '-')}`);
    await kiosk.call('syncNow', {});
    const request = await kiosk.call('getRequest', { id });
    assert.match(request.lastError ?? '', /Keygen said/, `the server's text is quoted (${name})`);
    messages.push(JSON.stringify(request), JSON.stringify(await kiosk.call('listRequests', {})));
    messages.push(JSON.stringify(await kiosk.call('testConnection', { ...unsigned, id: keygen.id })));
    messages.push(JSON.stringify(await kiosk.call('testConnection', { vendor: 'cryptlex', name: 'C', baseUrl: rogue.origin, secret: token })));
  }
  assert.ok(rogue.seen.some((r) => r.authorization === `Bearer ${token}`), 'the rogue server did get the token (it is the configured one)');

  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  const audit = (db.prepare('SELECT event, detail FROM audit').all() as { detail: string }[]).map((r) => r.detail).join('\n');
  const errors = (db.prepare('SELECT last_error FROM requests').all() as { last_error: string | null }[]).map((r) => r.last_error ?? '').join('\n');
  assert.match(audit, /Keygen said: "Bad request: token prod-…c1d2 refused"/, 'the echo is masked, not dropped');
  const shown = messages.join('\n');
  for (const [name, form] of Object.entries(forms)) {
    const core = name.startsWith('base64 ') ? form.slice(12, -4) : form; // the part that depends on the token alone
    for (const [where, text] of [['the audit trail', audit], ['the stored error', errors], ['a message', shown]] as const) {
      assert.ok(!text.toLowerCase().includes(core.toLowerCase()), `the token ${name} reached ${where}`);
    }
  }
});

test('a connector that forgot to mask an echo is masked by the core: failures, notes, health checks and thrown errors', async () => {
  const echoes = (what: string) => `server said ${what} / ${Buffer.from(what).toString('base64')} / ${encodeURIComponent(what).toLowerCase()}`;
  const request: ConnectorRequest = { id: 'r1', kind: 'activate', licenseKey: KEY, deviceId: 'press-1', deviceLabel: null, deviceDetails: {} };
  const forgetful = (ok: boolean, throws = false): Connector => ({
    health: async () => [{ name: 'Token', ok: false, message: echoes(TOKEN) }],
    fulfil: async () => {
      if (throws) throw new Error(echoes(`${TOKEN} ${KEY}`));
      return ok ? { ok: true, artifact: { fileName: 'a', mediaType: 'text/plain', bytes: new Uint8Array() }, note: echoes(`${TOKEN} ${KEY}`), rateLimit: null } : { ok: false, retryable: false, code: 'x', message: echoes(`${TOKEN} ${KEY}`), retryAt: null, rateLimit: null };
    },
    reconcile: async () => ({ ok: false, retryable: false, code: 'x', message: echoes(TOKEN), retryAt: null, rateLimit: null }),
  });
  const known = async () => [TOKEN];
  const leaks = (text: string) => [TOKEN, KEY].some((secret) => text.includes(secret) || text.includes(Buffer.from(secret).toString('base64').slice(4, -4)) || text.toLowerCase().includes(encodeURIComponent(secret).toLowerCase()));
  const failed = await maskedConnector(forgetful(false), known).fulfil(request);
  assert.ok(!failed.ok && !leaks(failed.message), JSON.stringify(failed));
  const succeeded = await maskedConnector(forgetful(true), known).fulfil(request);
  assert.ok(succeeded.ok && !leaks(succeeded.note), JSON.stringify(succeeded));
  const reconciled = await maskedConnector(forgetful(false), known).reconcile(request);
  assert.ok(!reconciled.ok && 'message' in reconciled && !leaks(reconciled.message));
  const [check] = await maskedConnector(forgetful(false), known).health();
  assert.ok(check && !leaks(check.message), check?.message);
  await assert.rejects(maskedConnector(forgetful(false, true), known).fulfil(request), (error: Error) => !leaks(error.message));
});
