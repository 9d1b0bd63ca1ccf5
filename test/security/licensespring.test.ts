// Attacks on the LicenseSpring path: a server (rogue, or a man in the middle) answering with a licence
// document for another device, licence or request, a tampered or missing signature, duplicate or
// reordered members; and a request file that must not reach any other vendor's API. In every case the
// kiosk exports nothing and says why.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { routeRequest } from '../../electron/core/routing.ts';
import type { ConnectionRecord } from '../../electron/store/connection-store.ts';
import { PyObject, type PyValue } from '../servers/licensespring/request-file.ts';
import { signLicenseDocument } from '../servers/licensespring/index.ts';
import { LS, lsFailed, lsOk, lsRequest, lsSetup, type RequestFile } from '../support/licensespring.ts';
import { readLsActivation } from '../support/licensespring-device-reader.ts';

/** A server that answers every call with `text` (a rogue LicenseSpring, or one behind a man in the middle). */
async function rogue(t: TestContext, text: () => string): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = text();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The members a genuine document for this request has, for a rogue holding the signing key to sign. */
function genuineEntries(hardwareId: string, licenseKey: string, requestId: string): Array<[string, PyValue]> {
  return [
    ['id', 1],
    ['license_key', licenseKey],
    ['hardware_id', hardwareId],
    ['request_id', requestId],
    ['license_type', 'perpetual'],
    ['license_active', true],
    ['license_enabled', true],
    ['validity_period', null],
    ['metadata', new PyObject([['site', 'Hall 3'], ['10', 'line ten']])],
  ];
}

/** A connector that trusts `trusted`'s public key but reaches a rogue answering `text`. */
async function withRogue(t: TestContext, trusted: { publicKeyPem: string }, text: (file: RequestFile) => string) {
  const file = lsRequest();
  const url = await rogue(t, () => text(file));
  const viaRogue = await lsSetup(t, { settings: { baseUrl: url, publicKeyPem: trusted.publicKeyPem } });
  return { file, connector: viaRogue.connector };
}

test('a correctly signed document for another hardware id, licence key or request is refused', async (t) => {
  const { server, connector } = await lsSetup(t);
  server.knobs.rewriteNext((entries) => entries.map(([k, v]) => [k, k === 'hardware_id' ? 'hw-some-other-device' : v]));
  assert.match(lsFailed(await connector.fulfil(lsRequest().request), 'response_mismatch', false).message, /another device/);
  server.knobs.rewriteNext((entries) => entries.map(([k, v]) => [k, k === 'license_key' ? LS.licenses.oneSeat.key : v]));
  assert.match(lsFailed(await connector.fulfil(lsRequest().request), 'response_mismatch', false).message, /another licence/);
  server.knobs.rewriteNext((entries) => entries.map(([k, v]) => [k, k === 'request_id' ? 'an-earlier-request' : v]));
  assert.match(lsFailed(await connector.fulfil(lsRequest().request), 'response_mismatch', false).message, /another request/);
  server.knobs.rewriteNext((entries) => entries.filter(([k]) => k !== 'hardware_id'));
  lsFailed(await connector.fulfil(lsRequest().request), 'response_mismatch', false);
  server.knobs.rewriteNext((entries) => entries.map(([k, v]) => [k, k === 'license_enabled' ? false : v]));
  lsFailed(await connector.fulfil(lsRequest().request), 'license_not_enabled', false);
});

test('a tampered signature or tampered data does not verify', async (t) => {
  const { server, connector } = await lsSetup(t);
  server.faults.tamperNext(1, 'signature');
  lsFailed(await connector.fulfil(lsRequest().request), 'signature_invalid', false);
  server.faults.tamperNext(1, 'data');
  lsFailed(await connector.fulfil(lsRequest().request), 'signature_invalid', false);
});

test('a document signed with another key (a rogue server of its own) is refused', async (t) => {
  const rogueKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const { file, connector } = await withRogue(t, await lsSetup(t).then((x) => x.server), (f) => signLicenseDocument(genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), rogueKey, 'x'));
  assert.match(lsFailed(await connector.fulfil(file.request), 'signature_invalid', false).message, /does not verify with the connection's LicenseSpring public key/);
});

test('missing signatures: no license_signature_v2, or no license_signature (the SDK needs both)', async (t) => {
  const { server } = await lsSetup(t);
  const signed = (f: RequestFile) => signLicenseDocument(genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), createPrivateKey(server.privateKeyPem), 'x');
  const noV2 = await withRogue(t, server, (f) => signed(f).replace(/, "license_signature_v2": "[^"]*"/, ''));
  assert.match(lsFailed(await noV2.connector.fulfil(noV2.file.request), 'signature_missing', false).message, /no license_signature_v2/);
  const noLegacy = await withRogue(t, server, (f) => signed(f).replace(/, "license_signature": "[^"]*"/, ''));
  lsFailed(await noLegacy.connector.fulfil(noLegacy.file.request), 'signature_missing', false);
});

test('duplicate members are refused even when the signature covers them', async (t) => {
  const { server } = await lsSetup(t);
  const key = createPrivateKey(server.privateKeyPem);
  // The genuine document with a second hardware_id appended: JSON.parse would read the second one.
  const appended = await withRogue(t, server, (f) => signLicenseDocument(genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), key, 'x').replace(/}$/, ', "hardware_id": "hw-some-other-device"}'));
  assert.match(lsFailed(await appended.connector.fulfil(appended.file.request), 'bad_response', false).message, /"hardware_id" appears twice/);
  // Signed over both copies by a rogue that holds the key: still refused (the device could read either).
  const both = await withRogue(t, server, (f) => signLicenseDocument([...genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), ['hardware_id', 'hw-some-other-device']], key, 'x'));
  assert.match(lsFailed(await both.connector.fulfil(both.file.request), 'bad_response', false).message, /appears twice/);
});

test('member order: the genuine order (integer-like names included) verifies; the same members reordered do not', async (t) => {
  const { server } = await lsSetup(t);
  const key = createPrivateKey(server.privateKeyPem);
  // "10" after "site" and "2": a plain JavaScript object would move them to the front and break the signature.
  const entries = (f: RequestFile): Array<[string, PyValue]> => [...genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), ['extra', new PyObject([['z', 1], ['7', 2], ['a', 3]])]];
  const inOrder = await withRogue(t, server, (f) => signLicenseDocument(entries(f), key, 'x'));
  const outcome = lsOk(await inOrder.connector.fulfil(inOrder.file.request));
  const verdict = readLsActivation(Buffer.from(outcome.artifact.bytes).toString(), server.publicKeyPem, { hardwareId: inOrder.file.request.deviceId, licenseKey: inOrder.file.request.licenseKey, requestId: inOrder.file.requestId });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  // The same signed members, sent in another order: the signature (over the order sent) fails, as it would on the device.
  const reorder = (text: string) => text.replace('{"id": 1, "license_key": ', '{"license_key": ').replace(/, "hardware_id": /, ', "id": 1, "hardware_id": ');
  const reordered = await withRogue(t, server, (f) => {
    const text = signLicenseDocument(entries(f), key, 'x');
    assert.notEqual(reorder(text), text);
    return reorder(text);
  });
  lsFailed(await reordered.connector.fulfil(reordered.file.request), 'signature_invalid', false);
});

test('a non-canonical base64 signature and a non-object answer are refused', async (t) => {
  const { server } = await lsSetup(t);
  const key = createPrivateKey(server.privateKeyPem);
  const spaced = await withRogue(t, server, (f) => signLicenseDocument(genuineEntries(f.request.deviceId, f.request.licenseKey, f.requestId), key, 'x').replace(/("license_signature_v2": ")(.{8})/, '$1$2\\n'));
  lsFailed(await spaced.connector.fulfil(spaced.file.request), 'signature_invalid', false);
  const list = await withRogue(t, server, () => '[]');
  lsFailed(await list.connector.fulfil(list.file.request), 'bad_response', false);
});

test('the device-side reader refuses what the kiosk refuses: another device, a tampered file', async (t) => {
  const { server, connector } = await lsSetup(t);
  const file = lsRequest();
  const lic = Buffer.from(lsOk(await connector.fulfil(file.request)).artifact.bytes).toString();
  assert.equal(readLsActivation(lic, server.publicKeyPem, { hardwareId: 'hw-other', licenseKey: file.request.licenseKey, requestId: file.requestId }).ok, false);
  const tampered = Buffer.from(Buffer.from(lic, 'base64').toString('utf8').replace('"max_activations": 2', '"max_activations": 99')).toString('base64');
  assert.deepEqual(readLsActivation(tampered, server.publicKeyPem, { hardwareId: 'hw-press-0001', licenseKey: file.request.licenseKey, requestId: file.requestId }), { ok: false, reason: 'signature verification failed' });
});

test('a LicenseSpring request file goes to no other vendor’s connection, not even the default', () => {
  const generic = { id: 'c1', name: 'Licence API', isDemo: false, isDefault: true, vendor: 'generic', settings: null } as ConnectionRecord;
  const routed = routeRequest({ format: 'licensespring-offline', vendor_hint: 'licensespring', device_details: '{}', chosen_connection_id: 'c1' }, [generic]);
  assert.deepEqual(routed, { missing: 'Needs a LicenseSpring connection: add one in Settings; the request waits until then.' });
});

test('the test server refuses a request file whose fields were edited after signing (outer HMAC)', async (t) => {
  const { server, connector } = await lsSetup(t);
  const file = lsRequest();
  const edited = Buffer.from(Buffer.from(file.text, 'base64').toString('utf8').replace('"hw-press-0001"', '"hw-press-0002"')).toString('base64');
  const request = { ...file.request, deviceId: 'hw-press-0002', requestBody: edited };
  lsFailed(await connector.fulfil(request), 'signature_mismatch', false);
  assert.equal(server.state.activations().length, 0);
});

test('an undocumented error code echoing the API key or licence key never becomes the stored code, and is masked in the sentence', async (t) => {
  const file = lsRequest();
  const echo = `${LS.apiKeys.full}_${file.request.licenseKey}`;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 400, code: echo, message: `bad key ${LS.sharedKey}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { connector } = await lsSetup(t, { settings: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
  const f = lsFailed(await connector.fulfil(file.request), 'http_400', false);
  assert.ok(!f.message.includes(file.request.licenseKey), f.message);
});
