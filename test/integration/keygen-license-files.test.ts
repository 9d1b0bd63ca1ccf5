// Licence-file requests through the kiosk against the Keygen test server on 127.0.0.1: a kiosk request
// of kind "license-file" is synced, Keygen's licence file checked out with the connection's algorithm
// and encryption, verified, exported as <label>-license.lic and read by the separate device reader;
// no machine is activated. Tampered files and connections of vendors without licence files are refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle, type KeygenSigningAlgorithm } from '../servers/keygen/index.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { runDevice } from '../support/device-cli.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { item, kioskFile } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const L = KEYGEN_SAMPLES.licenses.floating3;

async function keygenServer(t: TestContext): Promise<KeygenServerHandle> {
  const srv = await startKeygenServer(keygenSampleOptions());
  t.after(() => srv.close());
  return srv;
}

function kiosk(t: TestContext): { kiosk: TestCore; exportDir: string } {
  const exportDir = tempDir(t);
  const k = openCore(tempDir(t), { chooseFolder: async () => exportDir });
  t.after(() => k.core.close());
  return { kiosk: k, exportDir };
}

/** Captures a device's licence-file request and syncs it; the request's detail afterwards. */
async function requestLicenseFile(k: TestCore, device = 'bay-3', key: string = L.key) {
  const captured = await k.call('capture', { items: [item(`${device}.json`, kioskFile(key, device, { kind: 'license-file' }))] });
  const id = captured.results[0]!.requestId!;
  assert.ok(id, JSON.stringify(captured.results[0]));
  await k.call('syncNow', {});
  return k.call('getRequest', { id });
}

const cases: Array<[KeygenSigningAlgorithm, boolean]> = [
  ['ed25519', true],
  ['rsa-pss-sha256', false],
  ['ecdsa-p256', true],
];
for (const [signing, encrypt] of cases) {
  test(`a licence file (${encrypt ? 'aes-256-gcm' : 'base64'}+${signing}) synced through the kiosk is read by the device, and no machine is activated`, async (t) => {
    const keygen = await keygenServer(t);
    const verifyKey = keygen.verifyKeyFor(signing);
    const { kiosk: k, exportDir } = kiosk(t);
    await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: verifyKey, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 86_400, encrypt });
    const machinesBefore = keygen.state.machines(L.key).length;
    const detail = await requestLicenseFile(k);
    assert.equal(detail.state, 'fulfilled', JSON.stringify(detail.history.at(-1)));
    assert.equal(detail.kind, 'license-file');
    const { written, problems } = await k.call('deliver', { ids: [detail.id], to: 'folder' });
    assert.deepEqual(problems, []);
    assert.equal(written[0]!.fileName, 'bay-3-license.lic');
    const file = fs.readFileSync(path.join(exportDir, written[0]!.fileName), 'utf8');
    assert.match(file, /^-----BEGIN LICENSE FILE-----\n/);

    const read = await readKeygenFile(file, { verifyKey, licenseKey: L.key });
    assert.equal(read.kind, 'license');
    assert.equal(read.alg, `${encrypt ? 'aes-256-gcm' : 'base64'}+${signing}`);
    assert.equal(read.document.data.id, L.id);
    assert.ok(read.document.meta.expiry, 'the licence file carries an expiry');
    // Encrypted for the key: another key cannot read it; and no seat was taken on the way.
    if (encrypt) await assert.rejects(readKeygenFile(file, { verifyKey, licenseKey: KEYGEN_SAMPLES.licenses.nodeLocked.key }), /decrypt/);
    assert.equal(keygen.state.machines(L.key).length, machinesBefore);
  });
}

test('a licence-file request for an unknown key is refused with a sentence, nothing exported', async (t) => {
  const keygen = await keygenServer(t);
  const { kiosk: k } = kiosk(t);
  await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 86_400 });
  const detail = await requestLicenseFile(k, 'bay-4', 'NOT-A-KEY-OF-THIS-ACCOUNT');
  assert.equal(detail.state, 'rejected');
  assert.match(detail.lastError!, /does not know this licence key/);
});

test('a tampered licence file is refused: nothing stored, nothing to export', async (t) => {
  const keygen = await keygenServer(t);
  const { kiosk: k } = kiosk(t);
  await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 86_400 });
  keygen.faults.tamperNext(1, 'signature');
  const detail = await requestLicenseFile(k);
  assert.equal(detail.state, 'rejected', JSON.stringify(detail.history.at(-1)));
  assert.equal(detail.lastErrorCode, 'signature_invalid');
  assert.match(detail.lastError!, /Signature invalid: the licence file is not signed by this Keygen account's key \(Ed25519\)/);
  assert.equal(detail.responseFileName, null);
});

test('a licence API connection refuses a licence-file request with a sentence naming who serves it, and sends nothing', async (t) => {
  const generic = await startLicenseServer({ licenses: [{ key: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', status: 'active', maxActivations: 10 }] });
  t.after(() => generic.close());
  const { kiosk: k } = kiosk(t);
  await k.call('saveConnection', { name: 'Licence API', baseUrl: generic.url, publicKeyPem: generic.publicKeyPem });
  const detail = await requestLicenseFile(k, 'bay-5', 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
  assert.equal(detail.state, 'rejected', JSON.stringify(detail.history.at(-1)));
  assert.equal(detail.lastErrorCode, 'kind_not_served');
  assert.match(detail.lastError!, /asks for a licence file for its key, which .* connections do not issue; nothing was sent: choose a Keygen or kiosk relay connection for it in the Queue\./);
  assert.equal(generic.state.activationCount(), 0, 'no seat taken');
});

test('the device simulator asks for a licence file, and reads the one the kiosk exports with its own reader', async (t) => {
  const keygen = await keygenServer(t);
  const verifyKey = keygen.verifyKeyFor('ecdsa-p256');
  const { kiosk: k, exportDir } = kiosk(t);
  await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: verifyKey, auth: 'license-key', checkoutTtlSeconds: 86_400 });
  const state = tempDir(t);
  const requestFile = path.join(state, 'request.json');
  await runDevice(['keygen', '--state', state]);
  await runDevice(['request', '--state', state, '--kind', 'license-file', '--key', L.key, '--fingerprint', 'bay-6-fp', '--hostname', 'bay-6', '--out', requestFile]);
  const captured = await k.call('capture', { items: [item('request.json', fs.readFileSync(requestFile, 'utf8'))] });
  const id = captured.results[0]!.requestId!;
  await k.call('syncNow', {});
  assert.equal((await k.call('getRequest', { id })).state, 'fulfilled');
  const { written } = await k.call('deliver', { ids: [id], to: 'folder' });
  const lic = path.join(exportDir, written[0]!.fileName);
  assert.equal(written[0]!.fileName, 'bay-6-license.lic');
  const keyFile = path.join(state, 'keygen-account.pem');
  fs.writeFileSync(keyFile, verifyKey);

  const { stdout } = await runDevice(['check', '--state', state, '--response', lic, '--keygen-key', keyFile]);
  assert.match(stdout, /note: Keygen license file \(aes-256-gcm\+ecdsa-p256\) for licenses 7a2c9b4f-/);
  assert.match(stdout, /^OK: bay-6-license\.lic/m);
  // The same file with one character of its body changed is refused by the device.
  const text = fs.readFileSync(lic, 'utf8');
  const at = text.indexOf('\n') + 30;
  fs.writeFileSync(lic, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
  await assert.rejects(runDevice(['check', '--state', state, '--response', lic, '--keygen-key', keyFile]), (error: { stderr?: string }) => /REFUSED:\n {2}- not a Keygen file this device accepts/.test(error.stderr ?? ''));
});

test("the engineer's licence-file request for a typed key: queued once a day, synced, exported under the key's tail", async (t) => {
  const keygen = await keygenServer(t);
  const { kiosk: k, exportDir } = kiosk(t);
  // Before any connection it is queued for the vendor that issues licence files.
  const first = await k.call('requestLicenseFile', { licenseKey: `  ${L.key}\n` });
  assert.equal(first.outcome, 'queued', first.message);
  assert.match(first.message, /^Queued: a Keygen licence file for FLOAT-•••-1F-V3; it is fetched at the next sync\.$/);
  assert.ok(!first.message.includes(L.key));
  const again = await k.call('requestLicenseFile', { licenseKey: L.key });
  assert.equal(again.outcome, 'duplicate');
  assert.equal(again.requestId, first.requestId);
  const waiting = await k.call('getRequest', { id: first.requestId! });
  assert.equal(waiting.state, 'queued');
  assert.equal(waiting.vendor, 'keygen', 'routed to the vendor that issues licence files');

  await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 86_400 });
  await k.call('syncNow', {});
  const done = await k.call('getRequest', { id: first.requestId! });
  assert.equal(done.state, 'fulfilled', JSON.stringify(done.history.at(-1)));
  assert.equal(done.kind, 'license-file');
  const { written } = await k.call('deliver', { ids: [done.id], to: 'folder' });
  assert.equal(written[0]!.fileName, 'key-1f-v3-license.lic');
  const read = await readKeygenFile(fs.readFileSync(path.join(exportDir, written[0]!.fileName), 'utf8'), { verifyKey: keygen.publicKeyHex, licenseKey: L.key });
  assert.equal(read.document.data.id, L.id);
  assert.equal(keygen.state.machines(L.key).length, 0, 'no machine activated');

  // A label names the file; bad input gets a sentence and queues nothing.
  const labelled = await k.call('requestLicenseFile', { licenseKey: KEYGEN_SAMPLES.licenses.nodeLocked.key, label: 'Line 4 relay' });
  await k.call('syncNow', {});
  assert.equal((await k.call('deliver', { ids: [labelled.requestId!], to: 'folder' })).written[0]!.fileName, 'line-4-relay-license.lic');
  const before = (await k.call('listRequests', {})).requests.length;
  assert.match((await k.fail('requestLicenseFile', { licenseKey: 'ABC DEF' })).message, /a licence key has no spaces, line breaks or control characters/);
  assert.match((await k.fail('requestLicenseFile', { licenseKey: '   ' })).message, /enter the licence key/);
  assert.equal((await k.call('listRequests', {})).requests.length, before);
});

test('a Cryptlex connection refuses a licence-file request with its sentence, and takes no seat', async (t) => {
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const { kiosk: k } = kiosk(t);
  await k.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full });
  const detail = await requestLicenseFile(k, 'bay-7', Object.values(CRYPTLEX_SAMPLES.licenses)[0]!.key);
  assert.equal(detail.state, 'rejected', JSON.stringify(detail.history.at(-1)));
  assert.equal(detail.lastErrorCode, 'kind_not_served');
  assert.match(detail.lastError!, /^This request asks for a licence file for its key, which Cryptlex connections do not issue; nothing was sent: choose a Keygen or kiosk relay connection for it in the Queue\.$/);
  assert.equal(cryptlex.state.activations().length, 0, 'no seat taken');
});
