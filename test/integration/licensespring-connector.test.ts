// The LicenseSpring connector against the LicenseSpring stand-in on 127.0.0.1: request file →
// connector → verified licence file → the device-side reader accepts it; every documented error code
// reaches the engineer as its sentence with the right retry class.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { readBody } from '../../electron/demo/server-kit.ts';
import { detect } from '../../shared/formats/request.ts';
import { makeLicenseSpringRequest } from '../servers/licensespring/request-file.ts';
import { LS, lsFailed, lsOk, lsRequest, lsSetup } from '../support/licensespring.ts';
import { runDeviceSync } from '../support/device-cli.ts';
import { readLsActivation } from '../support/licensespring-device-reader.ts';
import { tempDir } from '../support/temp.ts';

test('activation end to end: the request file goes as sent, the licence file verifies on the device', async (t) => {
  const { server, connector } = await lsSetup(t);
  const file = lsRequest();
  const outcome = lsOk(await connector.fulfil(file.request));
  assert.equal(outcome.artifact.fileName, 'press-line-1-hw-press-0001-ls_activation.lic');
  const lic = Buffer.from(outcome.artifact.bytes).toString('utf8');
  const verdict = readLsActivation(lic, server.publicKeyPem, { hardwareId: 'hw-press-0001', licenseKey: LS.licenses.perpetual.key, requestId: file.requestId });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  assert.match(outcome.note, /license_signature_v2\) verified/);
  assert.deepEqual(server.state.activations(LS.licenses.perpetual.id).map((a) => a.hardwareId), ['hw-press-0001']);
  // The same device again takes no second seat.
  lsOk(await connector.fulfil(lsRequest().request));
  assert.equal(server.state.activations(LS.licenses.perpetual.id).length, 1);
});

test('trial, consumption and user-based licences activate offline; the expiry comes from validity_period', async (t) => {
  const { server, connector } = await lsSetup(t);
  const trial = lsOk(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.trial.key }).request));
  assert.equal(trial.artifact.expiresAt, '2099-01-01T00:00:00.000Z');
  lsOk(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.consumption.key }).request));
  const user = lsRequest({ username: LS.licenses.user.username, hardwareId: 'hw-user-1' });
  const outcome = lsOk(await connector.fulfil(user.request));
  const verdict = readLsActivation(Buffer.from(outcome.artifact.bytes).toString(), server.publicKeyPem, { hardwareId: 'hw-user-1', username: LS.licenses.user.username, requestId: user.requestId });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
});

test('deactivation frees the seat; deactivating again is device_not_found', async (t) => {
  const { server, connector } = await lsSetup(t);
  lsOk(await connector.fulfil(lsRequest().request));
  const off = lsRequest({ kind: 'deactivation' });
  assert.equal(off.request.kind, 'deactivate');
  const outcome = lsOk(await connector.fulfil(off.request));
  assert.match(outcome.artifact.fileName, /ls-deactivation\.json$/);
  assert.equal(server.state.activations(LS.licenses.perpetual.id).length, 0);
  const again = lsFailed(await connector.fulfil(lsRequest({ kind: 'deactivation' }).request), 'device_not_found', false);
  assert.match(again.message, /already deactivated/);
});

test('a deactivation answered 200 while LicenseSpring still lists the device is not a release: the kiosk says it could not confirm it', async (t) => {
  const { server } = await lsSetup(t);
  // A proxy that answers the deactivation itself (released nothing) and passes every other call on.
  const proxy = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req, 1 << 20);
      if (req.method === 'POST' && req.url?.startsWith('/api/v4/deactivate_offline')) {
        res.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end('"license_deactivated"');
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      const answer = await fetch(`${server.url}${req.url}`, { method: req.method, headers, body: req.method === "GET" || !body ? undefined : body.toString("utf8") });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json', Date: answer.headers.get('date') ?? new Date().toUTCString() }).end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => proxy.close());
  const { connector } = await lsSetup(t, { settings: { baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` } });
  lsOk(await connector.fulfil(lsRequest().request));
  lsFailed(await connector.fulfil(lsRequest({ kind: 'deactivation' }).request), 'release_unconfirmed', false);
  assert.equal(server.state.activations(LS.licenses.perpetual.id).length, 1, 'the seat is in fact still taken');
});

test('licence refusals: max activations, disabled, inactive, not found, trial expired, subscription, blacklisted', async (t) => {
  const { connector } = await lsSetup(t);
  lsOk(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.oneSeat.key }).request));
  const max = lsFailed(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.oneSeat.key, hardwareId: 'hw-2' }).request), 'license_activated_max_times', false);
  assert.match(max.message, /deactivate another device/);
  assert.match(lsFailed(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.disabled.key }).request), 'license_not_enabled', false).message, /disabled/);
  assert.match(lsFailed(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.inactive.key }).request), 'license_not_active', false).message, /not active/);
  assert.match(lsFailed(await connector.fulfil(lsRequest({ licenseKey: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }).request), 'license_not_found', false).message, /no licence with this key/);
  assert.match(lsFailed(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.trialExpired.key }).request), 'trial_expired', false).message, /trial period/);
  const sub = lsFailed(await connector.fulfil(lsRequest({ licenseKey: LS.licenses.subscription.key }).request), 'validation_error', false);
  assert.match(sub.message, /trial, perpetual and consumption/);
  assert.match(lsFailed(await connector.fulfil(lsRequest({ hardwareId: LS.blacklistedHardwareId }).request), 'blacklisted', false).message, /blacklisted/);
});

test('product refusals: unknown, archived, disabled, not allowed for the API key', async (t) => {
  const { connector } = await lsSetup(t);
  lsFailed(await connector.fulfil(lsRequest({ product: 'nope' }).request), 'unknown_product', false);
  lsFailed(await connector.fulfil(lsRequest({ product: 'oldapp', licenseKey: 'AAAA-BBBB-CCCC-0010' }).request), 'archived_product', false);
  lsFailed(await connector.fulfil(lsRequest({ product: 'offapp', licenseKey: 'AAAA-BBBB-CCCC-0011' }).request), 'disabled_product', false);
  const other = await lsSetup(t, { apiKey: LS.apiKeys.otherProduct });
  assert.match(lsFailed(await other.connector.fulfil(lsRequest().request), 'api_key_product_not_allowed', false).message, /API key may not activate this product/);
});

test('API keys: unknown, revoked, read-only', async (t) => {
  assert.match(lsFailed(await (await lsSetup(t, { apiKey: 'ls-api-unknown-000000000000' })).connector.fulfil(lsRequest().request), 'invalid_api_key', false).message, /does not know the API key/);
  lsFailed(await (await lsSetup(t, { apiKey: LS.apiKeys.revoked })).connector.fulfil(lsRequest().request), 'revoked_api_key', false);
  assert.match(lsFailed(await (await lsSetup(t, { apiKey: LS.apiKeys.readOnly })).connector.fulfil(lsRequest().request), 'read_only_api_key', false).message, /read-only/);
});

test('signature_mismatch names the clock; a wrong shared key and a far-off clock both get it', async (t) => {
  const wrongKey = await lsSetup(t, { sharedKey: 'ls-shared-wrong-000000000000000000000' });
  const f = lsFailed(await wrongKey.connector.fulfil(lsRequest().request), 'signature_mismatch', false);
  assert.match(f.message, /shared key in Settings is wrong/);
  assert.match(f.message, /laptop's clock/);
  // A server that answers a skewed Date with signature_mismatch: the sentence says how far off.
  const skewed = await lsSetup(t);
  skewed.server.knobs.clockErrorCode = 'signature_mismatch';
  skewed.server.knobs.clockOffsetMs = 2 * 3600_000;
  assert.match(lsFailed(await skewed.connector.fulfil(lsRequest().request), 'signature_mismatch', false).message, /120 minutes ahead of this laptop's/);
  // A request file signed with another company's shared key: the server refuses its HMACs.
  const { connector } = await lsSetup(t);
  lsFailed(await connector.fulfil(lsRequest({ sharedKey: 'another-company-shared-key-0000000' }).request), 'signature_mismatch', false);
});

test('date_header_diff: the laptop clock is off; the sentence says by how much', async (t) => {
  const { server, connector } = await lsSetup(t);
  server.knobs.clockOffsetMs = -45 * 60_000;
  const f = lsFailed(await connector.fulfil(lsRequest().request), 'date_header_diff', false);
  assert.match(f.message, /45 minutes behind this laptop's/);
  assert.equal(server.state.activations().length, 0);
});

test('429 waits for Retry-After; internal_error and 5xx are retried; not_found points at the base URL', async (t) => {
  const { server, connector } = await lsSetup(t);
  server.faults.throttleNext(1, 7);
  const before = Date.now();
  const limited = lsFailed(await connector.fulfil(lsRequest().request), 'rate_limited', true);
  assert.ok(limited.retryAt! >= before + 6000 && limited.retryAt! <= Date.now() + 8000);
  server.faults.failNext(1, 500);
  assert.ok(lsFailed(await connector.fulfil(lsRequest().request), 'internal_error', true).retryAt! > Date.now());
  server.faults.failNext(1, 503);
  lsFailed(await connector.fulfil(lsRequest().request), 'http_503', true);
  lsOk(await connector.fulfil(lsRequest().request));
  const wrongPath = await lsSetup(t, { settings: { baseUrl: `${server.url}/v1` } });
  assert.match(lsFailed(await wrongPath.connector.fulfil(lsRequest().request), 'not_found', false).message, /base URL/);
});

/** A proxy between the connector and the server that changes the kiosk's call, to reach codes a correct kiosk never causes. */
async function mangling(t: TestContext, target: string, change: (call: { headers: Record<string, string>; body: string }) => void): Promise<string> {
  const proxy = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const body = (await readBody(req, 1 << 20))!.toString('utf8');
      const headers: Record<string, string> = {};
      for (const name of ['date', 'authorization', 'content-type', 'accept']) if (req.headers[name]) headers[name] = String(req.headers[name]);
      const call = { headers, body };
      change(call);
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: call.headers, body: req.method === 'POST' ? call.body : undefined });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', date: answer.headers.get('date') ?? '' });
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

test('authorization and request-file codes a well-behaved kiosk never causes still get their sentence', async (t) => {
  const { server } = await lsSetup(t);
  const cases: Array<[string, (call: { headers: Record<string, string>; body: string }) => void, RegExp]> = [
    ['missing_headers', (c) => delete c.headers.date, /header is missing/],
    ['hmac_required', (c) => (c.headers.authorization = c.headers.authorization!.replace('hmac-sha256', 'hmac-sha1')), /HMAC-signed/],
    ['authorization_invalid_headers', (c) => (c.headers.authorization = `${c.headers.authorization!},junk`), /malformed/],
    ['authorization_missing_params', (c) => (c.headers.authorization = c.headers.authorization!.replace(/,apikey="[^"]*"/i, '')), /incomplete/],
    ['missing_content', (c) => (c.body = ''), /empty/],
    ['invalid_json', (c) => (c.body = Buffer.from('{"request": ').toString('base64')), /damaged/],
    ['license_key_required', (c) => (c.body = makeLicenseSpringRequest({ kind: 'activation', product: LS.product, hardwareId: 'hw-press-0001', apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey })), /names no licence key/],
    ['missing_hardware_id', (c) => (c.body = makeLicenseSpringRequest({ kind: 'activation', product: LS.product, hardwareId: '', licenseKey: LS.licenses.perpetual.key, apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey })), /no hardware id/],
    ['missing_parameters', (c) => (c.body = makeLicenseSpringRequest({ kind: 'activation', product: '', hardwareId: 'hw-press-0001', licenseKey: LS.licenses.perpetual.key, apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey })), /lacks data/],
  ];
  for (const [code, change, sentence] of cases) {
    const viaProxy = await lsSetup(t, { settings: { baseUrl: await mangling(t, server.url, change) } });
    // The proxy forwards to the first server; the second one (unused) just supplies the connector.
    const f = lsFailed(await viaProxy.connector.fulfil(lsRequest().request), code, false);
    assert.match(f.message, sentence, code);
  }
  assert.equal(server.state.activations().length, 0);
});

test('the connector refuses a queued request whose columns no longer match its file, before sending', async (t) => {
  const { server, connector } = await lsSetup(t);
  const file = lsRequest();
  lsFailed(await connector.fulfil({ ...file.request, deviceId: 'hw-other' }), 'invalid_request', false);
  lsFailed(await connector.fulfil({ ...file.request, requestBody: file.request.requestBody!.slice(0, -8) }), 'invalid_request', false);
  assert.equal(server.state.requests().length, 0);
});

test('reconcile: not applied → send; applied → the same request again, no second seat; deactivation likewise', async (t) => {
  const { server, connector } = await lsSetup(t);
  const file = lsRequest({ licenseKey: LS.licenses.oneSeat.key });
  assert.deepEqual(await connector.reconcile(file.request), { ok: false, notApplied: true });
  lsOk(await connector.fulfil(file.request));
  const again = lsOk(await connector.reconcile(file.request));
  assert.match(again.note, /Already active/);
  assert.equal(server.state.activations(LS.licenses.oneSeat.id).length, 1);
  assert.ok(readLsActivation(Buffer.from(again.artifact.bytes).toString(), server.publicKeyPem, { hardwareId: 'hw-press-0001', licenseKey: LS.licenses.oneSeat.key, requestId: file.requestId }).ok);
  const off = lsRequest({ kind: 'deactivation', licenseKey: LS.licenses.oneSeat.key });
  assert.deepEqual(await connector.reconcile(off.request), { ok: false, notApplied: true });
  lsOk(await connector.fulfil(off.request));
  assert.match(lsOk(await connector.reconcile(off.request)).note, /took effect/);
});

test('Test connection: reachable, clock compared with the server Date, credentials checked without activating', async (t) => {
  const { server, connector } = await lsSetup(t);
  const checks = await connector.health();
  assert.deepEqual(checks.map((c) => [c.name, c.ok]), [['LicenseSpring reachable', true], ['Clock', true], ['API key and shared key', true], ['LicenseSpring public key', true]]);
  assert.equal(server.state.activations().length, 0);
  assert.ok(server.state.requests().every((r) => r.startsWith('GET /api/v4/product_details')));

  server.knobs.clockOffsetMs = 20 * 60_000;
  server.knobs.clockErrorCode = 'signature_mismatch';
  const skewed = await connector.health();
  assert.match(skewed.find((c) => c.name === 'Clock')!.message, /20 minutes ahead/);
  assert.match(skewed.find((c) => c.name === 'API key and shared key')!.message, /clock/);
  server.knobs.clockOffsetMs = 0;

  const wrong = await lsSetup(t, { sharedKey: 'ls-shared-wrong-000000000000000000000' });
  const bad = (await wrong.connector.health()).find((c) => c.name === 'API key and shared key')!;
  assert.equal(bad.ok, false);
  assert.match(bad.message, /shared key in Settings is wrong/);
  const unknown = (await (await lsSetup(t, { apiKey: 'ls-api-unknown-000000000000' })).connector.health()).find((c) => c.name === 'API key and shared key')!;
  assert.match(unknown.message, /does not know the API key/);
  const none = (await (await lsSetup(t, { noCredentials: true })).connector.health()).find((c) => c.name === 'API key and shared key')!;
  assert.match(none.message, /not in the secret store/);
  const noDate = await lsSetup(t);
  noDate.server.knobs.omitDateHeader = true;
  assert.equal((await noDate.connector.health()).find((c) => c.name === 'Clock')!.ok, false);
  const badKey = await lsSetup(t, { settings: { publicKeyPem: 'not a key' } });
  assert.match((await badKey.connector.health())[0]!.message, /public key is not an RSA public key/);
});

test('the device simulator’s request files (activation, then deactivation) go through the connector', async (t) => {
  const { server, connector } = await lsSetup(t);
  const dir = tempDir(t);
  const make = (kind: string) => {
    const out = path.join(dir, `${kind}.req`);
    runDeviceSync(['request', '--form', 'licensespring', '--kind', kind, '--key', LS.licenses.perpetual.key, '--fingerprint', 'hw-sim-1', '--hostname', 'sim-1', '--out', out]);
    const parsed = detect(fs.readFileSync(out, 'utf8'));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    const r = parsed.request;
    return { id: 'req-sim', kind: r.kind, licenseKey: r.licenseKey, deviceId: r.deviceId, deviceLabel: r.deviceLabel, deviceDetails: r.deviceDetails, requestBody: r.requestBody! };
  };
  const on = make('activate');
  const lic = Buffer.from(lsOk(await connector.fulfil(on)).artifact.bytes).toString();
  assert.ok(readLsActivation(lic, server.publicKeyPem, { hardwareId: 'hw-sim-1', licenseKey: LS.licenses.perpetual.key, requestId: on.deviceDetails.request_id! }).ok);
  lsOk(await connector.fulfil(make('deactivate')));
  assert.equal(server.state.activations().length, 0);
});
