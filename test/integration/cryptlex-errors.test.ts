// Every Cryptlex error in ../shared/reference/cryptlex.md ("Errors, limits, health"), end to end: the
// test server answers each situation with the documented status and code, and the connector turns it
// into the code, class (retryable or permanent) and sentence of its one table; then through the
// kiosk core (rejected vs retry_wait), and the exported names of bare request files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createCryptlexConnector, type CryptlexSettings } from '../../electron/connectors/cryptlex/cryptlex-connector.ts';
import { CRYPTLEX_REFUSALS, type CryptlexRefusalCode, type RefusalContext } from '../../electron/connectors/cryptlex/errors.ts';
import type { ConnectorRequest, Failure, Reconciled } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer, type CryptlexServerHandle, type CryptlexServerOptions } from '../servers/cryptlex/index.ts';
import { openCore } from '../support/core.ts';
import { item } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { currentLocale } from '../../shared/i18n/index.ts';
import { formatTime } from '../../shared/i18n/time.ts';

const PRODUCT_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const L = CRYPTLEX_SAMPLES.licenses;
const T = CRYPTLEX_SAMPLES.tokens;
const PID = CRYPTLEX_SAMPLES.productId;
const FP = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const FP2 = 'beef0000beef0000beef0000beef0000';
const SECRETS = [...Object.values(L).map((l) => l.key), ...Object.values(T)];
const ACTIVATE: RefusalContext = { call: 'activate', action: 'activate', scope: 'activation:write' };
const DEACTIVATE: RefusalContext = { call: 'deactivate', action: 'deactivateOffline', scope: 'activation:write' };

type Extra = { vmName?: string; meterAttributes?: { name: string; uses: number }[] };

function offline(key: string, fp = FP, type: 'activation' | 'deactivation' = 'activation', extra: Extra = {}): string {
  return makeOfflineRequest({ type, key, fp, pid: PID, hostname: 'ctrl-4', ...extra });
}

function request(key: string, over: Partial<ConnectorRequest> & { fp?: string; extra?: Extra } = {}): ConnectorRequest {
  const { fp = FP, extra = {}, ...rest } = over;
  const kind = rest.kind ?? 'activate';
  const requestBody = offline(key, fp, kind === 'deactivate' ? 'deactivation' : 'activation', extra);
  return { id: 'req-1', kind, licenseKey: key, deviceId: fp, deviceLabel: 'Controller 4', deviceDetails: {}, requestBody, ...rest };
}

async function setup(t: TestContext, settings: Partial<CryptlexSettings> = {}, server: Partial<CryptlexServerOptions> = {}) {
  const srv = await startCryptlexServer({ ...cryptlexSampleOptions(), productPrivateKeyPem: PRODUCT_KEY_PEM, ...server });
  t.after(() => srv.close());
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  await secrets.set('cryptlex:access', T.full);
  const connector = createCryptlexConnector({ baseUrl: srv.url, accessTokenSecretId: 'cryptlex:access', productPublicKeyPem: srv.productPublicKeyPem, ...settings }, { secrets, timeoutMs: 3000 });
  return { server: srv, connector };
}

/** What the test server answers to one offline call, as Cryptlex documents it: status and body code. */
async function raw(server: CryptlexServerHandle, path: 'offline-activate' | 'offline-deactivate', body: Record<string, unknown>): Promise<{ status: number; code: string | null }> {
  const res = await fetch(`${server.url}/v3/activations/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${T.full}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, code: text ? ((JSON.parse(text) as { code?: string }).code ?? null) : null };
}

function failed(outcome: Reconciled, code: string, retryable: boolean): Failure {
  assert.equal(outcome.ok, false, `expected failure ${code}, got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  assert.ok(!('notApplied' in outcome), 'expected a failure, got notApplied');
  const f = outcome as Failure;
  assert.equal(f.code, code, f.message);
  assert.equal(f.retryable, retryable, `${code}: ${f.message}`);
  for (const secret of SECRETS) assert.ok(!f.message.includes(secret), `a message must not contain a key or token: ${f.message}`);
  return f;
}

/** The table's row for `code` decides the class and the sentence, and the sentence says what to do. */
function refusedAs(outcome: Reconciled, code: CryptlexRefusalCode, context: RefusalContext, status: number, action: RegExp): Failure {
  const row: { status: readonly number[]; retryable: boolean; sentence: (c: RefusalContext, status: number) => string } = CRYPTLEX_REFUSALS[code];
  const f = failed(outcome, code, row.retryable);
  assert.ok(row.status.includes(status), `${code} is documented with HTTP ${status}`);
  assert.ok(f.message.startsWith(row.sentence(context, status)), `${code}: ${f.message}`);
  assert.match(f.message, action);
  return f;
}

const activation = (license: { id: string }, key: string, extra: Extra = {}) => ({ offlineRequest: offline(key, FP, 'activation', extra), responseValidity: 259_200, licenseId: license.id });

// One row per 400 code of offline-activate: the licence or request that triggers it, and what the
// engineer reads. Each is refused by the server as documented, then by the connector as tabled.
const ACTIVATE_400: { code: CryptlexRefusalCode; license: { id: string; key: string }; extra?: Extra; requestKey?: string; action: RegExp }[] = [
  { code: 'REVOKED_LICENSE', license: L.revoked, action: /revoked.*only the vendor/ },
  { code: 'VM_ACTIVATION_NOT_ALLOWED', license: L.noVm, extra: { vmName: 'VMware' }, action: /virtual machine.*physical hardware, or ask the vendor/ },
  { code: 'COUNTRY_NOT_ALLOWED', license: L.germanyOnly, action: /country.*kiosk's internet address.*sync from an allowed country, or ask the vendor/ },
  { code: 'IP_ADDRESS_NOT_ALLOWED', license: L.oneAddress, action: /internet address this kiosk connects from; sync from a network the licence allows, or ask the vendor/ },
  { code: 'INVALID_LICENSE_TYPE', license: L.floating, action: /floating.*ask the vendor for a node-locked licence/ },
  { code: 'METER_ATTRIBUTE_USES_LIMIT_REACHED', license: L.meterUsedUp, extra: { meterAttributes: [{ name: 'scans', uses: 1 }] }, action: /meter attribute.*ask the vendor to raise the limit/ },
  // A request made with another key than the licence's (here: a key no licence has).
  { code: 'INVALID_LICENSE_KEY', license: L.twoSeats, requestKey: 'ZZZZZZ-ZZZZZZ-ZZZZZZ-ZZZZZZ', action: /check the key on the device/ },
];

for (const row of ACTIVATE_400) {
  test(`${row.code}: 400 from offline-activate, permanent, with its sentence; nothing activated`, async (t) => {
    const { server, connector } = await setup(t, { licenseIds: { [row.license.key]: row.license.id } });
    const requestKey = row.requestKey ?? row.license.key;
    assert.deepEqual(await raw(server, 'offline-activate', activation(row.license, requestKey, row.extra)), { status: 400, code: row.code });
    const queued = request(row.license.key, { extra: row.extra ?? {}, requestBody: offline(requestKey, FP, 'activation', row.extra) });
    refusedAs(await connector.fulfil(queued), row.code, ACTIVATE, 400, row.action);
    assert.equal(server.state.activations().length, 0);
  });
}

test('each knob refuses only its situation: the same licences activate when the request or the licence allows it', async (t) => {
  const { server, connector } = await setup(t, {}, { clientCountry: 'DE' });
  for (const license of [L.noVm, L.germanyOnly, L.meterUsedUp]) assert.equal((await connector.fulfil(request(license.key))).ok, true, license.id);
  server.state.update(L.oneAddress.id, { allowedIpAddresses: ['127.0.0.1'] });
  assert.equal((await connector.fulfil(request(L.oneAddress.key))).ok, true);
  // The last meter use is taken; the next device asking for one is refused.
  server.state.update(L.twoSeats.id, { meterAttributes: [{ name: 'scans', allowedUses: 1, totalUses: 0 }] });
  assert.equal((await connector.fulfil(request(L.twoSeats.key, { extra: { meterAttributes: [{ name: 'scans', uses: 1 }] } }))).ok, true);
  failed(await connector.fulfil(request(L.twoSeats.key, { fp: FP2, extra: { meterAttributes: [{ name: 'scans', uses: 1 }] } })), 'METER_ATTRIBUTE_USES_LIMIT_REACHED', false);
});

test('INVALID_LICENSE_KEY also when the key is unknown to the lookup, with the same sentence', async (t) => {
  const { server, connector } = await setup(t);
  refusedAs(await connector.fulfil(request('ZZZZZZ-ZZZZZZ-ZZZZZZ-ZZZZZZ')), 'INVALID_LICENSE_KEY', ACTIVATE, 400, /check the key on the device/);
  assert.deepEqual(server.state.requests(), ['GET /v3/licenses?key=…'], 'nothing was activated or sent after the empty lookup');
});

test('ACTIVATION_LIMIT_REACHED: 400 (not 409), permanent; the device already on the licence still gets its response', async (t) => {
  const { server, connector } = await setup(t);
  assert.equal((await connector.fulfil(request(L.oneSeat.key, { fp: FP2 }))).ok, true);
  assert.deepEqual(await raw(server, 'offline-activate', activation(L.oneSeat, L.oneSeat.key)), { status: 400, code: 'ACTIVATION_LIMIT_REACHED' });
  refusedAs(await connector.fulfil(request(L.oneSeat.key)), 'ACTIVATION_LIMIT_REACHED', ACTIVATE, 400, /deactivate a device that no longer needs it, or ask the vendor/);
  assert.equal((await connector.fulfil(request(L.oneSeat.key, { fp: FP2 }))).ok, true);
  assert.equal(server.state.activations(L.oneSeat.id).length, 1);
});

test('INVALID_OFFLINE_REQUEST: damaged, of the wrong kind, or missing; permanent, "capture the request again"', async (t) => {
  const { server, connector } = await setup(t);
  const damaged = `${offline(L.twoSeats.key).slice(0, -3)}xyz`;
  assert.deepEqual(await raw(server, 'offline-activate', { offlineRequest: damaged, responseValidity: 60, licenseId: L.twoSeats.id }), { status: 400, code: 'INVALID_OFFLINE_REQUEST' });
  assert.deepEqual(await raw(server, 'offline-activate', { responseValidity: 60, licenseId: L.twoSeats.id }), { status: 400, code: 'INVALID_OFFLINE_REQUEST' });
  refusedAs(await connector.fulfil(request(L.twoSeats.key, { requestBody: damaged })), 'INVALID_OFFLINE_REQUEST', ACTIVATE, 400, /generate a new request on the device and capture the request again/);
  // A deactivation request sent for an activation (and the other way round).
  refusedAs(await connector.fulfil(request(L.twoSeats.key, { requestBody: offline(L.twoSeats.key, FP, 'deactivation') })), 'INVALID_OFFLINE_REQUEST', ACTIVATE, 400, /capture the request again/);
  refusedAs(await connector.fulfil(request(L.twoSeats.key, { kind: 'deactivate', requestBody: offline(L.twoSeats.key) })), 'INVALID_OFFLINE_REQUEST', DEACTIVATE, 400, /capture the request again/);
  assert.equal(server.state.activations().length, 0);
});

test('DEACTIVATION_LIMIT_REACHED: 409, permanent; the activation stays', async (t) => {
  const { server, connector } = await setup(t);
  for (const fp of [FP, FP2]) assert.equal((await connector.fulfil(request(L.oneDeactivation.key, { fp }))).ok, true);
  assert.equal((await connector.fulfil(request(L.oneDeactivation.key, { kind: 'deactivate' }))).ok, true);
  assert.deepEqual(
    await raw(server, 'offline-deactivate', { offlineRequest: offline(L.oneDeactivation.key, FP2, 'deactivation'), licenseId: L.oneDeactivation.id }),
    { status: 409, code: 'DEACTIVATION_LIMIT_REACHED' },
  );
  refusedAs(await connector.fulfil(request(L.oneDeactivation.key, { kind: 'deactivate', fp: FP2 })), 'DEACTIVATION_LIMIT_REACHED', DEACTIVATE, 409, /the vendor must raise the limit or reset the count/);
  assert.deepEqual(server.state.activations(L.oneDeactivation.id).map((a) => a.fingerprint), [FP2]);
});

test('404: an activation that does not exist (deactivate), a licence id that does not exist (activate); both permanent', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.oneSeat.key]: 'lic-does-not-exist' } });
  assert.equal((await raw(server, 'offline-deactivate', { offlineRequest: offline(L.twoSeats.key, FP, 'deactivation'), licenseId: L.twoSeats.id })).status, 404);
  refusedAs(await connector.fulfil(request(L.twoSeats.key, { kind: 'deactivate' })), 'ACTIVATION_NOT_FOUND', DEACTIVATE, 404, /nothing to deactivate/);
  assert.equal((await raw(server, 'offline-activate', activation({ id: 'lic-does-not-exist' }, L.oneSeat.key))).status, 404);
  refusedAs(await connector.fulfil(request(L.oneSeat.key)), 'LICENSE_NOT_FOUND', ACTIVATE, 404, /check the licence ids in Settings/);
  // The status decides, whatever code (or none) the body carries.
  server.refuseNext(1, 404, {});
  refusedAs(await connector.fulfil(request(L.twoSeats.key, { kind: 'deactivate' })), 'ACTIVATION_NOT_FOUND', DEACTIVATE, 404, /nothing to deactivate/);
});

test('429: retryable, after Retry-After + 2 s; nothing changes', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.twoSeats.key]: L.twoSeats.id } });
  server.faults.throttleNext(1, 9);
  const before = Date.now();
  const f = refusedAs(await connector.fulfil(request(L.twoSeats.key)), 'TOO_MANY_REQUESTS', ACTIVATE, 429, /tries again by itself/);
  assert.ok(f.retryAt !== null && f.retryAt >= before + 11_000 && f.retryAt <= Date.now() + 11_000, String(f.retryAt));
  // The time is written in the locale's clock, with seconds.
  assert.ok(f.message.endsWith(`accepts requests again after ${formatTime(f.retryAt, currentLocale(), { seconds: true })}.`), f.message);
  assert.equal(server.state.activations().length, 0);
});

test('500 and 503: retryable, after 30 s or the Retry-After the server names; nothing changes', async (t) => {
  const { server, connector } = await setup(t, { licenseIds: { [L.twoSeats.key]: L.twoSeats.id } });
  for (const status of [500, 503]) {
    server.faults.failNext(1, status);
    const f = refusedAs(await connector.fulfil(request(L.twoSeats.key)), 'server_error', ACTIVATE, status, new RegExp(`HTTP ${status}.*tries again by itself`));
    assert.ok(f.retryAt !== null && f.retryAt - Date.now() > 25_000 && f.retryAt - Date.now() <= 30_000, `${status}: ${f.retryAt}`);
  }
  server.faults.failNext(1, 503, 7);
  const named = failed(await connector.fulfil(request(L.twoSeats.key)), 'server_error', true);
  assert.ok(named.retryAt !== null && named.retryAt - Date.now() > 5_000 && named.retryAt - Date.now() <= 7_000, String(named.retryAt));
  assert.equal(server.state.activations().length, 0);
});

test('suspended and expired licences are not activation errors: Cryptlex activates them and signs the state', async (t) => {
  const { server, connector } = await setup(t);
  for (const license of [L.suspended, L.expired]) {
    assert.deepEqual(await raw(server, 'offline-activate', activation(license, license.key)), { status: 200, code: null });
  }
  assert.deepEqual(server.state.activations().map((a) => a.licenseId).sort(), [L.suspended.id, L.expired.id].sort());
  // A 403 is a token problem, whatever its text says: no guessing "suspended" from words; the words are quoted.
  server.refuseNext(1, 403, { code: 'FORBIDDEN', message: 'The license is suspended.' });
  const f = refusedAs(await connector.fulfil(request(L.twoSeats.key)), 'INSUFFICIENT_PERMISSIONS', ACTIVATE, 403, /add the activation:write permission/);
  assert.match(f.message, /Cryptlex said: "The license is suspended\."\.$/);
});

test('a code the kiosk does not know: permanent, named, with Cryptlex\'s message quoted and masked', async (t) => {
  const { server, connector } = await setup(t);
  server.refuseNext(1, 400, { code: 'SOMETHING_NEW', message: `Key ${L.twoSeats.key} with token ${T.full} is not allowed today.` });
  const f = failed(await connector.fulfil(request(L.twoSeats.key)), 'SOMETHING_NEW', false);
  assert.match(f.message, /^Cryptlex refused to create offline activations \(HTTP 400, SOMETHING_NEW\), an answer the kiosk does not know\. Cryptlex said: "Key .* with token .* is not allowed today\."\. .*ask the vendor what it means/);
  // A code that is no plain code (or echoes a secret) is not shown as one.
  server.refuseNext(1, 422, { code: `X ${L.twoSeats.key}`, message: 'nope' });
  assert.match(failed(await connector.fulfil(request(L.twoSeats.key)), 'unexpected_status', false).message, /HTTP 422\)/);
  assert.equal(server.state.activations().length, 0);
});

test('every documented code has its row, and no row is a guess about suspended or expired licences', () => {
  const documented = ['ACTIVATION_LIMIT_REACHED', 'REVOKED_LICENSE', 'INVALID_LICENSE_KEY', 'VM_ACTIVATION_NOT_ALLOWED', 'COUNTRY_NOT_ALLOWED', 'IP_ADDRESS_NOT_ALLOWED', 'INVALID_LICENSE_TYPE', 'METER_ATTRIBUTE_USES_LIMIT_REACHED', 'INVALID_OFFLINE_REQUEST'];
  for (const code of documented) assert.deepEqual(CRYPTLEX_REFUSALS[code as CryptlexRefusalCode].status, [400], code);
  assert.deepEqual(CRYPTLEX_REFUSALS.DEACTIVATION_LIMIT_REACHED.status, [409]);
  assert.deepEqual(Object.keys(CRYPTLEX_REFUSALS).filter((c) => /SUSPEND|EXPIRED_LICENSE/.test(c)), []);
  assert.deepEqual(Object.entries(CRYPTLEX_REFUSALS).filter(([, r]) => r.retryable).map(([c]) => c).sort(), ['TOO_MANY_REQUESTS', 'server_error']);
});

// ---------------------------------------------------------------- through the kiosk core

async function coreWith(t: TestContext, server: Partial<CryptlexServerOptions> = {}) {
  const srv = await startCryptlexServer({ ...cryptlexSampleOptions(), ...server });
  t.after(() => srv.close());
  const folder = tempDir(t);
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => folder });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: srv.url, productPublicKeyPem: srv.productPublicKeyPem, secret: T.full });
  /** Captures a bare request file (no readable device; a file's name labels it) and gives it its key. */
  async function captureBare(name: string, text: string, key: string, source: 'file' | 'paste' | 'scanner' = 'file'): Promise<string> {
    const { results } = await kiosk.call('capture', { items: [{ ...item(name, text), source }] });
    const id = results[0]?.requestId;
    assert.ok(id, JSON.stringify(results));
    await kiosk.call('setLicenseKey', { id, licenseKey: key });
    return id;
  }
  return { server: srv, kiosk, folder, captureBare };
}

test('through the core: a documented refusal rejects the request with its sentence; a 503 leaves it waiting to retry', async (t) => {
  const { server, kiosk, captureBare } = await coreWith(t);
  const vm = await captureBare('vm.req', offline(L.noVm.key, FP, 'activation', { vmName: 'KVM' }), L.noVm.key);
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 1, fulfilled: 0, failed: 1 });
  const rejected = await kiosk.call('getRequest', { id: vm });
  assert.equal(rejected.state, 'rejected');
  assert.equal(rejected.lastErrorCode, 'VM_ACTIVATION_NOT_ALLOWED');
  assert.equal(rejected.lastError, CRYPTLEX_REFUSALS.VM_ACTIVATION_NOT_ALLOWED.sentence(ACTIVATE, 400));
  assert.equal(rejected.nextAttemptAt, null);

  const busy = await captureBare('busy.req', offline(L.twoSeats.key, FP2), L.twoSeats.key);
  server.faults.failNext(1, 503);
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 1, fulfilled: 0, failed: 1 });
  const waiting = await kiosk.call('getRequest', { id: busy });
  assert.equal(waiting.state, 'retry_wait');
  assert.equal(waiting.lastErrorCode, 'server_error');
  assert.match(waiting.lastError ?? '', /HTTP 503.*tries again by itself/);
  assert.ok(waiting.nextAttemptAt !== null && Date.parse(waiting.nextAttemptAt) > Date.now(), String(waiting.nextAttemptAt));
  assert.equal(server.state.activations().length, 0);
});

test('two unlabelled Cryptlex requests export under different names, each from its request id; labelled ones keep it too', async (t) => {
  const { kiosk, folder, captureBare } = await coreWith(t);
  // Pasted or scanned: no label. Files: labelled from their name, which two devices may share.
  const pasted = [await captureBare('', offline(L.twoSeats.key, FP), L.twoSeats.key, 'paste'), await captureBare('', offline(L.twoSeats.key, FP2), L.twoSeats.key, 'scanner')];
  const filed = [await captureBare('offline.req', offline(L.oneDeactivation.key, FP), L.oneDeactivation.key), await captureBare('offline.req', offline(L.oneDeactivation.key, FP2), L.oneDeactivation.key)];
  const ids = [...pasted, ...filed];
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 4, fulfilled: 4, failed: 0 });
  const { written, problems } = await kiosk.call('deliver', { ids, to: 'folder' });
  assert.deepEqual(problems, []);
  const names = ids.map((id) => written.find((w) => w.id === id)?.fileName);
  assert.deepEqual(names, [...pasted.map((id) => `${id.slice(0, 8)}-cryptlex-response.dat`), ...filed.map((id) => `offline-${id.slice(0, 8)}-cryptlex-response.dat`)]);
  assert.equal(new Set(names).size, 4);
  assert.deepEqual(fs.readdirSync(folder).sort(), [...names].sort());
});
