// A restart of the core with requests in every state: nothing is lost, and a request left in flight
// by a crash is reconciled with the server before anything is sent again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { REQUEST_STATES } from '../../shared/api/states.ts';
import { createGenericConnector } from '../../electron/connectors/generic/generic-connector.ts';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { RequestStore } from '../../electron/store/request-store.ts';
import { openCore } from '../support/core.ts';
import { item, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const SUSPENDED = 'SUSPD-11111-BBBBB-22222-CCCCC';

test('restart with requests in every state loses nothing and reconciles interrupted ones', async (t) => {
  const licenses = await startLicenseServer({
    licenses: [
      { key: KEY, status: 'active', maxActivations: 20 },
      { key: SUSPENDED, status: 'suspended', maxActivations: 5 },
    ],
  });
  t.after(() => licenses.close());
  const dataDir = tempDir(t);
  const exportDir = tempDir(t);
  let kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });

  const file = (name: string, text: string) => kiosk.call('capture', { items: [item(name, text)] }).then((r) => r.results[0]!.requestId!);
  const fulfilled = await file('fulfilled.json', seed004File(KEY, 'fulfilled'));
  const delivered = await file('delivered.json', seed004File(KEY, 'delivered'));
  const rejected = await file('rejected.json', seed004File(SUSPENDED, 'rejected'));
  await kiosk.call('syncNow', {});
  await kiosk.call('deliver', { ids: [delivered], to: 'folder' });
  // Exported is not delivered: the engineer says it reached the device.
  await kiosk.call('markManyDelivered', { ids: [delivered] });

  const waiting = await file('waiting.json', seed004File(KEY, 'waiting'));
  licenses.faults.failNext(1, 503);
  await kiosk.call('syncNow', {});
  const cancelled = await file('cancelled.json', seed004File(KEY, 'cancelled'));
  await kiosk.call('cancelRequest', { id: cancelled });
  const expired = await file('expired.json', kioskFile(KEY, 'expired', { expires_at: '2020-01-01T00:00:00Z' }));
  const queued = await file('queued.json', seed004File(KEY, 'queued'));
  const appliedInFlight = await file('applied.json', seed004File(KEY, 'applied-before-crash'));
  const unsentInFlight = await file('unsent.json', seed004File(KEY, 'unsent-before-crash'));
  await kiosk.core.close();

  // What a crash in the middle of sending leaves behind: two requests marked in flight, one of which
  // the server had already applied when the laptop died.
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  const store = new RequestStore(db, () => new Date());
  for (const id of [appliedInFlight, unsentInFlight]) {
    assert.ok(store.transition(id, ['queued'], { to: 'in_flight', actor: 'sync', event: 'sending', detail: 'Attempt 1', attempts: 1 }), 'marked in flight');
  }
  db.close();
  const connector = createGenericConnector({ baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const direct = await connector.fulfil({ id: appliedInFlight, kind: 'activate', licenseKey: KEY, deviceId: machineId('applied-before-crash'), deviceLabel: null, deviceDetails: {} });
  assert.ok(direct.ok, JSON.stringify(direct));

  kiosk = openCore(dataDir, { chooseFolder: async () => exportDir });
  t.after(() => kiosk.core.close());
  const expected: Record<string, string> = {
    [fulfilled]: 'fulfilled',
    [delivered]: 'delivered',
    [rejected]: 'rejected',
    [waiting]: 'retry_wait',
    [cancelled]: 'cancelled',
    [expired]: 'expired',
    [queued]: 'queued',
    [appliedInFlight]: 'in_flight',
    [unsentInFlight]: 'in_flight',
  };
  const after = await kiosk.call('listRequests', {});
  assert.deepEqual(Object.fromEntries(after.requests.map((r) => [r.id, r.state])), expected);
  assert.deepEqual(new Set(Object.values(expected)), new Set(REQUEST_STATES), 'every state is covered');
  const kept = await kiosk.call('getRequest', { id: delivered });
  assert.ok(kept.response?.deliveredAt, 'delivered response kept');

  const activationsBefore = licenses.state.activationCount(KEY);
  await kiosk.call('syncNow', {});
  const applied = await kiosk.call('getRequest', { id: appliedInFlight });
  assert.equal(applied.state, 'fulfilled');
  assert.ok(applied.history.some((h) => h.event === 'reconciled' && /already active/i.test(h.detail)), 'reconciled, not re-sent');
  assert.deepEqual(applied.history.map((h) => h.event), ['captured', 'sending', 'reconciled']);
  const unsent = await kiosk.call('getRequest', { id: unsentInFlight });
  assert.equal(unsent.state, 'fulfilled');
  assert.deepEqual(unsent.history.map((h) => h.event), ['captured', 'sending', 'reconciled', 'sending', 'fulfilled']);
  // Only the unsent and the queued ones took new seats; the applied one did not, and the waiting one
  // is not due before its backoff ends.
  assert.equal(licenses.state.activationCount(KEY), activationsBefore + 2);
  assert.equal((await kiosk.call('getRequest', { id: waiting })).state, 'retry_wait');
  assert.equal((await kiosk.call('getRequest', { id: expired })).state, 'expired');
  assert.equal((await kiosk.call('getRequest', { id: cancelled })).state, 'cancelled');
});
