// QR delivery in the core: a fulfilled response comes out as a ur:kiosk-response the requesting
// device accepts (and another device refuses); marking it delivered is one audited transition, and
// both calls refuse a request that has no response yet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkResponse, generateDeviceKeyPair, makeRequest } from '../../shared/device/kit.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openCore } from '../support/core.ts';
import { deviceRequest, openKitFlow, pendingOf } from '../support/kit-flow.ts';
import { item, keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'QRQRQ-11111-DDDDD-22222-EEEEE';

test('a fulfilled response is shown as ur:kiosk-response, accepted by its device, and marked delivered once audited', async (t) => {
  const { kiosk, vendor } = await openKitFlow(t, KEY);
  const made = await deviceRequest(KEY, 'qr-device', 'qr-nonce-00001', generateDeviceKeyPair().secretKey);
  await kiosk.call('capture', { items: [item('qr-device.json', made.json)] });

  const early = await kiosk.fail('getResponseQr', { id: made.requestId });
  assert.equal(early.code, 'not_allowed');
  assert.match(early.message, /no response to show yet: this request is "Waiting to sync"/);
  const earlyMark = await kiosk.fail('markDelivered', { id: made.requestId, via: 'screen' });
  assert.match(earlyMark.message, /Only a response that is ready to deliver can be marked delivered; this request is "Waiting to sync"/);

  await kiosk.call('syncNow', {});
  const qr = await kiosk.call('getResponseQr', { id: made.requestId });
  assert.match(qr.ur, /^UR:KIOSK-RESPONSE\/[A-Z]+$/);
  assert.equal(qr.deviceLabel, 'qr-device');
  assert.equal(qr.state, 'fulfilled');
  assert.ok(qr.envelopeBytes > 300, `envelope of ${qr.envelopeBytes} bytes`);

  const accepted = await checkResponse(qr.ur, { pending: pendingOf(made), vendor, now: new Date() });
  assert.ok(accepted.ok, accepted.ok ? '' : accepted.reasons.join('; '));
  assert.equal(accepted.fileName, qr.fileName);

  const other = await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('other'), nonce: 'qr-nonce-00002', createdAt: made.envelope.request.createdAt });
  const refused = await checkResponse(qr.ur, { pending: pendingOf(other), vendor, now: new Date() });
  assert.equal(refused.ok, false);

  const summary = await kiosk.call('markDelivered', { id: made.requestId, via: 'screen' });
  assert.equal(summary.state, 'delivered');
  const detail = await kiosk.call('getRequest', { id: made.requestId });
  assert.ok(detail.response?.deliveredAt);
  const entries = detail.history.filter((h) => h.event === 'delivered');
  assert.equal(entries.length, 1);
  assert.match(entries[0]!.detail, /^Shown as QR on screen/);
  // A delivered response can be shown again (another device of the same request, a failed scan).
  assert.equal((await kiosk.call('getResponseQr', { id: made.requestId })).state, 'delivered');

  const unknown = await kiosk.fail('getResponseQr', { id: 'f'.repeat(64) });
  assert.equal(unknown.code, 'not_found');
  const badVia = await kiosk.fail('markDelivered', { id: made.requestId, via: 'usb' });
  assert.equal(badVia.code, 'invalid_input');
});

test('a Keygen machine file is shown as QR while it is valid, and refused once it expired', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  let clock = Date.now();
  const kiosk = openCore(tempDir(t), { now: () => new Date(clock) });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 3600 });
  const qrText = keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId('qr-keygen'));
  const { results } = await kiosk.call('capture', { items: [item('Scanner 10:00:00', qrText)] });
  const id = results[0]!.requestId!;
  await kiosk.call('syncNow', {});
  const shown = await kiosk.call('getResponseQr', { id });
  assert.match(shown.fileName, /\.lic$/);
  const detail = await kiosk.call('getRequest', { id });
  clock = Date.parse(detail.responseExpiresAt!) + 1000;
  const expired = await kiosk.fail('getResponseQr', { id });
  assert.equal(expired.code, 'not_allowed');
  assert.match(expired.message, /^The response expired at .*; the device would refuse it\. Retry the request for a fresh one\.$/);
});
