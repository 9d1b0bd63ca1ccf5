// A LicenseSpring request file through the kiosk core: captured from a file, labelled, queued once,
// refused with a sentence when damaged, and held (never sent to another vendor's API) until a
// LicenseSpring connection exists.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { makeLicenseSpringRequest } from '../servers/licensespring/request-file.ts';
import { openCore } from '../support/core.ts';
import { LS } from '../support/licensespring.ts';
import { item } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

test('a request file is captured, labelled, queued once, and waits for a LicenseSpring connection', async (t) => {
  const api = await startLicenseServer({ licenses: [] });
  t.after(() => api.close());
  const dataDir = tempDir(t);
  const kiosk = openCore(dataDir, { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });

  const file = `${makeLicenseSpringRequest({ kind: 'activation', product: LS.product, hardwareId: 'hw-press-0001', licenseKey: LS.licenses.perpetual.key, apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey, hostname: 'press-line-1' })}\n`;
  const { results } = await kiosk.call('capture', { items: [item('activate_offline.req', file), item('copy.req', file), item('cut.req', file.slice(0, 200))] });
  assert.equal(results[0]!.outcome, 'queued');
  assert.equal(results[1]!.outcome, 'duplicate');
  assert.equal(results[2]!.outcome, 'error');
  assert.match(results[2]!.message ?? '', /LicenseSpring offline request: .*(truncated|well-formed)/);
  const id = results[0]!.requestId!;
  const queued = await kiosk.call('getRequest', { id });
  assert.equal(queued.deviceLabel, 'press-line-1');
  assert.equal(queued.kind, 'activate');

  assert.equal((await kiosk.call('syncNow', {})).attempted, 0, 'not sent to the licence API connection');
  const parked = await kiosk.call('getRequest', { id });
  assert.equal(parked.state, 'queued');
  assert.match(parked.lastError ?? '', /Needs a LicenseSpring connection/);
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(db.prepare('SELECT format, vendor_hint, device_id FROM requests WHERE id = ?').get(id), { format: 'licensespring-offline', vendor_hint: 'licensespring', device_id: 'hw-press-0001' });
});
