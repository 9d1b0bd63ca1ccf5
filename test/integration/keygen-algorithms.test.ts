// Keygen's signing algorithms end to end against the test server on 127.0.0.1: RSA-PSS and ECDSA
// connections sync a request through the kiosk, the exported machine file is read by the separate
// device reader; the server checks out machine and licence files with each `algorithm`, and the
// connector's checks and the device reader agree on every one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { createKeygenConnector } from '../../electron/connectors/keygen/keygen-connector.ts';
import { checkLicenseFile } from '../../electron/connectors/keygen/license-file.ts';
import { checkMachineFile } from '../../electron/connectors/keygen/machine-file.ts';
import type { SigningAlgorithm } from '../../electron/connectors/keygen/signed-file.ts';
import { KEYGEN_FILE_ALGORITHMS, KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { openCore } from '../support/core.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { item, keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const L = KEYGEN_SAMPLES.licenses.floating3;

async function server(t: TestContext): Promise<KeygenServerHandle> {
  const srv = await startKeygenServer(keygenSampleOptions());
  t.after(() => srv.close());
  return srv;
}

for (const signing of ['rsa-pss-sha256', 'ecdsa-p256'] as const) {
  test(`a ${signing} connection: a request synced through the kiosk, its exported machine file read by the device`, async (t) => {
    const keygen = await server(t);
    const verifyKey = keygen.verifyKeyFor(signing);
    const dataDir = tempDir(t);
    const exportDir = tempDir(t);
    const kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
    t.after(() => kiosk.core.close());
    // The PEM as pasted into Settings, with the line breaks and trailing newline it comes with.
    await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: `${verifyKey.trim()}\n`, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 86_400 });
    const fingerprint = machineId(`alg-${signing}`);
    const captured = await kiosk.call('capture', { items: [item('device.txt', keygenQrText(L.key, fingerprint))] });
    const id = captured.results[0]!.requestId!;
    await kiosk.call('syncNow', {});
    const fulfilled = await kiosk.call('getRequest', { id });
    assert.equal(fulfilled.state, 'fulfilled', JSON.stringify(fulfilled.history.at(-1)));
    const { written, problems } = await kiosk.call('deliver', { ids: [id], to: 'folder' });
    assert.deepEqual(problems, []);
    const file = fs.readFileSync(path.join(exportDir, written[0]!.fileName), 'utf8');

    const read = await readKeygenFile(file, { verifyKey, licenseKey: L.key, fingerprint });
    assert.equal(read.alg, `aes-256-gcm+${signing}`);
    assert.equal(read.document.data.attributes.fingerprint, fingerprint);
    assert.ok(read.document.meta.expiry, 'the machine file carries an expiry');
    // Another account's key of the same type is refused by the device.
    const stranger = await server(t);
    await assert.rejects(readKeygenFile(file, { verifyKey: stranger.verifyKeyFor(signing), licenseKey: L.key, fingerprint }), /signature/);
  });
}

test('the connector asks for the algorithm of its key and names it; RSA connections can expect PKCS#1 v1.5', async (t) => {
  const keygen = await server(t);
  const request = (fp: string) => ({ id: fp, kind: 'activate' as const, licenseKey: L.key, deviceId: fp, deviceLabel: null, deviceDetails: {} });
  const cases: Array<[SigningAlgorithm, SigningAlgorithm | undefined, boolean, RegExp]> = [
    ['rsa-pss-sha256', undefined, true, /Machine file verified \(RSA-PSS-SHA256, encrypted for this licence key and fingerprint\)/],
    ['rsa-sha256', 'rsa-sha256', false, /Machine file verified \(RSA-SHA256 \(PKCS#1 v1\.5\), not encrypted\)/],
    ['ecdsa-p256', undefined, false, /Machine file verified \(ECDSA P-256, not encrypted\)/],
  ];
  for (const [signing, expected, encrypt, note] of cases) {
    const fp = `conn-${signing}-${encrypt}`;
    const connector = createKeygenConnector({ baseUrl: keygen.url, publicKeyHex: keygen.verifyKeyFor(signing), signingAlgorithm: expected, auth: 'license-key', encrypt, checkoutTtlSeconds: 3600 });
    const outcome = await connector.fulfil(request(fp));
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.match(outcome.note, note);
    const read = await readKeygenFile(Buffer.from(outcome.artifact.bytes).toString('utf8'), { verifyKey: keygen.verifyKeyFor(signing), licenseKey: L.key, fingerprint: fp });
    assert.equal(read.alg, `${encrypt ? 'aes-256-gcm' : 'base64'}+${signing}`);
  }
  // Deactivation needs an answer signed with the Ed25519 key: an RSA-only connection sends nothing.
  const before = keygen.state.machines(L.key).length;
  const rsaOnly = createKeygenConnector({ baseUrl: keygen.url, publicKeyHex: keygen.verifyKeyFor('rsa-sha256'), auth: 'license-key' });
  const refused = await rsaOnly.fulfil({ ...request('conn-rsa-pss-sha256-true'), kind: 'deactivate' });
  assert.ok(!refused.ok);
  assert.match(refused.message, /confirmed only by Keygen's answer signed with the account's Ed25519 key, and this connection holds an RSA public key \(2048 bits\); nothing was sent/);
  assert.equal(keygen.state.machines(L.key).length, before);
  // A file signed with the other RSA scheme than the connection expects is refused, with a sentence.
  const res = await fetch(`${keygen.url}/machines/${encodeURIComponent('conn-rsa-sha256-false')}/actions/check-out`, {
    method: 'POST',
    headers: { Authorization: `License ${L.key}`, 'Content-Type': 'application/vnd.api+json', Accept: 'application/vnd.api+json' },
    body: JSON.stringify({ meta: { algorithm: 'base64+rsa-sha256', ttl: 3600, include: ['license'] } }),
  });
  const certificate = ((await res.json()) as { data: { attributes: { certificate: string } } }).data.attributes.certificate;
  const machine = keygen.state.machines(L.key).find((m) => m.fingerprint === 'conn-rsa-sha256-false')!;
  const check = await checkMachineFile(certificate, { publicKeyHex: keygen.verifyKeyFor('rsa-pss-sha256'), algorithm: 'rsa-pss-sha256', licenseKey: L.key, fingerprint: machine.fingerprint, licenseId: L.id, now: Date.now(), clockSkewMs: 60_000, ttlSeconds: 3600 });
  assert.ok(!check.ok);
  assert.match(check.message, /signed with RSA-SHA256 \(PKCS#1 v1\.5\), but this connection expects RSA-PSS-SHA256/);
});

test('licence files checked out with each of the eight algorithms: the connector and the device reader accept them', async (t) => {
  const keygen = await server(t);
  const auth = { Authorization: `License ${L.key}`, Accept: 'application/vnd.api+json', 'Content-Type': 'application/vnd.api+json' };
  for (const algorithm of KEYGEN_FILE_ALGORITHMS) {
    const signing = algorithm.split('+')[1] as SigningAlgorithm;
    const res = await fetch(`${keygen.url}/licenses/${L.id}/actions/check-out`, { method: 'POST', headers: auth, body: JSON.stringify({ meta: { algorithm, ttl: 7200, include: ['entitlements'] } }) });
    assert.equal(res.status, 200, algorithm);
    const doc = (await res.json()) as { data: { type: string; attributes: { certificate: string; algorithm: string; ttl: number } } };
    assert.equal(doc.data.type, 'license-files');
    assert.equal(doc.data.attributes.algorithm, algorithm);
    const certificate = doc.data.attributes.certificate;
    assert.match(certificate, /^-----BEGIN LICENSE FILE-----\n/);
    const check = checkLicenseFile(certificate, { verifyKey: keygen.verifyKeyFor(signing), algorithm: signing, licenseKey: L.key, licenseId: L.id, now: Date.now(), clockSkewMs: 60_000, ttlSeconds: 7200 });
    assert.ok(check.ok, `${algorithm}: ${JSON.stringify(check)}`);
    assert.equal(check.encrypted, algorithm.startsWith('aes-256-gcm'));
    const read = await readKeygenFile(certificate, { verifyKey: keygen.verifyKeyFor(signing), licenseKey: L.key });
    assert.equal(read.alg, algorithm);
    assert.equal(read.document.data.id, L.id);
  }
  // GET answers the file itself; a bad algorithm is Keygen's 400 CHECKOUT_ALGORITHM_INVALID.
  const raw = await fetch(`${keygen.url}/licenses/${L.id}/actions/check-out?algorithm=base64%2Becdsa-p256`, { headers: auth });
  assert.equal(raw.headers.get('content-type'), 'application/octet-stream');
  assert.match(raw.headers.get('content-disposition') ?? '', new RegExp(`filename="${L.id}\\.lic"`));
  assert.equal((await readKeygenFile(await raw.text(), { verifyKey: keygen.verifyKeyFor('ecdsa-p256'), licenseKey: L.key })).alg, 'base64+ecdsa-p256');
  const bad = await fetch(`${keygen.url}/licenses/${L.id}/actions/check-out`, { method: 'POST', headers: auth, body: JSON.stringify({ meta: { algorithm: 'aes-128-gcm+ed25519' } }) });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { errors: Array<{ code: string }> }).errors[0]?.code, 'CHECKOUT_ALGORITHM_INVALID');
  // Another licence's key cannot check out this licence's file.
  const other = await fetch(`${keygen.url}/licenses/${L.id}/actions/check-out`, { method: 'POST', headers: { ...auth, Authorization: `License ${KEYGEN_SAMPLES.licenses.nodeLocked.key}` }, body: '{}' });
  assert.equal(other.status, 404);
});
