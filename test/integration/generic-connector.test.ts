// The generic connector against the real seed-004 licence server on 127.0.0.1, plus stubbed answers
// for server dialects our own server does not speak.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createGenericConnector, type GenericConnectorOptions } from '../../electron/connectors/generic/generic-connector.ts';
import type { ConnectorRequest, Failure, Outcome, Reconciled } from '../../electron/connectors/types.ts';
import type { ConnectorDeps } from '../../electron/connectors/http.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { SAMPLE_KEYS, sampleLicenses, startLicenseServer, type LicenseServerHandle, type LicenseServerOptions } from '../servers/generic/index.ts';

const PRIVATE_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const machine = (name: string): string => createHash('sha256').update(name).digest('hex');
const PRESS = machine('press-7');
const LATHE = machine('lathe-2');

function kioskRequest(over: Partial<ConnectorRequest> = {}): ConnectorRequest {
  return { id: 'req-1', kind: 'activate', licenseKey: SAMPLE_KEYS.active3, deviceId: PRESS, deviceLabel: 'Press 7 / Hall B', deviceDetails: {}, ...over };
}

async function setup(t: TestContext, options: Partial<LicenseServerOptions> = {}, connector: Partial<GenericConnectorOptions & ConnectorDeps> = {}) {
  const server = await startLicenseServer({ licenses: sampleLicenses(), privateKeyPem: PRIVATE_KEY_PEM, ...options });
  t.after(() => server.close());
  return { server, connector: createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, ...connector }) };
}

function ok(outcome: Reconciled): Extract<Outcome, { ok: true }> {
  assert.equal(outcome.ok, true, `expected success, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<Outcome, { ok: true }>;
}

function failed(outcome: Reconciled, code: string, retryable: boolean): Failure {
  assert.equal(outcome.ok, false);
  assert.ok(!('notApplied' in outcome), 'expected a failure, got notApplied');
  const failure = outcome as Failure;
  assert.equal(failure.code, code, failure.message);
  assert.equal(failure.retryable, retryable);
  for (const key of Object.values(SAMPLE_KEYS)) assert.ok(!failure.message.includes(key), 'a message must not contain the licence key');
  return failure;
}

function signedBody(bytes: Uint8Array): { data: Record<string, unknown>; signature: string } {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as { data: Record<string, unknown>; signature: string };
}

function verifiesWith(publicKeyPem: string, body: { data: unknown; signature: string }): boolean {
  return verify('sha256', Buffer.from(canonicalJson(body.data)), publicKeyPem, Buffer.from(body.signature, 'base64'));
}

/** A raw HTTP call, so tests see exactly what the server sends. */
function raw(server: LicenseServerHandle, method: string, path: string, body?: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const apiBody = (key: string, machineId: string) => JSON.stringify({ license_key: key, machine_id: machineId });

function stubFetch(answer: (url: string, init?: RequestInit) => Response | Promise<Response>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => answer(String(input), init)) as typeof fetch;
}

const rateHeaders = { 'Content-Type': 'application/json', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Reset': '1900000000' };

test('activate: signed record verified, artifact is the server body byte for byte', async (t) => {
  const { server, connector } = await setup(t);
  const outcome = ok(await connector.fulfil(kioskRequest()));

  assert.equal(outcome.artifact.fileName, `activation-press-7-hall-b-${PRESS.slice(0, 12)}.json`);
  assert.equal(outcome.artifact.mediaType, 'application/json');
  const body = signedBody(outcome.artifact.bytes);
  assert.equal(body.data.license_key, SAMPLE_KEYS.active3);
  assert.equal(body.data.machine_id, PRESS);
  assert.equal(body.data.valid, true);
  assert.equal(body.data.activations, 1);
  assert.equal(body.data.max_activations, 3);
  assert.ok(verifiesWith(server.publicKeyPem, body));
  assert.match(outcome.note, /1 of 3 activations/);
  assert.equal(outcome.rateLimit?.limit, 60);
  assert.equal(outcome.rateLimit?.remaining, 59);

  // The repeat is idempotent, and the signature deterministic, so the server's bytes must be equal.
  const again = await raw(server, 'POST', '/license/activate', apiBody(SAMPLE_KEYS.active3, PRESS));
  assert.equal(again.status, 200);
  assert.ok(again.body.equals(Buffer.from(outcome.artifact.bytes)));
  assert.deepEqual(server.state.activations(SAMPLE_KEYS.active3), [PRESS]);
});

test('activate without a device label names the file by machine id only', async (t) => {
  const { connector } = await setup(t);
  const outcome = ok(await connector.fulfil(kioskRequest({ deviceLabel: '  ///  ' })));
  assert.equal(outcome.artifact.fileName, `activation-${PRESS.slice(0, 12)}.json`);
});

test('a repeated activate is idempotent: same record, one seat', async (t) => {
  const { server, connector } = await setup(t);
  const first = signedBody(ok(await connector.fulfil(kioskRequest())).artifact.bytes);
  const second = signedBody(ok(await connector.fulfil(kioskRequest())).artifact.bytes);
  assert.equal(second.data.activated_at, first.data.activated_at);
  assert.equal(server.state.activationCount(), 1);
});

test('409 activation limit reached is permanent once validate confirms this machine is not active', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.active1, deviceId: LATHE })));
  const failure = failed(await connector.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.active1 })), 'activation_limit_reached', false);
  assert.match(failure.message, /activation limit reached/i);
  assert.deepEqual(server.state.activations(SAMPLE_KEYS.active1), [LATHE]);
});

test('409 to a repeated activate is success when validate confirms the machine holds an activation', async (t) => {
  const { server, connector } = await setup(t, { repeatActivate: 'conflict' });
  ok(await connector.fulfil(kioskRequest()));
  assert.equal((await raw(server, 'POST', '/license/activate', apiBody(SAMPLE_KEYS.active3, PRESS))).status, 409);

  const outcome = ok(await connector.fulfil(kioskRequest()));
  assert.match(outcome.note, /already active on this machine/i);
  const body = signedBody(outcome.artifact.bytes);
  assert.equal(body.data.machine_id, PRESS);
  assert.ok(verifiesWith(server.publicKeyPem, body));
  assert.equal(server.state.activationCount(), 1);
});

test('403 suspended and expired licences are permanent, told apart', async (t) => {
  const { server, connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.suspended })), 'license_suspended', false);
  failed(await connector.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.expired })), 'license_expired', false);
  ok(await connector.fulfil(kioskRequest()));
  server.state.setStatus(SAMPLE_KEYS.active3, 'suspended');
  failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'license_suspended', false);
  assert.equal(server.state.activationCount(), 1);
});

test('403 machine not activated: refresh and deactivate of a machine without an activation', async (t) => {
  const { connector } = await setup(t);
  const refresh = failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'machine_not_activated', false);
  assert.match(refresh.message, /not activated/);
  const deactivate = failed(await connector.fulfil(kioskRequest({ kind: 'deactivate' })), 'machine_not_activated', false);
  assert.match(deactivate.message, /nothing to deactivate/);
});

test('404 unknown licence key is permanent', async (t) => {
  const { connector } = await setup(t);
  const failure = failed(await connector.fulfil(kioskRequest({ licenseKey: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' })), 'license_not_found', false);
  assert.ok(!failure.message.includes('ZZZZZ-ZZZZZ'));
});

test('refresh validates and returns a fresh signed record', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  const outcome = ok(await connector.fulfil(kioskRequest({ kind: 'refresh' })));
  assert.match(outcome.note, /^Validated/);
  assert.ok(verifiesWith(server.publicKeyPem, signedBody(outcome.artifact.bytes)));
  assert.equal(outcome.artifact.fileName, `activation-press-7-hall-b-${PRESS.slice(0, 12)}.json`);
});

test('deactivate frees the seat and returns the signed receipt', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  const outcome = ok(await connector.fulfil(kioskRequest({ kind: 'deactivate' })));
  assert.equal(outcome.artifact.fileName, `deactivation-press-7-hall-b-${PRESS.slice(0, 12)}.json`);
  const body = signedBody(outcome.artifact.bytes);
  assert.deepEqual(Object.keys(body.data).sort(), ['deactivated_at', 'license_key', 'machine_id']);
  assert.ok(verifiesWith(server.publicKeyPem, body));
  assert.equal(server.state.activationCount(), 0);
});

/** Passes calls to the real server and rewrites the answers of one endpoint, as a server dialect would. */
function rewriting(endpoint: string, rewrite: (status: number, body: Record<string, unknown>) => Record<string, unknown> | Error): typeof fetch {
  return stubFetch(async (url, init) => {
    const real = await fetch(url, init);
    if (!url.endsWith(`/license/${endpoint}`)) return real;
    const changed = rewrite(real.status, (await real.json()) as Record<string, unknown>);
    if (changed instanceof Error) throw changed;
    return new Response(JSON.stringify(changed), { status: real.status, headers: real.headers });
  });
}
const unsigned = (_status: number, body: Record<string, unknown>) => ({ ...body, signature: undefined });

test('the response validity comes from the signed expires_at', async (t) => {
  const { connector } = await setup(t);
  assert.equal(ok(await connector.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.active1 }))).artifact.expiresAt, '2099-12-31T23:59:59.000Z');
  assert.equal(ok(await connector.fulfil(kioskRequest())).artifact.expiresAt, null);
});

test('members beside data and signature are not signed: the exported file is rebuilt without them', async (t) => {
  const { server } = await setup(t);
  const connector = createGenericConnector({
    baseUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    fetch: rewriting('activate', (_status, body) => ({ meta: { expires_at: '2199-01-01T00:00:00Z' }, ...body })),
  });
  const outcome = ok(await connector.fulfil(kioskRequest()));
  assert.match(outcome.note, /unsigned members \("meta"\) were left out of the exported file/);
  const text = Buffer.from(outcome.artifact.bytes).toString('utf8');
  const body = signedBody(outcome.artifact.bytes);
  assert.deepEqual(Object.keys(body), ['data', 'signature']);
  assert.equal(text, `{"data":${canonicalJson(body.data)},"signature":${JSON.stringify(body.signature)}}`);
  assert.ok(verifiesWith(server.publicKeyPem, body));
});

test('an unsigned deactivation answer (as the seed allows) counts once the signed validate that follows says the machine is gone', async (t) => {
  const { server } = await setup(t);
  const connector = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: rewriting('deactivate', unsigned) });
  ok(await connector.fulfil(kioskRequest()));
  const outcome = ok(await connector.fulfil(kioskRequest({ kind: 'deactivate' })));
  assert.match(outcome.note, /deactivation answer is not signed, so a follow-up validation was asked; its signed answer says this machine no longer holds an activation/);
  const body = signedBody(outcome.artifact.bytes);
  assert.deepEqual(Object.keys(body), ['data', 'signature'], 'the error member beside the signed record is left out');
  assert.equal(body.data.activated, false);
  assert.equal(body.data.machine_id, PRESS);
  assert.ok(verifiesWith(server.publicKeyPem, body));
  assert.equal(server.state.activationCount(), 0);
});

test('a server that signs neither the deactivation nor "not activated": the release is not confirmed, and not retried by itself', async (t) => {
  const { server } = await setup(t);
  const bare = (status: number, body: Record<string, unknown>) => (status === 403 ? { error: body.error } : unsigned(status, body));
  const connector = createGenericConnector({
    baseUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    fetch: stubFetch(async (url, init) => rewriting(url.endsWith('/deactivate') ? 'deactivate' : 'validate', bare)(url, init)),
  });
  ok(await connector.fulfil(kioskRequest()));
  const failure = failed(await connector.fulfil(kioskRequest({ kind: 'deactivate' })), 'release_unconfirmed', false);
  assert.equal(
    failure.message,
    "Could not confirm the release: the server's deactivation answer is not signed, and the follow-up validation answered without a signed record (HTTP 403). The seat may still be taken: check the licence with the vendor (or on the vendor's portal), then Retry or cancel the request.",
  );
});

test('when the follow-up validate cannot be made, the unconfirmed release is retried', async (t) => {
  const { server } = await setup(t);
  const connector = createGenericConnector({
    baseUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    fetch: stubFetch(async (url, init) => {
      if (url.endsWith('/validate')) throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
      return rewriting('deactivate', unsigned)(url, init);
    }),
  });
  ok(await createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem }).fulfil(kioskRequest()));
  const failure = failed(await connector.fulfil(kioskRequest({ kind: 'deactivate' })), 'release_unconfirmed', true);
  assert.match(failure.message, /^Could not confirm the release: the server's deactivation answer is not signed, and the follow-up validation could not be made \(.+\)\. The kiosk asks again by itself\.$/);
});

test('reconcile of a deactivation believes "not activated" only when it is signed', async (t) => {
  const { server } = await setup(t);
  ok(await createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem }).fulfil(kioskRequest()));
  await raw(server, 'POST', '/license/deactivate', apiBody(SAMPLE_KEYS.active3, PRESS));
  const connector = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: rewriting('validate', (_status, body) => ({ error: body.error })) });
  const failure = failed(await connector.reconcile(kioskRequest({ kind: 'deactivate' })), 'release_unconfirmed', false);
  assert.match(failure.message, /the server's answer that this machine holds no activation answered without a signed record/);
});

test('local checks refuse malformed keys and machine ids without sending anything', async () => {
  let calls = 0;
  const connector = createGenericConnector({
    baseUrl: 'http://127.0.0.1:9',
    publicKeyPem: (await startAndStopKey()).publicKeyPem,
    fetch: stubFetch(() => {
      calls += 1;
      return new Response('{}');
    }),
  });
  const badKey = failed(await connector.fulfil(kioskRequest({ licenseKey: 'ABC-123' })), 'invalid_request', false);
  assert.match(badKey.message, /XXXXX-XXXXX/);
  assert.ok(!badKey.message.includes('ABC-123'));
  failed(await connector.fulfil(kioskRequest({ deviceId: 'press-7-serial-0042' })), 'invalid_request', false);
  assert.equal(calls, 0);
});

test('422 field details reach the sentence (our server dialect and Laravel/FastAPI dialects)', async (t) => {
  const { server } = await setup(t);
  const ours = await raw(server, 'POST', '/license/validate', JSON.stringify({ license_key: 'nope', machine_id: 42 }));
  assert.equal(ours.status, 422);
  const oursBody = JSON.parse(ours.body.toString()) as { error: { code: string; fields: Record<string, string[]> } };
  assert.equal(oursBody.error.code, 'validation_error');
  assert.deepEqual(Object.keys(oursBody.error.fields).sort(), ['license_key', 'machine_id']);

  const bodies = [
    JSON.stringify(oursBody),
    JSON.stringify({ message: 'The given data was invalid.', errors: { machine_id: [`machine_id ${PRESS} is blocked for ${SAMPLE_KEYS.active3}`] } }),
    JSON.stringify({ detail: [{ loc: ['body', 'machine_id'], msg: 'blocked machine', type: 'value_error' }] }),
  ];
  const expected = [/license_key: license_key must be in XXXXX/, /machine_id: machine_id [0-9a-f]{64} is blocked for \[licence key\]/, /machine_id: blocked machine/];
  for (const [i, body] of bodies.entries()) {
    const connector = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: stubFetch(() => new Response(body, { status: 422, headers: rateHeaders })) });
    const failure = failed(await connector.fulfil(kioskRequest()), 'validation_error', false);
    assert.match(failure.message, expected[i] ?? /never/);
    assert.equal(failure.rateLimit?.remaining, 7);
  }
});

test('error body variants are recognised', async () => {
  const { publicKeyPem } = await startAndStopKey();
  const cases: Array<[number, string, string]> = [
    [403, JSON.stringify({ error: 'License suspended by vendor' }), 'license_suspended'],
    [403, JSON.stringify({ message: 'This license has expired.' }), 'license_expired'],
    [403, JSON.stringify({ code: 'machine_not_activated', message: 'Nope' }), 'machine_not_activated'],
    [403, '', 'forbidden'],
    [404, JSON.stringify({ error: { code: 'license_not_found', message: 'Unknown' } }), 'license_not_found'],
    [404, '<html>Not Found</html>', 'not_found'],
    [418, JSON.stringify({ message: 'teapot' }), 'unexpected_status'],
    [302, '', 'unexpected_status'],
  ];
  for (const [status, body, code] of cases) {
    const connector = createGenericConnector({ baseUrl: 'http://license.example', publicKeyPem, fetch: stubFetch(() => new Response(body || null, { status, headers: { Location: 'http://elsewhere.example' } })) });
    failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), code, false);
  }
});

test('429 is retryable, retryAt from Retry-After, and the rate-limit headers are parsed', async (t) => {
  const now = Date.UTC(2030, 0, 1, 0, 0, 10);
  const { server, connector } = await setup(t, { rateLimit: { limit: 2, windowMs: 60_000 }, now: () => now }, { now: () => now });
  const resetAt = Date.UTC(2030, 0, 1, 0, 1, 0);

  const first = ok(await connector.fulfil(kioskRequest()));
  assert.deepEqual(first.rateLimit, { limit: 2, remaining: 1, resetAt });
  ok(await connector.fulfil(kioskRequest({ kind: 'refresh' })));
  const limited = failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'rate_limited', true);
  assert.equal(limited.retryAt, resetAt);
  assert.deepEqual(limited.rateLimit, { limit: 2, remaining: 0, resetAt });

  const rawLimited = await raw(server, 'POST', '/license/validate', apiBody(SAMPLE_KEYS.active3, PRESS));
  assert.equal(rawLimited.status, 429);
  assert.equal(rawLimited.headers['retry-after'], '50');
  assert.equal(rawLimited.headers['x-ratelimit-reset'], String(resetAt / 1000));
});

test('429 without Retry-After falls back to X-RateLimit-Reset; a small reset is read as seconds from now', async () => {
  const now = 1_900_000_000_000;
  const { publicKeyPem } = await startAndStopKey();
  const answer = (headers: Record<string, string>) =>
    createGenericConnector({ baseUrl: 'http://license.example', publicKeyPem, now: () => now, fetch: stubFetch(() => new Response('{"error":"slow down"}', { status: 429, headers })) });
  const absolute = failed(await answer(rateHeaders).fulfil(kioskRequest()), 'rate_limited', true);
  assert.equal(absolute.retryAt, 1_900_000_000_000);
  const relative = failed(await answer({ ...rateHeaders, 'X-RateLimit-Reset': '30' }).fulfil(kioskRequest()), 'rate_limited', true);
  assert.equal(relative.retryAt, now + 30_000);
  assert.deepEqual(relative.rateLimit, { limit: 100, remaining: 7, resetAt: now + 30_000 });
  const none = failed(await answer({}).fulfil(kioskRequest()), 'rate_limited', true);
  assert.equal(none.retryAt, null);
  assert.equal(none.rateLimit, null);
});

test('5xx is retryable and changes nothing on the server', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.failNext(1, 503);
  const failure = failed(await connector.fulfil(kioskRequest()), 'server_error', true);
  assert.match(failure.message, /HTTP 503/);
  server.faults.failNext(1, 500);
  failed(await connector.fulfil(kioskRequest()), 'server_error', true);
  assert.equal(server.state.activationCount(), 0);
  ok(await connector.fulfil(kioskRequest()));
});

test('a tampered signature or tampered data is refused as signature invalid', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.tamperNext(1, 'signature');
  const flipped = failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
  assert.match(flipped.message, /signature invalid/i);
  server.faults.tamperNext(1, 'data');
  failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
  ok(await connector.fulfil(kioskRequest()));
});

test('an answer signed by another key is refused', async (t) => {
  const { server } = await setup(t);
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const connector = createGenericConnector({ baseUrl: server.url, publicKeyPem: stranger });
  failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
});

test('a validly signed answer about another machine is a response mismatch', async (t) => {
  const { server } = await setup(t);
  // The stub forwards the request for another machine, as a confused proxy or server might.
  const connector = createGenericConnector({
    baseUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    fetch: stubFetch((url, init) => fetch(url, { ...init, body: apiBody(SAMPLE_KEYS.active3, LATHE) })),
  });
  failed(await connector.fulfil(kioskRequest()), 'response_mismatch', false);
});

test('an answer that is not a signed record is a bad response', async (t) => {
  const { server } = await setup(t);
  for (const body of ['<html>captive portal</html>', '{"data":{"license_key":"x"}}', '[1,2]']) {
    const connector = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: stubFetch(() => new Response(body, { status: 200 })) });
    failed(await connector.fulfil(kioskRequest()), 'bad_response', false);
  }
  const huge = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: stubFetch(() => new Response('x'.repeat(1024 * 1024 + 1), { status: 200 })) });
  failed(await huge.fulfil(kioskRequest()), 'bad_response', false);
});

test('server down is a retryable network failure; once it is back up the activation succeeds', async (t) => {
  const { server, connector } = await setup(t);
  await server.close();
  const failure = failed(await connector.fulfil(kioskRequest()), 'network', true);
  // A refused TCP connection never reached the server: the sentence says so (not "may or may not have reached it").
  assert.match(failure.message, /refused the connection \(nothing listens at that address\); the request did not reach it\.$/);
  await server.restart();
  ok(await connector.fulfil(kioskRequest()));
  assert.equal(server.state.activationCount(), 1);
});

test('a new server on the same port with the same key and state carries on', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  const state = server.state.snapshot();
  await server.close();
  failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'network', true);

  const again = await startLicenseServer({ licenses: sampleLicenses(), privateKeyPem: server.privateKeyPem, initialState: state }, { port: server.port });
  t.after(() => again.close());
  assert.equal(again.publicKeyPem, server.publicKeyPem);
  ok(await connector.fulfil(kioskRequest({ kind: 'refresh' })));
  assert.deepEqual(again.state.activations(SAMPLE_KEYS.active3), [PRESS]);
});

test('connection dropped after the server committed: retryable, then reconcile finds it applied without a second activation', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.dropNext(1, 'after');
  failed(await connector.fulfil(kioskRequest()), 'network', true);
  assert.equal(server.state.activationCount(), 1);

  const reconciled = ok(await connector.reconcile(kioskRequest()));
  assert.match(reconciled.note, /already active on the server/i);
  const body = signedBody(reconciled.artifact.bytes);
  assert.equal(body.data.machine_id, PRESS);
  assert.ok(verifiesWith(server.publicKeyPem, body));
  assert.equal(server.state.activationCount(), 1);
  assert.deepEqual(server.state.activations(SAMPLE_KEYS.active3), [PRESS]);
});

test('connection dropped before the server committed: reconcile says not applied', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.dropNext(1, 'before');
  failed(await connector.fulfil(kioskRequest()), 'network', true);
  assert.deepEqual(await connector.reconcile(kioskRequest()), { ok: false, notApplied: true });
  assert.equal(server.state.activationCount(), 0);
});

test('reconcile of a deactivation: still active means not applied; gone means applied, receipt lost', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  assert.deepEqual(await connector.reconcile(kioskRequest({ kind: 'deactivate' })), { ok: false, notApplied: true });
  server.faults.dropNext(1, 'after');
  failed(await connector.fulfil(kioskRequest({ kind: 'deactivate' })), 'network', true);
  const applied = failed(await connector.reconcile(kioskRequest({ kind: 'deactivate' })), 'already_deactivated', false);
  assert.match(applied.message, /seat is free/);
  assert.equal(server.state.activationCount(), 0);
});

test('reconcile passes on retryable failures rather than guessing', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.failNext(1, 502);
  failed(await connector.reconcile(kioskRequest()), 'server_error', true);
});

test('a slow server times out as a retryable failure', async (t) => {
  const { server, connector } = await setup(t, {}, { timeoutMs: 100 });
  server.faults.latencyMs = 400;
  failed(await connector.fulfil(kioskRequest()), 'timeout', true);
});

test('health: public key, reachability and API shape', async (t) => {
  const { server, connector } = await setup(t);
  const checks = await connector.health();
  assert.deepEqual(
    checks.map((c) => [c.name, c.ok]),
    [
      ['Public key', true],
      ['Server reachable', true],
      ['Licence API', true],
    ],
  );
  assert.match(checks[0]?.message ?? '', /2048-bit RSA/);

  // A server without GET /health is probed with an empty validate, which must answer 422.
  const paths: string[] = [];
  const noHealth = createGenericConnector({
    baseUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    fetch: stubFetch((url, init) => {
      paths.push(new URL(url).pathname);
      return url.endsWith('/health') ? new Response('not here', { status: 404 }) : fetch(url, init);
    }),
  });
  assert.ok((await noHealth.health()).every((c) => c.ok));
  assert.deepEqual(paths, ['/health', '/license/validate']);

  // Something that is not the licence API answers, but without its headers or its 422.
  const website = createGenericConnector({ baseUrl: server.url, publicKeyPem: server.publicKeyPem, fetch: stubFetch(() => new Response('<html></html>', { status: 200 })) });
  assert.deepEqual(
    (await website.health()).map((c) => c.ok),
    [true, true, false],
  );
});

test('health and fulfil with a broken public key or an unreachable server', async (t) => {
  const { server } = await setup(t);
  const badKey = createGenericConnector({ baseUrl: server.url, publicKeyPem: 'not a key' });
  const checks = await badKey.health();
  assert.equal(checks[0]?.ok, false);
  assert.match(checks[0]?.message ?? '', /PEM/);
  failed(await badKey.fulfil(kioskRequest()), 'public_key_invalid', false);
  assert.equal(server.state.activationCount(), 0);

  const { port, publicKeyPem } = await startAndStopKey();
  const down = createGenericConnector({ baseUrl: `http://127.0.0.1:${port}`, publicKeyPem });
  const downChecks = await down.health();
  assert.deepEqual(
    downChecks.map((c) => [c.name, c.ok]),
    [
      ['Public key', true],
      ['Server reachable', false],
      ['Licence API', false],
    ],
  );

  const badUrl = createGenericConnector({ baseUrl: 'ftp://license.example', publicKeyPem });
  failed(await badUrl.fulfil(kioskRequest()), 'configuration', false);
});

test('server: request validation, body cap, unknown routes, methods, and rate-limit headers on every answer', async (t) => {
  const { server } = await setup(t);
  const good = apiBody(SAMPLE_KEYS.active3, PRESS);
  const answers = [
    [await raw(server, 'POST', '/license/activate', good, { 'Content-Type': 'text/plain' }), 422],
    [await raw(server, 'POST', '/license/activate', '{not json'), 422],
    [await raw(server, 'POST', '/license/activate', '[]'), 422],
    [await raw(server, 'POST', '/license/activate', JSON.stringify({ license_key: 'x'.repeat(70 * 1024) })), 413],
    [await raw(server, 'GET', '/license/activate'), 405],
    [await raw(server, 'POST', '/license/unknown', good), 404],
    [await raw(server, 'GET', '/health'), 200],
  ] as const;
  for (const [answer, status] of answers) {
    assert.equal(answer.status, status);
    assert.match(String(answer.headers['x-ratelimit-limit']), /^\d+$/);
    assert.match(String(answer.headers['x-ratelimit-remaining']), /^\d+$/);
    assert.match(String(answer.headers['x-ratelimit-reset']), /^\d+$/);
  }
  const contentType = JSON.parse(answers[0][0].body.toString()) as { error: { fields: Record<string, string[]> } };
  assert.deepEqual(contentType.error.fields, { body: ['Content-Type must be application/json'] });
  assert.deepEqual(JSON.parse(answers[6][0].body.toString()), { status: 'ok' });
  assert.equal(server.state.activationCount(), 0);
});

test('server: state persists to statePath and survives a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const statePath = join(dir, 'nested', 'state.json');
  const { server, connector } = await setup(t, { statePath });
  ok(await connector.fulfil(kioskRequest()));
  server.state.setStatus(SAMPLE_KEYS.active1, 'suspended');
  await server.close();

  const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { activations: Record<string, Record<string, string>> };
  assert.deepEqual(Object.keys(saved.activations[SAMPLE_KEYS.active3] ?? {}), [PRESS]);

  const again = await startLicenseServer({ licenses: sampleLicenses(), privateKeyPem: PRIVATE_KEY_PEM, statePath });
  t.after(() => again.close());
  assert.deepEqual(again.state.activations(SAMPLE_KEYS.active3), [PRESS]);
  const reconnected = createGenericConnector({ baseUrl: again.url, publicKeyPem: again.publicKeyPem });
  failed(await reconnected.fulfil(kioskRequest({ licenseKey: SAMPLE_KEYS.active1 })), 'license_suspended', false);
});

/** A free port with nothing listening, and the test key's public half. */
async function startAndStopKey(): Promise<{ port: number; publicKeyPem: string }> {
  const server = await startLicenseServer({ licenses: [], privateKeyPem: PRIVATE_KEY_PEM });
  await server.close();
  return { port: server.port, publicKeyPem: server.publicKeyPem };
}

