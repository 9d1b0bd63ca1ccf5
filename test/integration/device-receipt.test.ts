// The device's receipt closes QR delivery: a signed device applies the shown response with the
// device kit, its receipt is captured like a scan and marks the request delivered with an audit
// entry; receipts from another key, for another request, for an unsigned request, or unreadable
// are refused with their sentence and change nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkResponse, generateDeviceKeyPair, makeReceipt, type MadeRequest } from '../../shared/device/kit.ts';
import { responseDigestOf } from '../../shared/formats/receipt.ts';
import { responseFromUr } from '../../shared/formats/response.ts';
import { runDeviceSync } from '../support/device-cli.ts';
import { deviceRequest, openKitFlow, pendingOf } from '../support/kit-flow.ts';
import { readQrTexts } from '../support/qr-decode.ts';
import { machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { t } from '../../shared/i18n/index.ts';

/** A device's time as main writes it: in the engineer's locale (the tests run in English). */
const clock = (iso: string) => t('core:receipt.deviceClock', { at: iso });

const KEY = 'RCPTS-11111-DDDDD-22222-EEEEE';
const scan = (text: string, name = 'Camera 10:00:00') => ({ name, size: text.length, text, source: 'camera' as const });

async function setUp(t: import('node:test').TestContext) {
  const { kiosk, vendor } = await openKitFlow(t, KEY, { maxActivations: 10 });
  async function fulfilled(name: string, secretKey?: Uint8Array): Promise<MadeRequest> {
    const made = await deviceRequest(KEY, name, `nonce-${name}-01`, secretKey);
    await kiosk.call('capture', { items: [scan(made.ur, `${name}.png`)] });
    await kiosk.call('syncNow', {});
    assert.equal((await kiosk.call('getRequest', { id: made.requestId })).state, 'fulfilled');
    return made;
  }
  /** What a device's receipt names: the response the kiosk shows for the request now (SPEC.md §8a). */
  async function shownDigest(made: MadeRequest): Promise<string> {
    const qr = await kiosk.call('getResponseQr', { id: made.requestId });
    return responseDigestOf(responseFromUr(qr.ur).artifact.bytes);
  }
  return { kiosk, vendor, fulfilled, shownDigest };
}

test('the device applies the QR response, its receipt marks the request delivered in one audited step', async (t) => {
  const { kiosk, vendor, fulfilled, shownDigest } = await setUp(t);
  const device = generateDeviceKeyPair();
  const made = await fulfilled('rcpt-device', device.secretKey);
  const qr = await kiosk.call('getResponseQr', { id: made.requestId });
  const checked = await checkResponse(qr.ur, { pending: pendingOf(made), vendor, now: new Date() });
  assert.ok(checked.ok, checked.ok ? '' : checked.reasons.join('; '));
  const appliedAt = new Date('2026-11-23T10:15:00Z');
  const { ur } = makeReceipt({ pending: pendingOf(made), outcome: 'applied', now: appliedAt, responseDigest: checked.responseDigest }, device.secretKey);

  const { results } = await kiosk.call('capture', { items: [scan(ur)] });
  assert.deepEqual(results, [{ name: 'Camera 10:00:00', outcome: 'confirmed', requestId: made.requestId, message: `Confirmed by rcpt-device: applied at ${clock('2026-11-23T10:15:00Z')}. Marked delivered.` }]);
  const detail = await kiosk.call('getRequest', { id: made.requestId });
  assert.equal(detail.state, 'delivered');
  assert.ok(detail.response?.deliveredAt);
  const confirmed = detail.history.filter((h) => h.event === 'device_confirmed');
  assert.deepEqual(confirmed.map((h) => h.detail), [`Applied on the device at ${clock('2026-11-23T10:15:00Z')}`]);
  assert.equal((await kiosk.call('listRequests', {})).requests.length, 1, 'a receipt queues nothing');

  // The same receipt again changes nothing; a receipt for a request marked delivered by hand confirms it.
  const again = await kiosk.call('capture', { items: [scan(ur.toLowerCase())] });
  assert.equal(again.results[0]!.outcome, 'confirmed');
  assert.match(again.results[0]!.message, /^Already confirmed by rcpt-device; nothing changed\.$/);
  assert.equal((await kiosk.call('getRequest', { id: made.requestId })).history.filter((h) => h.event === 'device_confirmed').length, 1);

  const byHand = await fulfilled('rcpt-by-hand', device.secretKey);
  await kiosk.call('markDelivered', { id: byHand.requestId, via: 'screen' });
  const late = await kiosk.call('capture', { items: [scan(makeReceipt({ pending: pendingOf(byHand), outcome: 'applied', now: appliedAt, responseDigest: await shownDigest(byHand) }, device.secretKey).ur)] });
  assert.match(late.results[0]!.message, /^Confirmed by rcpt-by-hand: applied at .* \(device clock\)\. Marked delivered\.$/);
  const handHistory = (await kiosk.call('getRequest', { id: byHand.requestId })).history.map((h) => h.event);
  assert.ok(handHistory.includes('delivered') && handHistory.includes('device_confirmed'), handHistory.join(', '));
});

test('a device-reported refusal is recorded and shown; the request stays ready to deliver and can be retried', async (t) => {
  const { kiosk, fulfilled, shownDigest } = await setUp(t);
  const device = generateDeviceKeyPair();
  const made = await fulfilled('rcpt-refuser', device.secretKey);
  const { ur } = makeReceipt({ pending: pendingOf(made), outcome: 'refused', reason: 'expired', now: new Date('2026-11-23T10:20:00Z'), responseDigest: await shownDigest(made) }, device.secretKey);
  const { results } = await kiosk.call('capture', { items: [scan(ur)] });
  assert.equal(results[0]!.outcome, 'device_refused');
  assert.equal(results[0]!.message, `Rcpt-refuser refused the response at ${clock('2026-11-23T10:20:00Z')}: the licence or the request had expired. Check the request, then retry it.`);
  const detail = await kiosk.call('getRequest', { id: made.requestId });
  assert.equal(detail.state, 'fulfilled');
  assert.deepEqual(detail.history.filter((h) => h.event === 'device_refused').map((h) => h.detail), [`Refused on the device at ${clock('2026-11-23T10:20:00Z')}: the licence or the request had expired`]);
  assert.equal(detail.deviceReceipt?.outcome, 'refused');
  assert.deepEqual(detail.actions, { retry: true, cancel: false, restore: false, returnSeat: true }, 'the engineer can fetch a fresh response (and return the seat)');
  assert.match((await kiosk.fail('markDelivered', { id: made.requestId, via: 'screen' })).message, /^The device refused this response: it is not delivered\./);
  assert.equal((await kiosk.call('retryRequest', { id: made.requestId })).state, 'queued');
});

test('receipts from another key, for another request, for an unsigned request, or unreadable are refused and change nothing', async (t) => {
  const { kiosk, fulfilled, shownDigest } = await setUp(t);
  const device = generateDeviceKeyPair();
  const made = await fulfilled('rcpt-target', device.secretKey);
  const unsigned = await fulfilled('rcpt-unsigned');
  const now = new Date();
  const stranger = generateDeviceKeyPair();
  const pending = pendingOf(made);
  const responseDigest = await shownDigest(made);
  const cases: [string, string, RegExp][] = [
    ['wrong key', makeReceipt({ pending, outcome: 'applied', now, responseDigest }, stranger.secretKey).ur, /^The receipt's signature does not verify with the key of rcpt-target: it comes from another device or was altered; nothing was changed\.$/],
    ['replayed nonce', makeReceipt({ pending: { ...pending, request: { ...pending.request, nonce: 'nonce-other-01' } }, outcome: 'applied', now, responseDigest }, device.secretKey).ur, /does not carry the nonce of the request from rcpt-target \(a replayed or foreign receipt\)/],
    ['unknown request', makeReceipt({ pending: { ...pending, requestId: 'c'.repeat(64) }, outcome: 'applied', now, responseDigest }, device.secretKey).ur, /^This receipt is for a request that is not in the queue \(cccccccccccc…\); nothing was changed\.$/],
    ['unsigned request', makeReceipt({ pending: pendingOf(unsigned), outcome: 'applied', now, responseDigest }, device.secretKey).ur, /^The request from rcpt-unsigned was not signed by its device, so a receipt cannot confirm it; mark it delivered by hand\.$/],
    ['malformed', 'ur:kiosk-receipt/aeadaolazmjendeoti', /^Not a readable device receipt: /],
  ];
  const before = await kiosk.call('listRequests', {});
  const { results } = await kiosk.call('capture', { items: cases.map(([name, text]) => scan(text, name)) });
  for (const [i, [name, , sentence]] of cases.entries()) {
    assert.equal(results[i]!.outcome, 'error', name);
    assert.match(results[i]!.message, sentence, name);
  }
  assert.deepEqual(await kiosk.call('listRequests', {}), before);
  for (const id of [made.requestId, unsigned.requestId]) {
    assert.equal((await kiosk.call('getRequest', { id })).history.some((h) => h.event.startsWith('device_')), false);
  }
});

test('the device simulator applies the QR response and prints its receipt (UR, QR PNG, Y4M), which the kiosk accepts', async (t) => {
  const { kiosk } = await setUp(t);
  const dir = tempDir(t);
  const device = (args: string[]) => runDeviceSync([...args, '--state', dir]);
  device(['keygen']);
  const requestUr = device(['request', '--key', KEY, '--fingerprint', machineId('rcpt-sim'), '--hostname', 'rcpt-sim']).trim().split('\n').at(-1)!;
  const { results } = await kiosk.call('capture', { items: [scan(requestUr, 'sim.png')] });
  const id = results[0]!.requestId!;
  await kiosk.call('syncNow', {});
  const qr = await kiosk.call('getResponseQr', { id });
  const png = path.join(dir, 'receipt.png');
  const y4m = path.join(dir, 'receipt.y4m');
  const out = device(['apply', '--ur', qr.ur, '--receipt-qr', png, '--receipt-y4m', y4m]);
  const receiptUr = /^receipt: (UR:KIOSK-RECEIPT\/[A-Z]+)$/m.exec(out)?.[1];
  assert.ok(receiptUr, out);
  assert.deepEqual(await readQrTexts(new Uint8Array(fs.readFileSync(png))), [receiptUr], 'the receipt QR PNG holds the receipt UR');
  assert.match(fs.readFileSync(y4m).subarray(0, 10).toString('latin1'), /^YUV4MPEG2 /);
  const confirmed = await kiosk.call('capture', { items: [scan(receiptUr)] });
  assert.equal(confirmed.results[0]!.outcome, 'confirmed', confirmed.results[0]!.message);
  assert.equal((await kiosk.call('getRequest', { id })).state, 'delivered');
});
