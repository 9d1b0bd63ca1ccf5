// Capture through the real core (SQLite in a temp dir): every request form lands in the queue,
// the JSON file and the QR of one request dedupe, refusals name the forms tried.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDeviceKeyPair, makeRequest } from '../../shared/device/kit.ts';
import { openCore } from '../support/core.ts';
import { item, keygenQrText } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

test('captures kiosk JSON and its QR once, a Keygen QR, a Cryptlex file; refuses the rest with reasons', async (t) => {
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const made = await makeRequest(
    { kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: 'f'.repeat(64), nonce: 'nonce-capture-1', createdAt: Math.floor(Date.now() / 1000), device: { hostname: 'press-9' } },
    generateDeviceKeyPair().secretKey,
  );
  const keygen = keygenQrText('KEYGEN-KEY-1', 'fp-keygen');
  const tampered = made.json.replace('press-9', 'press-0');
  const { results } = await kiosk.call('capture', {
    items: [
      item('press-9.json', made.json),
      item('scan', made.ur),
      item('keygen-qr', keygen),
      item('cryptlex.req', 'aGVhZGVy.cGF5bG9hZA.c2ln\n'),
      item('tampered.json', tampered),
      item('noise', 'hello there'),
    ],
  });
  assert.deepEqual(
    results.map((r) => [r.name, r.outcome]),
    [
      ['press-9.json', 'queued'],
      ['scan', 'duplicate'],
      ['keygen-qr', 'queued'],
      ['cryptlex.req', 'queued'],
      ['tampered.json', 'error'],
      ['noise', 'error'],
    ],
  );
  assert.equal(results[0]!.requestId, made.requestId, 'the kiosk id is the one the device computed');
  assert.match(results[0]!.message, /signed by the device/);
  assert.match(results[3]!.message, /enter the key before it can be sent/);
  assert.match(results[4]!.message, /signature does not verify/);
  // One short sentence; the forms the kiosk tried are the detail shown on demand.
  assert.equal(results[5]!.message, 'Not JSON, nor any other request form the kiosk reads.');
  assert.match(results[5]!.detail ?? '', /Keygen.*Cryptlex/);
});
