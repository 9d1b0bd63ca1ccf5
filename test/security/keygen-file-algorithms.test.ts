// Attacks on Keygen's signed-file algorithms: a machine file signed with another algorithm than the
// connection expects (a man in the middle rewriting the check-out's `algorithm`, so that genuine
// Keygen signs with the scheme he prefers), a file that names an algorithm of another key type, a
// file signed by another account's key of the right type. Each is refused with a sentence and no
// artifact; the genuine RSA-PSS and ECDSA files are accepted.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createKeygenConnector } from '../../electron/connectors/keygen/keygen-connector.ts';
import type { SigningAlgorithm } from '../../electron/connectors/keygen/signed-file.ts';
import type { ConnectorRequest } from '../../electron/connectors/types.ts';
import { keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';

const L = { id: '5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', key: 'SECALG-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' };
let counter = 0;
const request = (): ConnectorRequest => ({ id: `s${++counter}`, kind: 'activate', licenseKey: L.key, deviceId: `sec-device-${counter}`, deviceLabel: null, deviceDetails: {} });

async function keygen(t: TestContext): Promise<KeygenServerHandle> {
  const samples = keygenSampleOptions();
  const server = await startKeygenServer({ ...samples, licenses: [...samples.licenses, { ...L, name: 'Unlimited', maxMachines: null }] });
  t.after(() => server.close());
  return server;
}

/** The connector, with check-outs on the way rewritten to ask Keygen for `forced` instead. */
function connector(server: KeygenServerHandle, verifyKey: string, forced: string | null, baseUrl = server.url) {
  const rewriting: typeof fetch = async (input, init) => {
    if (forced && String(input).includes('/actions/check-out') && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { meta: Record<string, unknown> };
      body.meta.algorithm = forced;
      return fetch(input, { ...init, body: JSON.stringify(body) });
    }
    return fetch(input, init);
  };
  return createKeygenConnector({ baseUrl, publicKeyHex: verifyKey, auth: 'license-key', checkoutTtlSeconds: 3600 }, { fetch: rewriting, timeoutMs: 3000 });
}

for (const signing of ['rsa-pss-sha256', 'ecdsa-p256'] as const) {
  test(`a genuine ${signing} machine file is accepted with the account's PEM key`, async (t) => {
    const server = await keygen(t);
    const outcome = await connector(server, server.verifyKeyFor(signing), null).fulfil(request());
    assert.ok(outcome.ok, JSON.stringify(outcome));
  });
}

test('downgrade: an RSA-PSS connection refuses a file Keygen was made to sign with PKCS#1 v1.5 or Ed25519', async (t) => {
  const server = await keygen(t);
  const cases: Array<[string, RegExp]> = [
    ['aes-256-gcm+rsa-sha256', /signed with RSA-SHA256 \(PKCS#1 v1\.5\), but this connection expects RSA-PSS-SHA256; check the connection's signing algorithm; nothing was stored\./],
    ['aes-256-gcm+ed25519', /signed with Ed25519, but this connection holds an RSA public key \(2048 bits\), which cannot check that; enter the matching verify key in Settings; nothing was stored\./],
    ['aes-256-gcm+ecdsa-p256', /signed with ECDSA P-256, but this connection holds an RSA public key/],
  ];
  for (const [forced, sentence] of cases) {
    const outcome = await connector(server, server.verifyKeyFor('rsa-pss-sha256'), forced).fulfil(request());
    assert.ok(!outcome.ok, forced);
    assert.equal(outcome.code, 'machine_file_invalid');
    assert.match(outcome.message, sentence);
    assert.ok(!('artifact' in outcome));
  }
});

test('algorithm confusion: an Ed25519 or ECDSA connection refuses files signed with another scheme of the account', async (t) => {
  const server = await keygen(t);
  const cases: Array<[SigningAlgorithm, string]> = [
    ['ed25519', 'base64+rsa-pss-sha256'],
    ['ed25519', 'base64+ecdsa-p256'],
    ['ecdsa-p256', 'base64+ed25519'],
    ['ecdsa-p256', 'base64+rsa-sha256'],
  ];
  for (const [held, forced] of cases) {
    const outcome = await connector(server, server.verifyKeyFor(held), forced).fulfil(request());
    assert.ok(!outcome.ok, `${held} ← ${forced}`);
    assert.match(outcome.message, /cannot check that; enter the matching verify key in Settings/);
  }
});

test("another account's key of the same type: the file's signature is refused", async (t) => {
  const genuine = await keygen(t);
  const rogue = await keygen(t);
  for (const signing of ['rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'] as const) {
    const outcome = await connector(rogue, genuine.verifyKeyFor(signing), `aes-256-gcm+${signing}`).fulfil(request());
    assert.ok(!outcome.ok, signing);
    // The connection expects its key's default (RSA-PSS for RSA); rsa-sha256 is refused before the signature.
    assert.match(outcome.message, signing === 'rsa-sha256' ? /expects RSA-PSS-SHA256/ : /Signature invalid: the machine file is not signed by this Keygen account's key/);
  }
});
