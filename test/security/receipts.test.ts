// Device receipts bound to one response (SPEC.md §8a), attacked with genuine receipts the device made
// (an attacker cannot forge one, but can photograph and replay any): an old refusal replayed after
// the device confirmed a newer response, a receipt for the response fetched before Retry, a receipt
// whose response digest was rewritten, and old-version receipts (no digest) replayed where they are
// ambiguous. The real core on a SQLite file, the licence API test server, the reference device kit.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { checkResponse, generateDeviceKeyPair, makeReceipt, type MadeRequest } from '../../shared/device/kit.ts';
import { decodeDeterministic, encodeDeterministic } from '../../shared/formats/cbor.ts';
import { receiptToUr, signReceipt, type ReceiptReason } from '../../shared/formats/receipt.ts';
import { encodeSinglePartUr } from '../../shared/qr/ur.ts';
import { cborOfUr } from '../../shared/formats/ur-payload.ts';
import { deviceRequest, openKitFlow, pendingOf, type KitFlow } from '../support/kit-flow.ts';
import { machineId } from '../support/requests.ts';
import { t } from '../../shared/i18n/index.ts';

/** A device's time as main writes it: in the engineer's locale (the tests run in English). */
const clock = (iso: string) => t('core:receipt.deviceClock', { at: iso });

const KEY = 'SECRC-12345-FGHIJ-67890-KLMNO';
const scan = (text: string, name = 'Scanner 10:00:00') => ({ name, size: text.length, text, source: 'scanner' as const });
const at = (iso: string) => new Date(iso);

interface Device {
  flow: KitFlow;
  made: MadeRequest;
  secretKey: Uint8Array;
}

/** A signed device whose request the kiosk captured and fulfilled. */
async function fulfilledDevice(t: TestContext, name: string): Promise<Device> {
  const flow = await openKitFlow(t, KEY, { maxActivations: 10 });
  const { secretKey } = generateDeviceKeyPair();
  const made = await deviceRequest(KEY, name, `nonce-${name}-01`, secretKey);
  await flow.kiosk.call('capture', { items: [scan(made.ur, `${name}.png`)] });
  await flow.kiosk.call('syncNow', {});
  assert.equal((await flow.kiosk.call('getRequest', { id: made.requestId })).state, 'fulfilled');
  return { flow, made, secretKey };
}

/** The device reads the response the kiosk shows now; returns what its receipt would name. */
async function deviceReads({ flow, made }: Device): Promise<string> {
  const qr = await flow.kiosk.call('getResponseQr', { id: made.requestId });
  const checked = await checkResponse(qr.ur, { pending: pendingOf(made), vendor: flow.vendor, now: new Date() });
  assert.ok(checked.ok, checked.ok ? '' : checked.reasons.join('; '));
  return checked.responseDigest;
}

function receipt({ made, secretKey }: Device, responseDigest: string, when: Date, reason?: ReceiptReason): string {
  return makeReceipt({ pending: pendingOf(made), outcome: reason ? 'refused' : 'applied', ...(reason ? { reason } : {}), now: when, responseDigest }, secretKey).ur;
}

/** An old-version (1) receipt, as devices made before receipts named their response. */
function oldReceipt({ made, secretKey }: Device, when: Date, reason?: ReceiptReason): string {
  const signed = signReceipt(
    { requestId: made.requestId, nonce: pendingOf(made).request.nonce, appliedAt: Math.floor(when.getTime() / 1000), outcome: reason ? 'refused' : 'applied', ...(reason ? { reason } : {}) },
    secretKey,
  );
  return receiptToUr(signed);
}

async function capture(device: Device, text: string) {
  const { results } = await device.flow.kiosk.call('capture', { items: [scan(text)] });
  return results[0]!;
}

async function record(device: Device) {
  const detail = await device.flow.kiosk.call('getRequest', { id: device.made.requestId });
  return { state: detail.state, receipt: detail.deviceReceipt?.outcome ?? null, history: detail.history.map((h) => h.event), actions: detail.actions };
}

/** Retry (allowed after the device's refusal), and let sync fetch the new response. */
async function retryAndFetch(device: Device) {
  await device.flow.kiosk.call('retryRequest', { id: device.made.requestId });
  await device.flow.kiosk.call('syncNow', {});
  assert.equal((await device.flow.kiosk.call('getRequest', { id: device.made.requestId })).state, 'fulfilled');
}

/** Another machine takes a seat, so the licence server's next signed record for this one differs (its activation count). */
async function anotherMachineActivates(device: Device, name: string) {
  const answer = await fetch(`${device.flow.licenses.url}/license/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ license_key: KEY, machine_id: machineId(name) }),
  });
  assert.equal(answer.status, 200);
}

test('an old "refused" receipt replayed after the device confirmed the newer response changes nothing', async (t) => {
  const device = await fulfilledDevice(t, 'replay-press');
  // The device refuses the first response (its clock was behind) and the kiosk records it.
  const first = await deviceReads(device);
  const refusedEarly = receipt(device, first, at('2026-11-20T08:00:00Z'), 'clock');
  assert.equal((await capture(device, refusedEarly)).outcome, 'device_refused');
  // A second refusal photographed by someone, never shown to the kiosk.
  const refusedUnseen = receipt(device, first, at('2026-11-20T08:05:00Z'), 'clock');

  // Retry fetches a new response; the device (clock fixed) applies it and confirms.
  await retryAndFetch(device);
  const second = await deviceReads(device);
  const confirmed = await capture(device, receipt(device, second, at('2026-11-20T09:00:00Z')));
  assert.equal(confirmed.outcome, 'confirmed', confirmed.message);
  const before = await record(device);
  assert.deepEqual([before.state, before.receipt], ['delivered', 'applied']);

  // The licence server signed the same record again, so both responses have the same bytes (and digest):
  // the kiosk still knows the recorded refusal belongs to the first, and orders the unseen one by its time.
  const replays: [string, string][] = [
    [refusedEarly, 'This receipt was already recorded for an earlier response of this request; the kiosk now holds the one Retry fetched, so it changes nothing.'],
    [refusedUnseen, `This receipt (refused at ${clock('2026-11-20T08:05:00Z')}) is older than the receipt from replay-press already recorded for this response (applied at ${clock('2026-11-20T09:00:00Z')}); the later one stands and nothing was changed.`],
  ];
  for (const [replay, sentence] of replays) {
    const result = await capture(device, replay);
    assert.equal(result.outcome, 'error', result.message);
    assert.equal(result.message, sentence);
    assert.deepEqual(await record(device), before, 'the record still says confirmed, the history gained nothing');
  }
});

test('a receipt for the response fetched before Retry neither confirms nor refuses the new one', async (t) => {
  const device = await fulfilledDevice(t, 'retry-press');
  const first = await deviceReads(device);
  assert.equal((await capture(device, receipt(device, first, at('2026-11-21T08:00:00Z'), 'expired'))).outcome, 'device_refused');

  await anotherMachineActivates(device, 'another-press');
  await retryAndFetch(device);
  const second = await deviceReads(device);
  const before = await record(device);
  assert.deepEqual([before.state, before.receipt], ['fulfilled', null], "the first response's refusal is not the new one's");

  // Later receipts (device clock) made for the first response: an "applied" and a "refused".
  for (const late of [receipt(device, first, at('2026-11-21T10:00:00Z')), receipt(device, first, at('2026-11-21T10:05:00Z'), 'clock')]) {
    const result = await capture(device, late);
    assert.equal(result.outcome, 'error', result.message);
    assert.match(result.message, /^This receipt is for an earlier response of this request; the kiosk now holds the one Retry fetched\. .*nothing was changed\.$/);
    assert.deepEqual(await record(device), before);
  }
  assert.notEqual(second, first, 'the new response differs from the first (its activation count)');
  // The receipt for the response the kiosk holds confirms it.
  assert.equal((await capture(device, receipt(device, second, at('2026-11-21T10:10:00Z')))).outcome, 'confirmed');
  assert.equal((await record(device)).state, 'delivered');
});

test("a receipt whose response digest was rewritten to the kiosk's response fails its signature and changes nothing", async (t) => {
  const device = await fulfilledDevice(t, 'forge-press');
  const first = await deviceReads(device);
  await capture(device, receipt(device, first, at('2026-11-22T08:00:00Z'), 'clock'));
  await anotherMachineActivates(device, 'forge-other');
  await retryAndFetch(device);
  const second = await deviceReads(device);
  assert.notEqual(second, first);

  // The device's receipt for the first response, applied later; its key 8 rewritten to name the second.
  const genuine = receipt(device, first, at('2026-11-22T09:00:00Z'));
  const map = decodeDeterministic(cborOfUr(genuine, 'kiosk-receipt', 'test'), 'test') as Map<number, unknown>;
  map.set(8, Buffer.from(second, 'hex'));
  const forged = encodeSinglePartUr({ type: 'kiosk-receipt', cbor: encodeDeterministic(map) });
  const before = await record(device);
  const result = await capture(device, forged);
  assert.equal(result.outcome, 'error');
  assert.equal(result.message, "The receipt's signature does not verify with the key of forge-press: it comes from another device or was altered; nothing was changed.");
  assert.deepEqual(await record(device), before);
});

test('a replay of the same receipt is idempotent and says it was already recorded', async (t) => {
  const device = await fulfilledDevice(t, 'twice-press');
  const digest = await deviceReads(device);
  const refused = receipt(device, digest, at('2026-11-23T08:00:00Z'), 'expired');
  assert.equal((await capture(device, refused)).outcome, 'device_refused');
  const before = await record(device);
  const again = await capture(device, refused);
  assert.equal(again.outcome, 'device_refused');
  assert.equal(again.message, `Already recorded: twice-press refused this response at ${clock('2026-11-23T08:00:00Z')}; nothing changed.`);
  assert.deepEqual(await record(device), before);
  assert.equal(before.history.filter((e) => e === 'device_refused').length, 1);

  // A later receipt for the same response (the device read it again, clock fixed) is the new verdict.
  assert.equal((await capture(device, receipt(device, digest, at('2026-11-23T08:30:00Z')))).outcome, 'confirmed');
  assert.deepEqual([(await record(device)).state, (await record(device)).receipt], ['delivered', 'applied']);
});

test('an old-version receipt (no response named) counts only while the request has had one response and no newer receipt', async (t) => {
  const device = await fulfilledDevice(t, 'old-press');
  // Accepted while it cannot be in doubt: one response, nothing recorded yet.
  const refused = await capture(device, oldReceipt(device, at('2026-11-24T08:00:00Z'), 'clock'));
  assert.equal(refused.outcome, 'device_refused', refused.message);
  const said = (await device.flow.kiosk.call('getRequest', { id: device.made.requestId })).history.at(-1)!.detail;
  // An older one after it changes nothing.
  const older = await capture(device, oldReceipt(device, at('2026-11-24T07:00:00Z')));
  assert.equal(older.outcome, 'error');
  assert.match(older.message, /^This receipt \(applied at .+? \(device clock\)\) is older than the receipt from old-press already recorded/);

  // After Retry fetched a second response, an old-version receipt cannot say which one it is about.
  await anotherMachineActivates(device, 'old-other');
  await retryAndFetch(device);
  const before = await record(device);
  const ambiguous = await capture(device, oldReceipt(device, at('2026-11-24T10:00:00Z')));
  assert.equal(ambiguous.outcome, 'error');
  assert.match(ambiguous.message, /^This is an old-version receipt that does not name its response, and the request from old-press has had 2 responses \(Retry\)/);
  assert.deepEqual(await record(device), before);
  assert.match(said, /\(old-version receipt, which names no response\)$/, 'the history says which kind of receipt it was');
});

test('an old-version receipt after the device sent one that names its response is a replay', async (t) => {
  const device = await fulfilledDevice(t, 'mixed-press');
  const digest = await deviceReads(device);
  assert.equal((await capture(device, receipt(device, digest, at('2026-11-25T08:00:00Z'), 'clock'))).outcome, 'device_refused');
  const before = await record(device);
  // Later by its own clock, and the request has had one response: still refused, the device speaks version 2 now.
  const result = await capture(device, oldReceipt(device, at('2026-11-25T09:00:00Z')));
  assert.equal(result.outcome, 'error');
  assert.equal(result.message, 'This is an old-version receipt that does not name its response, but mixed-press already sent receipts that do: it can only be a replay; nothing was changed.');
  assert.deepEqual(await record(device), before);
});
