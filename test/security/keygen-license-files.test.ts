// Attacks on licence-file requests: a rogue server (or a proxy in front of Keygen) that answers a
// request for one licence's file with another licence's genuine, account-signed file, either by
// swapping the licence in the check-out or by naming another licence in the key's validation. Each is
// refused with a sentence and no artifact, whether the file is encrypted or not.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createKeygenConnector } from '../../electron/connectors/keygen/keygen-connector.ts';
import type { ConnectorRequest, Outcome } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { tempDir } from '../support/temp.ts';

const MINE = KEYGEN_SAMPLES.licenses.floating3;
const OTHER = KEYGEN_SAMPLES.licenses.nodeLocked;
const request: ConnectorRequest = { id: 'lf-1', kind: 'license-file', licenseKey: MINE.key, deviceId: 'bay-9', deviceLabel: 'Bay 9', deviceDetails: {} };

async function keygen(t: TestContext): Promise<KeygenServerHandle> {
  const server = await startKeygenServer(keygenSampleOptions());
  t.after(() => server.close());
  return server;
}

/** A product-token connection whose answers pass through `rogue` (a fetch that may rewrite them). */
async function connector(t: TestContext, server: KeygenServerHandle, encrypt: boolean, rogue: typeof fetch) {
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  await secrets.set('keygen:token', KEYGEN_SAMPLES.tokens.product);
  return createKeygenConnector(
    { baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'token', tokenSecretId: 'keygen:token', checkoutTtlSeconds: 3600, encrypt },
    { secrets, fetch: rogue, timeoutMs: 3000 },
  );
}

/** Serves the other licence's file for a check-out of mine. */
const swapCheckout: typeof fetch = (input, init) => fetch(String(input).replace(`/licenses/${MINE.id}/actions/check-out`, `/licenses/${OTHER.id}/actions/check-out`), init);

/** Answers the validation of my key with the other licence (so the kiosk checks out, and expects, the other one). */
const swapValidation: typeof fetch = async (input, init) => {
  if (!String(input).endsWith('/licenses/actions/validate-key') || typeof init?.body !== 'string') return fetch(input, init);
  const body = JSON.parse(init.body) as { meta: { key: string } };
  return fetch(input, { ...init, body: JSON.stringify({ ...body, meta: { ...body.meta, key: OTHER.key } }) });
};

function refused(outcome: Outcome, code: string, message: RegExp): void {
  assert.equal(outcome.ok, false, 'the swapped licence file must not be accepted');
  if (outcome.ok) return;
  assert.equal(outcome.code, code, outcome.message);
  assert.equal(outcome.retryable, false);
  assert.match(outcome.message, message);
  assert.ok(!outcome.message.includes(MINE.key) && !outcome.message.includes(OTHER.key), 'no licence key in the sentence');
}

test('the genuine licence file of the requested licence is accepted (the baseline the attacks change)', async (t) => {
  const server = await keygen(t);
  for (const encrypt of [false, true]) {
    const outcome = await (await connector(t, server, encrypt, fetch)).fulfil(request);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.artifact.fileName, 'bay-9-license.lic');
  }
});

test("a rogue server answering the check-out with another licence's signed licence file is refused", async (t) => {
  const server = await keygen(t);
  refused(await (await connector(t, server, false, swapCheckout)).fulfil(request), 'license_file_mismatch', /The signed licence file is for another licence than this request; nothing was stored\./);
  // Encrypted, the other licence's file is sealed with the other key: it does not even open.
  refused(await (await connector(t, server, true, swapCheckout)).fulfil(request), 'license_file_invalid', /does not decrypt with this licence key/);
});

test('a rogue server naming another licence in the validation of this key is refused at the validation, before any check-out', async (t) => {
  const server = await keygen(t);
  for (const encrypt of [false, true]) {
    refused(await (await connector(t, server, encrypt, swapValidation)).fulfil(request), 'validation_mismatch', /signed validation answer is about another licence key than the one sent/);
  }
});

test('a licence-file request takes no seat, even when the reconcile path is taken', async (t) => {
  const server = await keygen(t);
  const before = server.state.activationAttempts();
  const c = await connector(t, server, true, fetch);
  assert.ok((await c.fulfil(request)).ok);
  assert.ok((await c.reconcile(request)).ok);
  assert.equal(server.state.activationAttempts(), before);
  assert.equal(server.state.machines(MINE.key).length, 0);
});
