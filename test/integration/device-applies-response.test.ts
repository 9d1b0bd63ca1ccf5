// The reference device kit applies what the foundation's flow produces: a signed kiosk request goes
// through capture, sync against the licence API server and export, and the device accepts the file;
// the same file is refused by another device.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkResponse, generateDeviceKeyPair, makeRequest } from '../../shared/device/kit.ts';
import { deviceRequest, openKitFlow, pendingOf } from '../support/kit-flow.ts';
import { item, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

test('a response exported by the kiosk is accepted by the requesting device, refused by another', async (t) => {
  const exportDir = tempDir(t);
  const { kiosk, vendor } = await openKitFlow(t, KEY, { core: { chooseFolder: async () => exportDir } });
  const made = await deviceRequest(KEY, 'kit-device', 'kit-nonce-0001', generateDeviceKeyPair().secretKey);
  const { results } = await kiosk.call('capture', { items: [item('kit-device.json', made.json)] });
  assert.equal(results[0]!.requestId, made.requestId);
  await kiosk.call('syncNow', {});
  const { written } = await kiosk.call('deliver', { ids: [made.requestId], to: 'folder' });
  const fileName = written[0]!.fileName;
  const bytes = new Uint8Array(fs.readFileSync(path.join(exportDir, fileName)));

  const accepted = await checkResponse(bytes, { pending: pendingOf(made), vendor, now: new Date(), fileName });
  assert.ok(accepted.ok, accepted.ok ? '' : accepted.reasons.join('; '));
  assert.deepEqual(accepted.bytes, bytes);

  const other = await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('other-device'), nonce: 'kit-nonce-0002', createdAt: made.envelope.request.createdAt });
  const refused = await checkResponse(bytes, { pending: pendingOf(other), vendor, now: new Date(), fileName });
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.reasons.some((r) => /device|fingerprint|machine/i.test(r)), !refused.ok ? refused.reasons.join('; ') : '');
});
