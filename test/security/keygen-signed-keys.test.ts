// Attacks on Keygen signed licence keys: an altered key, or one signed by another account, is refused
// at capture (nothing queued) when a Keygen connection holds the verify key, and refused again before
// anything is sent when it was captured before that connection existed; a 16 KiB key a server echoes
// back is masked instead of breaking the masker.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { maskSecretsIn } from '../../electron/secrets/mask.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { openCore } from '../support/core.ts';
import { keygenDataset, signKeygenKey } from '../support/keygen-signed-keys.ts';
import { item, keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

async function server(t: TestContext): Promise<KeygenServerHandle> {
  const srv = await startKeygenServer(keygenSampleOptions());
  t.after(() => srv.close());
  return srv;
}

function dataset(keygen: KeygenServerHandle, licenseId: string, entitlements: number): string {
  return keygenDataset({ accountId: keygen.accountId, productId: randomUUID(), policyId: randomUUID(), licenseId, created: '2026-01-01T00:00:00.000Z', expiry: '2031-01-01T00:00:00.000Z', entitlements });
}

/** Raises the licence's expiry in the signed dataset: the kind of change a forger wants. */
function extendExpiry(key: string): string {
  const [head, signature] = key.split('.');
  const json = Buffer.from(head!.slice('key/'.length), 'base64url').toString('utf8').replace('2031-01-01', '2099-01-01');
  return `key/${Buffer.from(json).toString('base64url')}.${signature}`;
}

test('an altered signed key, or one signed by another account, is refused at capture and nothing is queued', async (t) => {
  const keygen = await server(t);
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  const id = randomUUID();
  const short = keygen.signLicenseKey('ED25519_SIGN', JSON.stringify({ license: { id, expiry: '2031-01-01T00:00:00.000Z' } })); // under the old 512-character limit
  const long = keygen.signLicenseKey('ED25519_SIGN', dataset(keygen, id, 30));
  const foreign = signKeygenKey('ED25519_SIGN', dataset(keygen, id, 30), { ed25519: generateKeyPairSync('ed25519').privateKey });
  assert.ok(short.length < 512 && long.length > 700);
  for (const [name, key] of [
    ['short-altered.txt', extendExpiry(short)],
    ['long-altered.txt', extendExpiry(long)],
    ['foreign.txt', foreign],
  ] as const) {
    const { results } = await kiosk.call('capture', { items: [item(name, keygenQrText(key, machineId(name)))] });
    assert.equal(results[0]!.outcome, 'error', `${name}: ${results[0]!.message}`);
    assert.equal(
      results[0]!.message,
      `The licence key in "${name}" is not signed by this Keygen account (its signature does not verify with the Ed25519 verify key); it may be altered or from another account. Ask the vendor for the key again. It was not queued.`,
    );
  }
  assert.equal((await kiosk.call('listRequests', {})).requests.length, 0);
});

test('an altered signed key captured before the connection existed is refused before anything is sent', async (t) => {
  const keygen = await server(t);
  const id = randomUUID();
  const key = keygen.signLicenseKey('ED25519_SIGN', dataset(keygen, id, 30));
  const altered = extendExpiry(key);
  // The server knows the altered key as a licence, so only the kiosk's check stands in the way.
  keygen.state.addLicense({ id, key: altered, maxMachines: 3 });
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const { results } = await kiosk.call('capture', { items: [item('press-9.txt', keygenQrText(altered, machineId('late')))] });
  assert.equal(results[0]!.outcome, 'queued', results[0]!.message);
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  const detail = await kiosk.call('getRequest', { id: results[0]!.requestId! });
  assert.equal(detail.signedKey?.status, 'invalid');
  await kiosk.call('syncNow', {});
  const after = await kiosk.call('getRequest', { id: results[0]!.requestId! });
  assert.equal(after.state, 'rejected');
  assert.equal(after.lastErrorCode, 'signed_key_invalid');
  assert.match(after.lastError ?? '', /not signed by this Keygen account .* Nothing was sent\.$/);
  assert.equal(keygen.state.activationAttempts(), 0);
  assert.equal(keygen.state.machines().length, 0);
});

test('a 16 KiB key echoed back by a server is masked, not a crash of the masker', () => {
  const key = signKeygenKey('ED25519_SIGN', 'x'.repeat(12_000), { ed25519: generateKeyPairSync('ed25519').privateKey });
  const echoed = `Keygen said: "key ${key} is not valid" (${encodeURIComponent(key)})`;
  const masked = maskSecretsIn(echoed, [key]);
  assert.ok(!masked.includes(key.slice(4, 40)));
  assert.ok(masked.length < 200, `${masked.length} characters`);
});
