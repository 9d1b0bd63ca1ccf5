// A licence key the engineer typed can be changed until the request has been sent successfully (a
// Cryptlex key entered with a typo is refused, corrected and sent); spaces are taken out, the case
// kept (Cryptlex's notes do not say its keys ignore case); the audit names old and new key, masked;
// a sent request's key, and a key the device's own request carries, never change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const RIGHT = CRYPTLEX_SAMPLES.licenses.twoSeats.key;
const TYPO = 'a1B2C3-D4E5F6-A7B8C9-D0E1F9';

test('a typed key is editable until sent, normalised, audited masked; refused once sent', async (t) => {
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex EU', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full });
  const { results } = await kiosk.call('capture', {
    items: [item('press-9.req', makeOfflineRequest({ type: 'activation', key: RIGHT, fp: 'beef0000beef0000beef0000beef0009', pid: CRYPTLEX_SAMPLES.productId }))],
  });
  const id = results[0]!.requestId!;

  // Typed with a typo and spaces: the spaces go, the case stays.
  const typed = await kiosk.call('setLicenseKey', { id, licenseKey: ` ${TYPO.replaceAll('-', ' - ')} ` });
  assert.equal(typed.licenseKeyMasked, 'a1B2C-•••-0E1F9');
  await kiosk.call('syncNow', {});
  const refused = await kiosk.call('getRequest', { id });
  assert.equal(refused.state, 'rejected', refused.lastError ?? '');

  // Refused, never sent successfully: the key can be corrected, and the request then goes.
  const fixed = await kiosk.call('setLicenseKey', { id, licenseKey: RIGHT });
  assert.equal(fixed.licenseKeyMasked, 'A1B2C-•••-0E1F2');
  const changed = (await kiosk.call('getRequest', { id })).history.find((h) => h.event === 'license_key_changed');
  assert.equal(changed?.detail, 'The engineer changed the licence key from a1B2C-•••-0E1F9 to A1B2C-•••-0E1F2');
  assert.ok(!changed.detail.includes(RIGHT) && !changed.detail.includes(TYPO), 'keys masked in the audit');
  await kiosk.call('retryRequest', { id });
  await kiosk.call('syncNow', {});
  assert.equal((await kiosk.call('getRequest', { id })).state, 'fulfilled');

  // Sent: the key no longer changes.
  const late = await kiosk.fail('setLicenseKey', { id, licenseKey: TYPO });
  assert.equal(late.code, 'not_allowed');
  assert.match(late.message, /has been sent: its licence key can no longer change/);
  assert.equal((await kiosk.call('getRequest', { id })).licenseKeyMasked, 'A1B2C-•••-0E1F2');
});

test("a key the device's request carries is not changed by the kiosk", async (t) => {
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const { results } = await kiosk.call('capture', { items: [item('press-1.json', seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'press-1'))] });
  const refused = await kiosk.fail('setLicenseKey', { id: results[0]!.requestId!, licenseKey: 'ZZZZZ-11111-BBBBB-22222-CCCCC' });
  assert.equal(refused.code, 'not_allowed');
  assert.match(refused.message, /carries the key the device put in it/);
  assert.equal((await kiosk.call('getRequest', { id: results[0]!.requestId! })).licenseKeyMasked, 'AAAAA-•••-CCCCC');
});
