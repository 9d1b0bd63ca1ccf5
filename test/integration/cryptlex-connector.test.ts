// The Cryptlex connector against the Cryptlex stand-in on 127.0.0.1.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createCryptlexConnector, type CryptlexSettings } from '../../electron/connectors/cryptlex/cryptlex-connector.ts';
import type { ConnectorRequest, Failure, Outcome, Reconciled } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { readCryptlexResponse } from '../support/cryptlex-device-reader.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer, type CryptlexServerOptions } from '../servers/cryptlex/index.ts';
import { tempDir } from '../support/temp.ts';

const PRODUCT_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const L = CRYPTLEX_SAMPLES.licenses;
const T = CRYPTLEX_SAMPLES.tokens;
const PID = CRYPTLEX_SAMPLES.productId;
const FP = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const FP2 = 'beef0000beef0000beef0000beef0000';
const SECRETS = [...Object.values(L).map((l) => l.key), ...Object.values(T)];

function kioskRequest(over: Partial<ConnectorRequest> & { fp?: string; key?: string; type?: 'activation' | 'deactivation' } = {}): ConnectorRequest {
  const { fp = FP, key = L.twoSeats.key, type, ...rest } = over;
  const kind = rest.kind ?? 'activate';
  const requestBody = makeOfflineRequest({ type: type ?? (kind === 'deactivate' ? 'deactivation' : 'activation'), key, fp, pid: PID, hostname: 'ctrl-4' });
  return { id: 'req-1', kind, licenseKey: key, deviceId: fp, deviceLabel: 'Controller 4', deviceDetails: {}, requestBody, ...rest };
}

async function setup(t: TestContext, settings: Partial<CryptlexSettings> = {}, server: Partial<CryptlexServerOptions> = {}, tokens: { access?: string; lookup?: string } = { access: T.full }) {
  const srv = await startCryptlexServer({ ...cryptlexSampleOptions(), productPrivateKeyPem: PRODUCT_KEY_PEM, ...server });
  t.after(() => srv.close());
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  if (tokens.access) await secrets.set('cryptlex:access', tokens.access);
  if (tokens.lookup) await secrets.set('cryptlex:lookup', tokens.lookup);
  const connector = createCryptlexConnector(
    { baseUrl: srv.url, accessTokenSecretId: 'cryptlex:access', lookupTokenSecretId: tokens.lookup ? 'cryptlex:lookup' : null, productPublicKeyPem: srv.productPublicKeyPem, ...settings },
    { secrets, timeoutMs: 3000 },
  );
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
  for (const secret of SECRETS) assert.ok(!f.message.includes(secret), `a message must not contain a key or token: ${f.message}`);
  return f;
}

function claimsOf(bytes: Uint8Array): Record<string, unknown> {
  const jwt = Buffer.from(bytes).toString('utf8');
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

test('offline activation: key resolved to id, body per the docs, signed response verified and delivered byte for byte', async (t) => {
  const { server, connector } = await setup(t, { responseValiditySeconds: 86_400 });
  const request = kioskRequest();
  const outcome = ok(await connector.fulfil(request));
  assert.equal(outcome.artifact.fileName, 'controller-4-c0ffee00c0ffee00-cryptlex-response.dat');
  const jwt = Buffer.from(outcome.artifact.bytes).toString('utf8');
  const [h, p, s] = jwt.split('.');
  assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), server.productPublicKeyPem, Buffer.from(s ?? '', 'base64url')));
  const claims = claimsOf(outcome.artifact.bytes);
  assert.equal(claims.lid, L.twoSeats.id);
  assert.equal(claims.fp, FP);
  assert.equal(Number(claims.eat) - Number(claims.iat), 86_400);
  assert.equal(claims.orh, createHash('sha256').update(request.requestBody ?? '').digest('hex'));
  assert.match(outcome.note, /1 days; its signature verified/);
  // The device accepts it (a reader written apart from the connector), and refuses it on another device.
  await readCryptlexResponse(jwt, { productPublicKeyPem: server.productPublicKeyPem, fingerprint: FP, licenseId: L.twoSeats.id });
  await assert.rejects(readCryptlexResponse(jwt, { productPublicKeyPem: server.productPublicKeyPem, fingerprint: FP2, licenseId: L.twoSeats.id }), /another device/);
  assert.equal(outcome.rateLimit?.limit, 50);
  assert.equal(server.state.activations(L.twoSeats.id).length, 1);
  assert.equal(server.state.activations()[0]?.offline, true);
});

test('the key → id mapping is cached per connector; a configured id needs no lookup at all', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  ok(await connector.fulfil(kioskRequest({ fp: FP2 })));
  assert.deepEqual(server.state.requests().filter((r) => r.startsWith('GET /v3/licenses')), ['GET /v3/licenses?key=…']);
  const { server: s2, connector: preset } = await setup(t, { licenseIds: { [L.oneSeat.key]: L.oneSeat.id } }, {}, { access: T.activation });
  ok(await preset.fulfil(kioskRequest({ key: L.oneSeat.key })));
  assert.deepEqual(s2.state.requests(), ['POST /v3/activations/offline-activate']);
});

test('narrowest tokens: a license:read-only lookup token resolves, the activation token activates', async (t) => {
  const { server, connector } = await setup(t, {}, {}, { access: T.activation, lookup: T.lookup });
  ok(await connector.fulfil(kioskRequest()));
  assert.equal(server.state.activations().length, 1);
  // Without a lookup token, an activation-only token cannot resolve keys: the missing scope is named.
  const { connector: noRead } = await setup(t, {}, {}, { access: T.activation });
  const f = failed(await noRead.fulfil(kioskRequest()), 'INSUFFICIENT_PERMISSIONS', false);
  assert.match(f.message, /license:read/);
  // And a lookup-only token cannot activate.
  const { connector: readOnly } = await setup(t, {}, {}, { access: T.lookup });
  assert.match(failed(await readOnly.fulfil(kioskRequest()), 'INSUFFICIENT_PERMISSIONS', false).message, /activation:write/);
});

test('an empty or malformed key is never sent (an empty key= would list every licence)', async (t) => {
  const { server, connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ licenseKey: '' })), 'invalid_request', false);
  failed(await connector.fulfil(kioskRequest({ licenseKey: 'has space' })), 'invalid_request', false);
  assert.deepEqual(server.state.requests(), []);
  // The server really has the pitfall: key= returns all licences.
  const res = await fetch(`${server.url}/v3/licenses?key=&limit=100`, { headers: { Authorization: `Bearer ${T.full}` } });
  assert.equal(((await res.json()) as unknown[]).length, Object.keys(L).length);
});

test('a lookup answer that ignores the key filter is refused, not taken as the licence', async (t) => {
  const { server } = await setup(t);
  const secrets = new FileSecretStore(`${tempDir(t)}/s.json`);
  await secrets.set('a', T.full);
  // A proxy (or a server) dropping the filter: first with limit=1 (another licence comes back), then
  // without the limit (every licence, ours among them).
  const viaBrokenFilter = (dropLimit: boolean) =>
    createCryptlexConnector({ baseUrl: server.url, accessTokenSecretId: 'a' }, {
      secrets,
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        let url = String(input);
        if (url.includes('/v3/licenses?')) url = url.replace(/key=[^&]*/, 'key=').replace(/limit=1\b/, dropLimit ? 'limit=100' : 'limit=1');
        return fetch(url, init);
      }) as typeof fetch,
    });
  failed(await viaBrokenFilter(false).fulfil(kioskRequest({ key: L.oneSeat.key })), 'INVALID_LICENSE_KEY', false);
  const f = failed(await viaBrokenFilter(true).fulfil(kioskRequest({ key: L.oneSeat.key })), 'INVALID_LICENSE_KEY', false);
  assert.match(f.message, /ambiguous/);
  assert.equal(server.state.activations().length, 0);
});

test('unknown key, revoked, suspended and expired licences are permanent and told apart', async (t) => {
  const { server, connector } = await setup(t);
  failed(await connector.fulfil(kioskRequest({ key: 'ZZZZZZ-ZZZZZZ-ZZZZZZ-ZZZZZZ' })), 'INVALID_LICENSE_KEY', false);
  failed(await connector.fulfil(kioskRequest({ key: L.revoked.key })), 'REVOKED_LICENSE', false);
  assert.equal(server.state.activations().length, 0);
  // Cryptlex activates suspended and expired licences and says so in the signed response (the
  // `suspended` and `leat` claims); the kiosk refuses such a response, with or without a product key.
  assert.match(failed(await connector.fulfil(kioskRequest({ key: L.suspended.key })), 'SUSPENDED_LICENSE', false).message, /signed response says so/);
  failed(await connector.fulfil(kioskRequest({ key: L.expired.key })), 'EXPIRED_LICENSE', false);
  const { connector: unkeyed } = await setup(t, { productPublicKeyPem: null });
  failed(await unkeyed.fulfil(kioskRequest({ key: L.suspended.key })), 'SUSPENDED_LICENSE', false);
  assert.deepEqual(server.state.activations().map((a) => a.licenseId).sort(), [L.suspended.id, L.expired.id].sort());
});

test('ACTIVATION_LIMIT_REACHED is permanent; the same device again takes no second seat', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ key: L.oneSeat.key, fp: FP2 })));
  const f = failed(await connector.fulfil(kioskRequest({ key: L.oneSeat.key })), 'ACTIVATION_LIMIT_REACHED', false);
  assert.match(f.message, /Activation limit reached/);
  ok(await connector.fulfil(kioskRequest({ key: L.oneSeat.key, fp: FP2 })));
  assert.deepEqual(server.state.activations(L.oneSeat.id).map((a) => a.fingerprint), [FP2]);
});

test('INVALID_OFFLINE_REQUEST and a request made for another key are permanent; a missing or oversized request is refused locally', async (t) => {
  const { server, connector } = await setup(t);
  const damaged = kioskRequest();
  damaged.requestBody = `${damaged.requestBody?.slice(0, -3)}xyz`;
  failed(await connector.fulfil(damaged), 'INVALID_OFFLINE_REQUEST', false);
  const other = kioskRequest();
  other.requestBody = kioskRequest({ key: L.oneSeat.key }).requestBody;
  failed(await connector.fulfil(other), 'INVALID_LICENSE_KEY', false);
  const before = server.state.requests().length;
  failed(await connector.fulfil(kioskRequest({ requestBody: '' })), 'invalid_request', false);
  failed(await connector.fulfil(kioskRequest({ requestBody: 'a'.repeat(16_385) })), 'invalid_request', false);
  assert.equal(server.state.requests().length, before);
});

test('401 invalid and expired tokens are permanent and never echoed; a missing token is named', async (t) => {
  const { connector } = await setup(t, {}, {}, { access: 'cl-pat-not-a-real-token-000000000000000000' });
  const f = failed(await connector.fulfil(kioskRequest()), 'UNAUTHORIZED', false);
  assert.ok(!f.message.includes('cl-pat-not-a-real'));
  const { connector: expired } = await setup(t, {}, {}, { access: T.expired });
  failed(await expired.fulfil(kioskRequest()), 'TOKEN_EXPIRED', false);
  const { connector: none } = await setup(t, {}, {}, {});
  failed(await none.fulfil(kioskRequest()), 'token_missing', false);
});

test('429: retryable, Retry-After + 2 s, X-Rate-Limit-* parsed; the real 50-per-5-s window too', async (t) => {
  // The server's clock is frozen so that all calls fall in one window (real windows are clock-aligned).
  const frozen = Date.now();
  const { server, connector } = await setup(t, {}, { rateLimit: { limit: 3, windowMs: 5_000 }, now: () => frozen });
  server.faults.throttleNext(1, 4);
  const before = Date.now();
  const f = failed(await connector.fulfil(kioskRequest()), 'TOO_MANY_REQUESTS', true);
  assert.ok(f.retryAt !== null && f.retryAt >= before + 6000 && f.retryAt <= Date.now() + 6000, String(f.retryAt));
  ok(await connector.fulfil(kioskRequest()));
  const limited = failed(await connector.fulfil(kioskRequest({ fp: FP2 })), 'TOO_MANY_REQUESTS', true);
  assert.equal(limited.rateLimit?.limit, 3);
  assert.equal(limited.rateLimit?.remaining, 0);
  assert.equal(server.state.activations().length, 1);
});

test('5xx is retryable (30 s when the server names no time) and changes nothing', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.twoSeats.key]: L.twoSeats.id } });
  server.faults.failNext(1, 502);
  const f = failed(await connector.fulfil(kioskRequest()), 'server_error', true);
  assert.ok(f.retryAt !== null && f.retryAt - Date.now() > 25_000);
  assert.equal(server.state.activations().length, 0);
});

test('connection dropped after the activation committed: reconcile finds it, re-issues the response on the same seat', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.oneSeat.key]: L.oneSeat.id } });
  server.faults.dropNext(1, 'after');
  failed(await connector.fulfil(kioskRequest({ key: L.oneSeat.key })), 'network', true);
  assert.equal(server.state.activations(L.oneSeat.id).length, 1, 'the activation took effect');
  const reconciled = ok(await connector.reconcile(kioskRequest({ key: L.oneSeat.key })));
  assert.match(reconciled.note, /Already active on Cryptlex/);
  assert.equal(claimsOf(reconciled.artifact.bytes).lid, L.oneSeat.id);
  assert.equal(server.state.activations(L.oneSeat.id).length, 1, 'no second seat (the licence has one)');
});

test('connection dropped before anything committed: reconcile says not applied', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ fp: FP2 }))); // warms the key → id cache
  server.faults.dropNext(1, 'before');
  failed(await connector.fulfil(kioskRequest()), 'network', true);
  assert.deepEqual(await connector.reconcile(kioskRequest()), { ok: false, notApplied: true });
  assert.equal(server.state.activations().length, 1);
});

test('a tampered response signature, or claims changed after signing, are refused', async (t) => {
  const { server, connector } = await setup(t);
  server.faults.tamperNext(1, 'signature');
  failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
  server.faults.tamperNext(1, 'data');
  failed(await connector.fulfil(kioskRequest()), 'signature_invalid', false);
  const { connector: otherKey } = await setup(t, { productPublicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  failed(await otherKey.fulfil(kioskRequest()), 'signature_invalid', false);
});

test('without a product key the response is passed on unverified, and the note says so', async (t) => {
  const { connector } = await setup(t, { productPublicKeyPem: null });
  assert.match(ok(await connector.fulfil(kioskRequest())).note, /not verified: no product public key/);
});

test('offline deactivation frees the seat; DEACTIVATION_LIMIT_REACHED; reconcile of deactivations', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key })));
  ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, fp: FP2 })));
  assert.deepEqual(await connector.reconcile(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' })), { ok: false, notApplied: true });
  const outcome = ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' })));
  assert.equal(outcome.artifact.fileName, 'controller-4-c0ffee00c0ffee00-cryptlex-deactivation.json');
  assert.equal((JSON.parse(Buffer.from(outcome.artifact.bytes).toString()) as { licenseId: string }).licenseId, L.oneDeactivation.id);
  assert.deepEqual(server.state.activations(L.oneDeactivation.id).map((a) => a.fingerprint), [FP2]);
  failed(await connector.reconcile(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' })), 'already_deactivated', false);
  failed(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' })), 'ACTIVATION_NOT_FOUND', false);
  failed(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate', fp: FP2 })), 'DEACTIVATION_LIMIT_REACHED', false);
  assert.equal(server.state.deactivations(L.oneDeactivation.id), 1);
});

test('a deactivation answered 200 while Cryptlex still lists the device is not a release: the kiosk says it could not confirm it', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key })));
  // A server (or a proxy in front of it) that answers the deactivation but released nothing.
  server.refuseNext(1, 200, {});
  failed(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' })), 'release_unconfirmed', false);
  assert.equal(server.state.activations(L.oneDeactivation.id).length, 1);
  // A genuine release says the answers it rests on are unsigned.
  assert.match(ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, kind: 'deactivate' }))).note, /no longer lists this device.*signs none of its answers/);
});

test('health: reachability, each permission the tokens need, masked tokens, key status', async (t) => {
  const { server, connector } = await setup(t, {}, {}, { access: T.activation, lookup: T.lookup });
  const checks = await connector.health();
  assert.deepEqual(checks.map((c) => [c.name, c.ok]), [
    ['Cryptlex reachable', true],
    ['Permission activation:write', true],
    ['Permission activation:read', true],
    ['Permission license:read', true],
    ['Product public key', true],
  ]);
  assert.ok(!JSON.stringify(checks).includes(T.activation) && !JSON.stringify(checks).includes(T.lookup));
  assert.equal(server.state.activations(L.twoSeats.id).length, 0, 'the checks change nothing');

  // A token without the activation permissions, and a lookup done by an access token without license:read.
  const { connector: narrow } = await setup(t, {}, {}, { access: T.lookup });
  const missing = Object.fromEntries((await narrow.health()).map((c) => [c.name, c]));
  assert.equal(missing['Permission activation:write']?.ok, false);
  assert.match(missing['Permission activation:write']!.message, /lacks the activation:write permission/);
  assert.equal(missing['Permission license:read']?.ok, true);
  const { connector: readOnly } = await setup(t, {}, {}, { access: T.activation });
  assert.match((await readOnly.health()).find((c) => c.name === 'Permission license:read')!.message, /lacks the license:read permission/);
  const { connector: expired } = await setup(t, {}, {}, { access: T.expired });
  assert.match((await expired.health()).find((c) => c.name === 'Permission activation:read')!.message, /does not accept the token .*expired/);
  const { connector: none } = await setup(t, {}, {}, {});
  assert.equal((await none.health()).find((c) => c.name === 'Access token')?.ok, false);

  const { server: gone, connector: down } = await setup(t, { productPublicKeyPem: 'not a key' });
  await gone.close();
  const bad = await down.health();
  assert.equal(bad.find((c) => c.name === 'Settings')?.ok, false);
  assert.equal(bad.find((c) => c.name === 'Cryptlex reachable')?.ok, false);
});

test('refresh is a new offline activation of the same fingerprint: a fresh response, the same seat', async (t) => {
  const { server, connector } = await setup(t);
  const first = ok(await connector.fulfil(kioskRequest()));
  const refreshed = ok(await connector.fulfil(kioskRequest({ kind: 'refresh' })));
  assert.equal(claimsOf(refreshed.artifact.bytes).aid, claimsOf(first.artifact.bytes).aid);
  assert.equal(server.state.activations(L.twoSeats.id).length, 1);
});

/** A seat return as the kiosk queues it: key and fingerprint only, no device file. */
function seatReturn(fp = FP, key: string = L.twoSeats.key): ConnectorRequest {
  return { id: 'ret-1', kind: 'deactivate', licenseKey: key, deviceId: fp, deviceLabel: null, deviceDetails: { reason: 'dead' }, seatReturn: true };
}

test('seat return: the activation with that fingerprint is deactivated by id, without the device; the record says it is unproven', async (t) => {
  const { server, connector } = await setup(t);
  ok(await connector.fulfil(kioskRequest()));
  ok(await connector.fulfil(kioskRequest({ fp: FP2 })));
  const [mine] = server.state.activations(L.twoSeats.id).filter((a) => a.fingerprint === FP);
  const outcome = ok(await connector.fulfil(seatReturn()));
  assert.deepEqual(server.state.activations(L.twoSeats.id).map((a) => a.fingerprint), [FP2]);
  assert.ok(server.state.requests().includes(`POST /v3/activations/${mine!.id}/deactivate`));
  assert.ok(!server.state.requests().includes('POST /v3/activations/offline-deactivate'));
  assert.match(outcome.note, /^Seat returned without the device: Cryptlex deactivated the activation and Cryptlex no longer lists this device on the licence\. .*cannot prove the release/);
  const record = JSON.parse(Buffer.from(outcome.artifact.bytes).toString('utf8')) as Record<string, unknown>;
  assert.deepEqual([record.device, record.activationId, record.seatReturn, record.signed], [FP, mine!.id, true, false]);
  // Retried after the release took effect (an interrupted sync): the seat is already free, which is success.
  const again = ok(await connector.reconcile(seatReturn()));
  assert.match(again.note, /^The seat is already free: Cryptlex no longer lists this device/);
  // Sent again as new: the id is wrong (or the seat was freed elsewhere), one sentence.
  assert.equal(failed(await connector.fulfil(seatReturn()), 'ACTIVATION_NOT_FOUND', false).message, 'No activation of this licence has that device id; check the id (it is the fingerprint the device activated with) and return the seat again.');
  assert.deepEqual(await connector.reconcile(seatReturn(FP2)), { ok: false, notApplied: true }, 'still listed: not applied, sent again');
});

test('seat return: the deactivation limit and a token without activation:write are permanent sentences; nothing changes', async (t) => {
  const readOnly = 'cl-pat-readonly-0123456789abcdef0123456789abcd';
  const options = cryptlexSampleOptions();
  const { server, connector } = await setup(t, {}, { tokens: [...options.tokens, { token: readOnly, scopes: ['license:read', 'activation:read'] }] });
  ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key })));
  ok(await connector.fulfil(kioskRequest({ key: L.oneDeactivation.key, fp: FP2 })));
  ok(await connector.fulfil(seatReturn(FP, L.oneDeactivation.key)));
  const limit = failed(await connector.fulfil(seatReturn(FP2, L.oneDeactivation.key)), 'DEACTIVATION_LIMIT_REACHED', false);
  assert.match(limit.message, /used all the deactivations it allows/);
  assert.deepEqual(server.state.activations(L.oneDeactivation.id).map((a) => a.fingerprint), [FP2]);

  const { connector: weak, server: other } = await setup(t, {}, { tokens: [...options.tokens, { token: readOnly, scopes: ['license:read', 'activation:read'] }] }, { access: readOnly });
  const { connector: full } = await setup(t, { baseUrl: other.url });
  ok(await full.fulfil(kioskRequest()));
  const scope = failed(await weak.fulfil(seatReturn()), 'INSUFFICIENT_PERMISSIONS', false);
  assert.equal(scope.message, 'The Cryptlex access token may not deactivate activations; add the activation:write permission to it in the Cryptlex dashboard.');
  assert.equal(other.state.activations(L.twoSeats.id).length, 1);
});

test('seat return: a deactivation answered "not found" while Cryptlex still lists the device is not counted as a release', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.twoSeats.key]: L.twoSeats.id } });
  ok(await connector.fulfil(kioskRequest()));
  server.refuseNext(1, 404, { code: 'ACTIVATION_NOT_FOUND', message: 'Activation not found.' });
  const f = failed(await connector.fulfil(seatReturn()), 'release_unconfirmed', false);
  assert.match(f.message, /^Could not confirm the release: Cryptlex answered that the activation does not exist but still lists this device/);
  assert.equal(server.state.activations(L.twoSeats.id).length, 1);
});
