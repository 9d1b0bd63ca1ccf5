// The Keygen connector against the Keygen-like test server on 127.0.0.1.
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createKeygenConnector, machineIdFor, type KeygenSettings } from '../../electron/connectors/keygen/keygen-connector.ts';
import type { ConnectorRequest, Failure, Outcome, Reconciled } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerOptions } from '../servers/keygen/index.ts';
import { tempDir } from '../support/temp.ts';

const PRIVATE_KEY_PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const L = KEYGEN_SAMPLES.licenses;
const T = KEYGEN_SAMPLES.tokens;
const FP = 'press-7:3f9a1c0d2e4b5a69';
const FP2 = 'lathe-2:0a1b2c3d4e5f6a7b';
const ALL_SECRETS = [...Object.values(L).map((l) => l.key), ...Object.values(T)];

function kioskRequest(over: Partial<ConnectorRequest> = {}): ConnectorRequest {
  return { id: 'req-1', kind: 'activate', licenseKey: L.floating3.key, deviceId: FP, deviceLabel: 'Press 7', deviceDetails: { hostname: 'press7' }, ...over };
}

async function setup(t: TestContext, settings: Partial<KeygenSettings> = {}, server: Partial<KeygenServerOptions> = {}, token?: string) {
  const srv = await startKeygenServer({ ...keygenSampleOptions(), privateKeyPem: PRIVATE_KEY_PEM, ...server });
  t.after(() => srv.close());
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  if (token) await secrets.set('keygen:token', token);
  const connector = createKeygenConnector({ baseUrl: srv.url, publicKeyHex: srv.publicKeyHex, auth: token ? 'token' : 'license-key', tokenSecretId: token ? 'keygen:token' : null, ...settings }, { secrets, timeoutMs: 3000 });
  return { server: srv, connector, secrets };
}

function ok(outcome: Reconciled): Extract<Outcome, { ok: true }> {
  assert.equal(outcome.ok, true, `expected success, got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  return outcome as Extract<Outcome, { ok: true }>;
}

function failed(outcome: Reconciled, code: string, retryable: boolean): Failure {
  assert.equal(outcome.ok, false, `expected failure ${code}, got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  assert.ok(!('notApplied' in outcome), 'expected a failure, got notApplied');
  const f = outcome as Failure;
  assert.equal(f.code, code, f.message);
  assert.equal(f.retryable, retryable, f.message);
  for (const secret of ALL_SECRETS) assert.ok(!f.message.includes(secret), `a message must not contain a key or token: ${f.message}`);
  return f;
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

test('activate: validates, activates with a deterministic id, checks out an encrypted machine file and verifies it', async (t) => {
  const { server, connector } = await setup(t);
  const outcome = ok(await connector.fulfil(kioskRequest()));
  assert.equal(outcome.artifact.fileName, 'press-7-press-7-3f9a1c0d-machine.lic');
  assert.match(text(outcome.artifact.bytes), /^-----BEGIN MACHINE FILE-----\n[A-Za-z0-9+/=\n]+-----END MACHINE FILE-----\n$/);
  assert.match(outcome.note, /^Activated; Machine file verified \(Ed25519, encrypted/);
  const machines = server.state.machines(L.floating3.key);
  assert.equal(machines.length, 1);
  assert.equal(machines[0]?.id, machineIdFor(L.floating3.id, FP));
  assert.equal(machines[0]?.fingerprint, FP);
  assert.equal(machines[0]?.name, 'Press 7');
  assert.equal(outcome.rateLimit?.limit, 60);
});

test('a second activate of the same device takes no second seat (VALID → look up → check out)', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  const again = ok(await connector.fulfil(kioskRequest()));
  assert.match(again.note, /^Already active on this licence/);
  assert.equal(server.state.machines(L.floating3.key).length, 1);
  assert.equal(server.state.activationAttempts(), 1);
});

test('unencrypted files with a chosen TTL, and no-expiry files', async (t) => {
  const now = Date.now();
  const { connector } = await setup(t, { encrypt: false, checkoutTtlSeconds: 7200 });
  const outcome = ok(await connector.fulfil(kioskRequest()));
  assert.match(outcome.note, /not encrypted/);
  // The note writes the expiry in the engineer's locale; the artifact carries it exactly.
  assert.match(outcome.note, /, valid until .+\.$/);
  const expiry = outcome.artifact.expiresAt ?? '';
  assert.ok(Math.abs(Date.parse(expiry) - (now + 7200_000)) < 10_000, expiry);
  const { connector: forever } = await setup(t, { checkoutTtlSeconds: null });
  assert.match(ok(await forever.fulfil(kioskRequest())).note, /with no expiry/);
});

test('a TTL under one hour is refused locally; the server itself answers 400 CHECKOUT_TTL_INVALID', async (t) => {
  const { server, connector } = await setup(t, { checkoutTtlSeconds: 60 });
  failed(await connector.fulfil(kioskRequest()), 'configuration', false);
  assert.equal(server.state.machines().length, 0);
  const { server: other, connector: fine } = await setup(t);
  ok(await fine.fulfil(kioskRequest()));
  const machine = other.state.machines()[0]?.id ?? '';
  const res = await fetch(`${other.url}/machines/${machine}/actions/check-out`, {
    method: 'POST',
    headers: { Authorization: `License ${L.floating3.key}`, 'Content-Type': 'application/vnd.api+json' },
    body: JSON.stringify({ meta: { ttl: 60 } }),
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { errors: Array<{ code: string; source: { pointer: string } }> };
  assert.equal(body.errors[0]?.code, 'CHECKOUT_TTL_INVALID');
  assert.equal(body.errors[0]?.source.pointer, '/meta/ttl');
});

test('MACHINE_LIMIT_EXCEEDED on a node-locked licence is permanent; the seat stays with the other device', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ licenseKey: L.nodeLocked.key, deviceId: FP2 })));
  const f = failed(await connector.fulfil(kioskRequest({ licenseKey: L.nodeLocked.key })), 'MACHINE_LIMIT_EXCEEDED', false);
  assert.match(f.message, /Machine limit reached.*\(1\)/);
  assert.deepEqual(server.state.machines(L.nodeLocked.key).map((m) => m.fingerprint), [FP2]);
});

test('suspended, expired, banned and unknown licences are permanent and told apart', async (t) => {
  const { server, connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ licenseKey: L.suspended.key })), 'LICENSE_SUSPENDED', false);
  failed(await connector.fulfil(kioskRequest({ licenseKey: L.expired.key })), 'LICENSE_EXPIRED', false);
  failed(await connector.fulfil(kioskRequest({ licenseKey: 'NOPE00-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' })), 'LICENSE_NOT_FOUND', false);
  server.state.setStatus(L.floating3.key, 'banned');
  failed(await connector.fulfil(kioskRequest()), 'LICENSE_BANNED', false);
  assert.equal(server.state.machines().length, 0);
});

test('licence-key auth refused by policy (LICENSE_NOT_ALLOWED); an activation token works, once (ACTIVATIONS_LIMIT_EXCEEDED)', async (t) => {
  const { connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ licenseKey: L.tokenOnly.key })), 'LICENSE_NOT_ALLOWED', false);
  const { server, connector: withToken } = await setup(t, {}, {}, T.activation);
  ok(await withToken.fulfil(kioskRequest({ licenseKey: L.tokenOnly.key })));
  assert.equal(server.state.tokenActivations(T.activation), 1);
  const f = failed(await withToken.fulfil(kioskRequest({ licenseKey: L.tokenOnly.key, deviceId: FP2 })), 'ACTIVATIONS_LIMIT_EXCEEDED', false);
  assert.match(f.message, /activation token/);
  assert.equal(server.state.machines(L.tokenOnly.key).length, 1);
});

test('TOKEN_INVALID and TOKEN_EXPIRED are permanent and never echo the token', async (t) => {
  const { connector } = await setup(t, {}, {}, 'prod-not-a-real-token-000000000000v3');
  const f = failed(await connector.fulfil(kioskRequest()), 'TOKEN_INVALID', false);
  assert.ok(!f.message.includes('prod-not-a-real-token'));
  const { connector: expired } = await setup(t, {}, {}, T.expired);
  failed(await expired.fulfil(kioskRequest()), 'TOKEN_EXPIRED', false);
  const { connector: missing } = await setup(t, { auth: 'token', tokenSecretId: 'keygen:none' });
  failed(await missing.fulfil(kioskRequest()), 'token_missing', false);
});

test('a product token activates on any licence; the health check names the token kind masked', async (t) => {
  const { connector } = await setup(t, {}, {}, T.product);
  ok(await connector.fulfil(kioskRequest({ licenseKey: L.tokenOnly.key })));
  const checks = await connector.health();
  // The key is checked on the signed ping even with checking every answer off (a wrong key used to pass).
  assert.deepEqual(checks.map((c) => [c.name, c.ok]), [['Public key', true], ['Keygen reachable', true], ['Clock', true], ['Response signatures', true], ['Token', true]]);
  assert.match(checks.find((c) => c.name === 'Token')?.message ?? '', /product token \(prod-…f0v3\) is accepted and may look up machines/);
  assert.ok(!JSON.stringify(checks).includes(T.product));
  const { connector: wrong } = await setup(t, {}, {}, 'prod-not-a-real-token-00000000');
  const rejected = (await wrong.health()).find((c) => c.name === 'Token')!;
  assert.equal(rejected.ok, false);
  assert.match(rejected.message, /not accepted by Keygen/);
});

test('TOO_MANY_REQUESTS: retryable with Retry-After, and the window limit from the headers', async (t) => {
  const frozen = Date.now(); // one window for every call, whatever the wall clock does
  const { server, connector } = await setup(t, {}, { rateLimit: { limit: 1, windowMs: 30_000 }, now: () => frozen });
  server.faults.throttleNext(1, 7);
  const before = Date.now();
  const f = failed(await connector.fulfil(kioskRequest()), 'TOO_MANY_REQUESTS', true);
  assert.ok(f.retryAt !== null && f.retryAt >= before + 7000 && f.retryAt <= Date.now() + 7000);
  const real = failed(await connector.fulfil(kioskRequest()), 'TOO_MANY_REQUESTS', true);
  assert.equal(real.rateLimit?.limit, 1);
  assert.equal(real.rateLimit?.remaining, 0);
  assert.equal(server.state.machines().length, 0);
});

test('5xx is retryable and changes nothing', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.failNext(1, 503);
  failed(await connector.fulfil(kioskRequest()), 'server_error', true);
  assert.equal(server.state.machines().length, 0);
});

test('connection dropped after the activation committed: reconcile finds the machine by fingerprint, and even a blind retry takes no second seat', async (t) => {
  const { server, connector } = await setup(t);
  // First attempt: validate passes, the socket of POST /machines is destroyed after the server committed.
  let calls = 0;
  const first = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key' }, {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      calls += 1;
      if (String(input).endsWith('/machines') && init?.method === 'POST') server.faults.dropNext(1, 'after');
      return fetch(input, init);
    }) as typeof fetch,
  });
  failed(await first.fulfil(kioskRequest()), 'network', true);
  assert.equal(server.state.machines(L.floating3.key).length, 1, 'the activation took effect on the server');
  assert.equal(calls, 2);

  // The sync engine finds it in flight: reconcile looks up, sends nothing that activates.
  const reconciled = ok(await connector.reconcile(kioskRequest()));
  assert.match(reconciled.note, /Already active on Keygen, nothing re-sent/);
  assert.equal(server.state.activationAttempts(), 1);

  // Even a blind retry takes no second seat: same machine id → ID_CONFLICT or VALID → lookup.
  ok(await connector.fulfil(kioskRequest()));
  assert.equal(server.state.machines(L.floating3.key).length, 1);
});

test('a blind re-POST with the same client-chosen id gets ID_CONFLICT and is resolved by fingerprint', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  // Make validate say "not activated" once by answering it from a stub, so the connector POSTs again.
  const stubbed = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key' }, {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(input, init);
      if (!String(input).endsWith('/validate-key')) return res;
      const doc = (await res.json()) as { meta: Record<string, unknown> };
      doc.meta = { ...doc.meta, valid: false, code: 'NO_MACHINES' };
      return new Response(JSON.stringify(doc), { status: 200, headers: res.headers });
    }) as typeof fetch,
  });
  const outcome = ok(await stubbed.fulfil(kioskRequest()));
  assert.match(outcome.note, /earlier attempt took effect; no second seat/);
  assert.equal(server.state.activationAttempts(), 2);
  assert.equal(server.state.machines(L.floating3.key).length, 1);
});

test('connection dropped before anything committed: reconcile says not applied', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.dropNext(1, 'before');
  failed(await connector.fulfil(kioskRequest()), 'network', true);
  assert.deepEqual(await connector.reconcile(kioskRequest()), { ok: false, notApplied: true });
  assert.equal(server.state.machines().length, 0);
});

test('a machine file with a tampered signature is refused; nothing is delivered', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.tamperNext(1, 'signature');
  const f = failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
  assert.match(f.message, /not signed by this Keygen account/);
});

test('a machine file signed by another account key is refused', async (t) => {
  const other = await startKeygenServer({ ...keygenSampleOptions() });
  t.after(() => other.close());
  const { server } = await setup(t);
  const connector = createKeygenConnector({ baseUrl: server.url, publicKeyHex: other.publicKeyHex, auth: 'license-key' });
  failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
});

test('response signatures: verified when asked; a body changed after signing is refused', async (t) => {
  const { server, connector } = await setup(t, { verifyResponseSignatures: true });
  ok(await connector.fulfil(kioskRequest()));
  server.faults.tamperNext(1, 'data');
  const f = failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'response_signature_invalid', false);
  assert.match(f.message, /Digest/);
  const stripped = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', verifyResponseSignatures: true }, {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(input, init);
      const headers = new Headers(res.headers);
      headers.set('keygen-signature', (headers.get('keygen-signature') ?? '').replace(/signature="[^"]{4}/, 'signature="AAAA'));
      return new Response(await res.arrayBuffer(), { status: res.status, headers });
    }) as typeof fetch,
  });
  failed(await stripped.fulfil(kioskRequest({ kind: 'refresh' })), 'response_signature_invalid', false);
  const stale = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', verifyResponseSignatures: true }, { now: () => Date.now() + 3_600_000 });
  assert.match(failed(await stale.fulfil(kioskRequest({ kind: 'refresh' })), 'response_signature_invalid', false).message, /The Keygen server's clock says .*\d\d:\d\d:\d\d.* and this laptop's says .*\d\d:\d\d:\d\d.*: the server is 360[01] s behind this laptop, more than the 300 s allowed/);
});

test("the server's Date is checked against the connection's clock skew, and Test connection shows the skew it measured", async (t) => {
  const serverNow = () => Date.now() + 42_000;
  const { connector } = await setup(t, { verifyResponseSignatures: true, clockSkewSeconds: 300 }, { now: serverNow });
  ok(await connector.fulfil(kioskRequest()));
  const checks = await connector.health();
  const clock = checks.find((c) => c.name === 'Clock');
  assert.equal(clock?.ok, true);
  assert.match(clock?.message ?? '', /^The Keygen server's clock is 4[123] s ahead of this laptop \(within the 300 s allowed in Settings\)\.$/);
  assert.equal(checks.find((c) => c.name === 'Response signatures')?.ok, true);

  const { connector: strict, server } = await setup(t, { verifyResponseSignatures: true, clockSkewSeconds: 10 }, { now: serverNow });
  const f = failed(await strict.fulfil(kioskRequest()), 'response_signature_invalid', false);
  assert.match(f.message, /^The Keygen server's clock says .*\d\d:\d\d:\d\d.* and this laptop's says .*\d\d:\d\d:\d\d.*: the server is 4[123] s ahead of this laptop, more than the 10 s allowed in Settings/);
  assert.equal(server.state.machines().length, 0, 'refused at the first answer: nothing was activated');
  const strictClock = (await strict.health()).find((c) => c.name === 'Clock');
  assert.equal(strictClock?.ok, false);
  assert.match(strictClock?.message ?? '', /is 4[123] s ahead of this laptop \(more than the 10 s allowed in Settings\); answers will be refused/);
});

test('the default lifetime is sent as ttl and a file without expiry is refused unless "No expiry" was chosen', async (t) => {
  const sent: unknown[] = [];
  const { server } = await setup(t);
  const recording = (async (input: string | URL | Request, init?: RequestInit) => {
    if (String(input).endsWith('/actions/check-out')) sent.push((JSON.parse(String(init?.body)) as { meta: { ttl: unknown } }).meta.ttl);
    return fetch(input, init);
  }) as typeof fetch;
  const byDefault = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 2_629_746 }, { fetch: recording });
  const fresh = ok(await byDefault.fulfil(kioskRequest()));
  assert.deepEqual(sent, [2_629_746]);
  const expiresAt = Date.parse(fresh.artifact.expiresAt ?? '');
  assert.ok(Math.abs(expiresAt - Date.now() - 2_629_746_000) < 60_000, `the file expires in a month: ${fresh.artifact.expiresAt}`);

  // A server (or proxy) that drops the expiry: the kiosk asked for one, so the file is refused.
  const dropping = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (!url.endsWith('/actions/check-out')) return fetch(input, init);
    const body = JSON.parse(String(init?.body)) as { meta: Record<string, unknown> };
    return fetch(input, { ...init, body: JSON.stringify({ meta: { ...body.meta, ttl: null } }) });
  }) as typeof fetch;
  const misled = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 2_629_746 }, { fetch: dropping });
  assert.match(failed(await misled.fulfil(kioskRequest({ kind: 'refresh' })), 'machine_file_invalid', false).message, /says it never expires, although this connection asks for files with an expiry/);
  // With "No expiry" chosen (null), such a file is what was asked for: 'unencrypted files with a chosen TTL, and no-expiry files' above.
});

test('a machine file that already expired for this clock is refused', async (t) => {
  const { server } = await setup(t);
  const future = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 3600 }, { now: () => Date.now() + 2 * 3_600_000 });
  failed(await future.fulfil(kioskRequest()), 'machine_file_expired', false);
});

test('refresh checks out a fresh file without activating; refresh of an unknown machine is permanent', async (t) => {
  const { server, connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ kind: 'refresh' })), 'MACHINE_NOT_ACTIVATED', false);
  assert.equal(server.state.machines().length, 0);
  ok(await connector.fulfil(kioskRequest()));
  const refreshed = ok(await connector.fulfil(kioskRequest({ kind: 'refresh' })));
  assert.match(refreshed.note, /^Refreshed:/);
  assert.equal(server.state.activationAttempts(), 1);
});

test('deactivate deletes the machine; a second deactivate has nothing to do; reconcile tells the two apart', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  assert.deepEqual(await connector.reconcile(kioskRequest({ kind: 'deactivate' })), { ok: false, notApplied: true });
  const outcome = ok(await connector.fulfil(kioskRequest({ kind: 'deactivate' })));
  assert.equal(outcome.artifact.fileName, 'press-7-press-7-3f9a1c0d-deactivation.json');
  // The record carries Keygen's signed 204 to the DELETE; anyone can check it again with the account key.
  const receipt = JSON.parse(text(outcome.artifact.bytes)) as { version: number; machineId: string; licenseId: string; proof: Record<string, string | number> };
  assert.equal(receipt.version, 2);
  assert.equal(receipt.machineId, machineIdFor(L.floating3.id, FP));
  assert.equal(receipt.licenseId, L.floating3.id);
  const { proof } = receipt;
  assert.equal(proof.requestTarget, `delete /v1/accounts/${server.accountId}/machines/${receipt.machineId}`);
  assert.equal(proof.status, 204);
  assert.equal(proof.body, '');
  const signing = [`(request-target): ${proof.requestTarget}`, `host: ${proof.host}`, `date: ${proof.date}`, `digest: ${proof.digest}`].join('\n');
  const signature = /signature="([^"]+)"/.exec(String(proof.keygenSignature))?.[1] ?? '';
  const accountKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(server.publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
  assert.ok(verify(null, Buffer.from(signing), accountKey, Buffer.from(signature, 'base64')), 'the kept proof verifies with the account key');
  assert.match(outcome.note, /signed answer to the deletion .*confirms the seat is released/);
  assert.equal(server.state.machines().length, 0);
  failed(await connector.fulfil(kioskRequest({ kind: 'deactivate' })), 'MACHINE_NOT_FOUND', false);
  failed(await connector.reconcile(kioskRequest({ kind: 'deactivate' })), 'already_deactivated', false);
  // The seat is free again: the same device activates with the same deterministic id.
  ok(await connector.fulfil(kioskRequest()));
  assert.equal(server.state.machines()[0]?.id, machineIdFor(L.floating3.id, FP));
});

test('FINGERPRINT_TAKEN with no such machine on this licence is permanent', async () => {
  // Stub: the server says the fingerprint is taken; the lookup on this licence finds nothing.
  const stubbed = createKeygenConnector({ baseUrl: 'http://127.0.0.1:9/v1/accounts/acme', publicKeyHex: '00'.repeat(32), auth: 'license-key' }, {
    fetch: (async (input: string | URL | Request) => {
      const url = String(input);
      if (url.endsWith('/validate-key')) return Response.json({ meta: { valid: false, code: 'NO_MACHINES' }, data: { id: L.floating3.id, type: 'licenses' } });
      if (url.endsWith('/machines')) return Response.json({ errors: [{ title: 'Unprocessable resource', detail: 'has already been taken', code: 'FINGERPRINT_TAKEN', source: { pointer: '/data/attributes/fingerprint' } }] }, { status: 422 });
      return Response.json({ data: [] });
    }) as typeof fetch,
  });
  failed(await stubbed.fulfil(kioskRequest()), 'FINGERPRINT_TAKEN', false);
});

test('server down is retryable; bad settings are refused before sending', async (t) => {
  const { server, connector } = await setup(t);
  await server.close();
  failed(await connector.fulfil(kioskRequest()), 'network', true);
  failed(await createKeygenConnector({ baseUrl: 'ftp://x', publicKeyHex: server.publicKeyHex, auth: 'license-key' }).fulfil(kioskRequest()), 'configuration', false);
  failed(await createKeygenConnector({ baseUrl: server.url, publicKeyHex: 'abc', auth: 'license-key' }).fulfil(kioskRequest()), 'configuration', false);
  failed(await connector.fulfil(kioskRequest({ licenseKey: '' })), 'invalid_request', false);
});

test('403 LICENSE_SUSPENDED / LICENSE_EXPIRED from the activation itself (status changed after validation) are permanent', async (t) => {
  const { server } = await setup(t);
  const racing = (change: () => void) =>
    createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key' }, {
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        const res = await fetch(input, init);
        if (String(input).endsWith('/validate-key')) change();
        return res;
      }) as typeof fetch,
    });
  failed(await racing(() => server.state.setStatus(L.floating3.key, 'suspended')).fulfil(kioskRequest()), 'LICENSE_SUSPENDED', false);
  server.state.setStatus(L.floating3.key, 'active');
  failed(await racing(() => server.state.setExpiry(L.floating3.key, '2020-01-01T00:00:00Z')).fulfil(kioskRequest()), 'LICENSE_EXPIRED', false);
  assert.equal(server.state.machines().length, 0);
});

test('server: JSON:API errors with pointers and a request id, rate-limit and signature headers on every answer', async (t) => {
  const { server } = await setup(t);
  const post = (path: string, body: unknown, auth = `License ${L.nodeLocked.key}`) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/vnd.api+json' }, body: JSON.stringify(body) });
  const machine = (fingerprint: string, id?: string) => ({ data: { type: 'machines', ...(id ? { id } : {}), attributes: { fingerprint }, relationships: { license: { data: { type: 'licenses', id: L.nodeLocked.id } } } } });
  const id = '0b6c2a9e-1f3d-4c5b-8a7e-9d0c1b2a3f4e';
  const created = await post('/machines', machine('fp-1', id));
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('location'), `/v1/accounts/${server.accountId}/machines/${id}`);
  assert.equal(created.headers.get('content-type'), 'application/vnd.api+json; charset=utf-8');
  assert.match(created.headers.get('keygen-signature') ?? '', new RegExp(`^keyid="${server.accountId}", algorithm="ed25519", signature="[A-Za-z0-9+/=]{88}", headers="\\(request-target\\) host date digest"$`));
  assert.match(created.headers.get('digest') ?? '', /^sha-256=[A-Za-z0-9+/=]{44}$/);
  assert.equal(created.headers.get('x-ratelimit-window'), '30s');
  assert.equal(created.headers.get('x-ratelimit-limit'), '60');
  type Errors = { errors: Array<{ title: string; detail: string; code: string; source?: { pointer: string } }>; meta: { id: string } };
  const expectError = async (res: Response, status: number, code: string, pointer?: string) => {
    assert.equal(res.status, status);
    const body = (await res.json()) as Errors;
    assert.equal(body.errors[0]?.code, code);
    assert.equal(body.errors[0]?.source?.pointer, pointer);
    assert.match(body.meta.id, /^[0-9a-f-]{36}$/);
    return body.errors[0];
  };
  await expectError(await post('/machines', machine('fp-2', id)), 422, 'ID_CONFLICT', '/data/id');
  await expectError(await post('/machines', machine('fp-1')), 422, 'FINGERPRINT_TAKEN', '/data/attributes/fingerprint');
  const limit = await expectError(await post('/machines', machine('fp-3')), 422, 'MACHINE_LIMIT_EXCEEDED', '/data');
  assert.equal(limit?.detail, 'machine count has exceeded maximum allowed for license (1)');
  await expectError(await post('/machines', machine('fp-3'), 'License NOPE'), 401, 'LICENSE_INVALID');
  await expectError(await post('/machines', machine('fp-3'), 'Bearer nope'), 401, 'TOKEN_INVALID');
  await expectError(await post('/machines', machine('fp-3'), ''), 401, 'TOKEN_MISSING');
  await expectError(await post('/machines', machine('x'.repeat(4097))), 422, 'FINGERPRINT_TOO_LONG', '/data/attributes/fingerprint');
  const validation = (await (await post('/licenses/actions/validate-key', { meta: { key: L.nodeLocked.key, scope: { fingerprint: 'fp-9' } } })).json()) as { meta: { valid: boolean; code: string } };
  assert.deepEqual([validation.meta.valid, validation.meta.code], [false, 'FINGERPRINT_SCOPE_MISMATCH']);
  const fresh = (await (await post('/licenses/actions/validate-key', { meta: { key: L.floating3.key, scope: { fingerprint: 'fp-9' } } })).json()) as { meta: { code: string } };
  assert.equal(fresh.meta.code, 'NO_MACHINES');
  const file = await fetch(`${server.url}/machines/${id}/actions/check-out?encrypt=1&include=license`, { headers: { Authorization: `License ${L.nodeLocked.key}` } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/octet-stream');
  assert.equal(file.headers.get('content-disposition'), `attachment; filename="${id}.lic"`);
  assert.match(await file.text(), /^-----BEGIN MACHINE FILE-----\n/);
  const deleted = await fetch(`${server.url}/machines/${id}`, { method: 'DELETE', headers: { Authorization: `License ${L.nodeLocked.key}` } });
  assert.equal(deleted.status, 204);
  assert.equal(server.state.machines().length, 0);
});

test('Test connection checks the public key against the signed ping, with checking answers on or off; a wrong key fails', async (t) => {
  const otherKeyHex = Buffer.from((generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
  for (const verifyResponseSignatures of [true, false]) {
    const { connector: right } = await setup(t, { verifyResponseSignatures });
    const good = (await right.health()).find((c) => c.name === 'Response signatures');
    assert.equal(good?.ok, true, `right key, checking ${verifyResponseSignatures}`);
    assert.match(good?.message ?? '', /verifies with the public key in Settings/);

    const { connector: wrong } = await setup(t, { verifyResponseSignatures, publicKeyHex: otherKeyHex });
    const checks = await wrong.health();
    const bad = checks.find((c) => c.name === 'Response signatures');
    assert.equal(bad?.ok, false, `wrong key, checking ${verifyResponseSignatures}`);
    assert.equal(bad?.notRun, undefined);
    assert.match(bad?.message ?? '', /Check the public key: it must be the account's Ed25519 public key/);
    assert.equal(checks.every((c) => c.ok), false, 'the test as a whole fails');
  }
});
