// A wrong public key in Settings: the service answers (and takes the seat), the kiosk refuses the
// signature. Those requests carry their own reason naming the connection ("Check the public key"),
// are counted for the connection, and once the right key is saved they go again in one call without
// taking a second seat (the connector reconciles). Real licence API server on 127.0.0.1, real SQLite.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

test('requests refused for a signature that does not verify name the connection and are retried once the key is fixed', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const wrongPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const saved = await kiosk.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: wrongPem });
  const { results } = await kiosk.call('capture', { items: [item('a.json', seed004File(KEY, 'press-1')), item('b.json', seed004File(KEY, 'press-2'))] });
  const ids = results.map((r) => r.requestId!);
  await kiosk.call('syncNow', {});
  assert.equal(licenses.state.activationCount(KEY), 2, 'the server took both seats');

  const detail = await kiosk.call('getRequest', { id: ids[0]! });
  assert.equal(detail.state, 'rejected');
  assert.deepEqual(detail.keyProblem, { connectionId: saved.id, connectionName: 'Plant licence server' });
  assert.deepEqual(await kiosk.call('keyRefusals', { connectionId: saved.id, retry: false }), { count: 2, retried: 0 });

  // The right key is saved; the two go again and are fulfilled on the seats already taken.
  await kiosk.call('saveConnection', { id: saved.id, name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  assert.deepEqual(await kiosk.call('keyRefusals', { connectionId: saved.id, retry: true }), { count: 2, retried: 2 });
  await kiosk.call('syncNow', {});
  for (const id of ids) {
    const after = await kiosk.call('getRequest', { id });
    assert.equal(after.state, 'fulfilled');
    assert.equal(after.keyProblem, null);
    assert.match(after.history.find((h) => h.event === 'retry')?.detail ?? '', /public key of "Plant licence server" was saved/);
  }
  assert.equal(licenses.state.activationCount(KEY), 2, 'no second seat');
  assert.deepEqual(await kiosk.call('keyRefusals', { connectionId: saved.id, retry: true }), { count: 0, retried: 0 });

  // A request the service itself refused is not one of them.
  const { results: more } = await kiosk.call('capture', { items: [item('c.json', seed004File('NOPE0-11111-BBBBB-22222-CCCCC', 'press-3'))] });
  await kiosk.call('syncNow', {});
  assert.equal((await kiosk.call('getRequest', { id: more[0]!.requestId! })).keyProblem, null);
  assert.equal((await kiosk.call('keyRefusals', { connectionId: saved.id, retry: false })).count, 0);
});
