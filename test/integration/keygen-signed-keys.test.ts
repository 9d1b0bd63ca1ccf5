// Keygen signed licence keys end to end against the Keygen test server on 127.0.0.1: a key of 700+
// characters in the air-gapped example's QR text is verified at capture with the connection's verify
// key, its dataset shown in the request detail, synced (License-key auth carries the whole key), and
// the exported machine file read by the separate device reader. Without a connection the key waits
// unchecked, and the detail says so until a connection with the verify key exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle, type KeygenSigningAlgorithm } from '../servers/keygen/index.ts';
import { openCore } from '../support/core.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { keygenDataset, type KeygenKeyScheme } from '../support/keygen-signed-keys.ts';
import { item, keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const PRODUCT = '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4';
const EXPIRY = '2031-01-01T00:00:00.000Z';

async function server(t: TestContext): Promise<KeygenServerHandle> {
  const srv = await startKeygenServer(keygenSampleOptions());
  t.after(() => srv.close());
  return srv;
}

/** A licence on the server whose key is signed by the account as a policy with `scheme` makes it. */
function signedLicence(keygen: KeygenServerHandle, scheme: KeygenKeyScheme, entitlements = 20): { id: string; key: string } {
  const id = randomUUID();
  const key = keygen.signLicenseKey(scheme, keygenDataset({ accountId: keygen.accountId, productId: PRODUCT, policyId: randomUUID(), licenseId: id, created: new Date().toISOString(), expiry: EXPIRY, entitlements }));
  keygen.state.addLicense({ id, key, name: `Signed (${scheme})`, maxMachines: 3, expiry: EXPIRY });
  return { id, key };
}

const SCHEMES: Array<[KeygenKeyScheme, KeygenSigningAlgorithm]> = [
  ['ED25519_SIGN', 'ed25519'],
  ['RSA_2048_PKCS1_PSS_SIGN_V2', 'rsa-pss-sha256'],
  ['RSA_2048_PKCS1_SIGN_V2', 'rsa-sha256'],
];

for (const [scheme, signing] of SCHEMES) {
  test(`${scheme}: a 700+ character signed key in the Keygen QR is verified at capture, shown, synced and its machine file read by the device`, async (t) => {
    const keygen = await server(t);
    const licence = signedLicence(keygen, scheme);
    assert.ok(licence.key.length >= 700, `${licence.key.length} characters`);
    const verifyKey = keygen.verifyKeyFor(signing);
    const exportDir = tempDir(t);
    const kiosk = openCore(tempDir(t), { chooseFolder: async () => exportDir });
    t.after(() => kiosk.core.close());
    // A default Keygen connection: licence-key authentication, Keygen's one-month lifetime (the
    // example's device refuses a file without an expiry), response signatures checked with an Ed25519 key.
    await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: verifyKey });

    const fingerprint = machineId(`signed-${scheme}`);
    const captured = await kiosk.call('capture', { items: [item('press-7.txt', keygenQrText(licence.key, fingerprint))] });
    const result = captured.results[0]!;
    assert.equal(result.outcome, 'queued', result.message);
    assert.match(result.message, new RegExp(`Signed key verified \\(${scheme}\\) with `));
    const id = result.requestId!;

    const detail = await kiosk.call('getRequest', { id });
    assert.equal(detail.signedKey?.status, 'verified');
    assert.equal(detail.signedKey?.licence, licence.id);
    assert.equal(detail.signedKey?.product, PRODUCT);
    assert.equal(detail.signedKey?.expiry, EXPIRY);
    assert.match(detail.signedKey?.dataset ?? '', /"entitlements"/);
    assert.ok(detail.history.some((h) => h.event === 'key_verified'));
    assert.match(detail.licenseKeyMasked, /^key\/•••[A-Za-z0-9_-]{6}$/);

    await kiosk.call('syncNow', {});
    const fulfilled = await kiosk.call('getRequest', { id });
    assert.equal(fulfilled.state, 'fulfilled', JSON.stringify(fulfilled.history.at(-1)));
    // The key never shows whole in the history: it is masked in every sentence.
    for (const h of fulfilled.history) assert.ok(!h.detail.includes(licence.key.slice(4, 60)), `${h.event}: ${h.detail}`);

    const { written, problems } = await kiosk.call('deliver', { ids: [id], to: 'folder' });
    assert.deepEqual(problems, []);
    const file = fs.readFileSync(path.join(exportDir, written[0]!.fileName), 'utf8');
    const read = await readKeygenFile(file, { verifyKey, licenseKey: licence.key, fingerprint });
    assert.equal(read.document.data.attributes.fingerprint, fingerprint);
    assert.ok(read.document.meta.expiry, 'the machine file carries an expiry');
  });
}

test('without a Keygen connection a signed key is queued unchecked; the detail verifies it once the connection exists', async (t) => {
  const keygen = await server(t);
  const licence = signedLicence(keygen, 'ED25519_SIGN');
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const captured = await kiosk.call('capture', { items: [item('press-8.txt', keygenQrText(licence.key, machineId('unchecked')))] });
  const result = captured.results[0]!;
  assert.equal(result.outcome, 'queued');
  assert.match(result.message, /its signature is checked once a Keygen connection with the account's verify key exists \(and before it is sent\)/);
  const id = result.requestId!;
  const before = await kiosk.call('getRequest', { id });
  assert.equal(before.signedKey?.status, 'unchecked');
  assert.equal(before.signedKey?.licence, licence.id, 'the dataset is shown even before the check');

  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  const after = await kiosk.call('getRequest', { id });
  assert.equal(after.signedKey?.status, 'verified');
  assert.match(after.signedKey?.message ?? '', /Signed key verified \(ED25519_SIGN\) with the Ed25519 verify key/);
});

test('plain keys show no signed-key section; a Cryptlex key entry keeps Cryptlex\'s 256-character limit', async (t) => {
  const keygen = await server(t);
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  const plain = await kiosk.call('capture', { items: [item('plain.txt', keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId('plain')))] });
  assert.equal((await kiosk.call('getRequest', { id: plain.results[0]!.requestId! })).signedKey, null);

  const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"v":1}').toString('base64url')}.c2lnbmF0dXJl`;
  const bare = await kiosk.call('capture', { items: [item('cl.dat', token)] });
  const id = bare.results[0]!.requestId!;
  const refused = await kiosk.fail('setLicenseKey', { id, licenseKey: 'C'.repeat(300) });
  assert.equal(refused.code, 'invalid_input');
  assert.match(refused.message, /A Cryptlex licence key is at most 256 characters; check the key you entered\./);
  assert.equal((await kiosk.call('getRequest', { id })).needsLicenseKey, true);
  const tooLong = await kiosk.fail('setLicenseKey', { id, licenseKey: 'C'.repeat(16 * 1024 + 1) });
  assert.match(tooLong.message, /a licence key is at most 16 KiB/);
});
