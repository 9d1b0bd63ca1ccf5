// Seat return in Debian Chromium against the web host and the licence API test server: from an
// activated request's detail (the reason, then a second confirmation naming the device and the licence),
// and from the Capture screen's typed form (a key of the wrong form gets its sentence first); both
// synced, the server's seats freed. Screenshots of each step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { item, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

test('the engineer returns a dead device’s seat from its request and a replaced one’s by typing its key and id', async (t) => {
  const api = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => api.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });
  await host.call('capture', { items: [item('press-4.json', seed004File(KEY, 'press-4')), item('mixer-9.json', seed004File(KEY, 'mixer-9'))] });
  await host.call('syncNow', {});
  assert.equal(api.state.activations(KEY).length, 2);

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(1).waitFor();
  await page.locator('tr[data-request-id]', { hasText: 'press-4' }).click();
  const detail = page.getByTestId('request-detail');
  await page.locator('[data-testid="request-detail"][data-state="fulfilled"]').waitFor();

  // First confirmation: the reason (an empty one is refused with a sentence).
  await page.getByRole('button', { name: 'Return this device’s seat' }).click();
  const confirm = page.getByTestId('seat-return-confirm');
  await confirm.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'seat-return-reason', 'the reason field has the focus');
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.match(await page.getByTestId('seat-return-status').innerText(), /^Say why the seat is returned/);
  await page.getByRole('textbox', { name: 'Reason' }).fill('Controller dead after a power surge');
  await screenshot(page, 'seat-return-reason');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  // Second confirmation names the device and the masked licence.
  await page.locator('[data-testid="seat-return-confirm"][data-step="confirm"]').waitFor();
  const question = await page.getByTestId('seat-return-question').innerText();
  assert.match(question, /^Return the seat of press-4 on licence AAAAA-•+-CCCCC\?/);
  assert.ok(!question.includes(KEY), 'the key is masked');
  await screenshot(page, 'seat-return-confirm');
  assert.equal(api.state.activations(KEY).length, 2, 'nothing sent before the second confirmation');
  await page.getByRole('button', { name: 'Yes, return the seat of press-4' }).click();

  // The seat return opens as a request of its own; synced, the server frees the machine.
  await page.locator('[data-testid="request-detail"][data-state="queued"]').waitFor();
  assert.match(await detail.innerText(), /Seat return \(entered on the kiosk, without the device\)/);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('[data-testid="request-detail"][data-state="fulfilled"]').waitFor({ timeout: 15_000 });
  assert.deepEqual(api.state.activations(KEY), [machineId('mixer-9')]);
  assert.match(await detail.innerText(), /Controller dead after a power surge/);
  await screenshot(page, 'seat-return-done');

  // The typed form on the Capture screen, keyboard only.
  await page.click('button[data-screen="capture"]');
  const panel = page.getByTestId('seat-return-panel');
  await panel.waitFor();
  await page.locator('#seat-return-key').fill('ABC-123');
  await page.locator('#seat-return-device').fill(machineId('mixer-9'));
  await page.locator('#seat-return-label').fill('Mixer 9');
  await page.locator('#seat-return-label').press('Enter');
  // Main refuses the key of the wrong form before any confirmation: the sentence shows, nothing is queued.
  const status = page.getByTestId('seat-return-form-status');
  await status.locator('.note-bad').waitFor();
  assert.equal(
    await status.innerText(),
    'This licence API takes keys of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (five groups of five letters or digits); check the key and enter it again. Nothing was queued.',
  );
  assert.equal(await page.getByTestId('seat-return-confirm').count(), 0);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'seat-return-typed-refused');
  await page.locator('#seat-return-key').fill(KEY);
  await page.locator('#seat-return-key').press('Enter');
  await page.getByRole('textbox', { name: 'Reason' }).fill('Mixer replaced by a new unit');
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.match(await page.getByTestId('seat-return-question').innerText(), /^Return the seat of Mixer 9 on licence AAAAA-•+-CCCCC\?/);
  await page.getByRole('button', { name: 'Yes, return the seat of Mixer 9' }).click();
  await status.locator('.note-good').waitFor();
  assert.match(await status.innerText(), /^Queued: the seat of Mixer 9 on licence AAAAA-•+-CCCCC is returned through "Plant API" at the next sync\.$/);
  await screenshot(page, 'seat-return-typed');
  await page.setViewportSize({ width: 640, height: 900 });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'seat-return-typed-640');

  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  const deadline = Date.now() + 15_000;
  while (api.state.activations(KEY).length > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.deepEqual(api.state.activations(KEY), [], 'both seats are free');
  assert.deepEqual(pageErrors, []);
});

test('a Cryptlex seat is returned by typing the licence key and the fingerprint; the detail says the release is unproven', async (t) => {
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const L = CRYPTLEX_SAMPLES.licenses.twoSeats;
  const fp = 'c0ffee00c0ffee00c0ffee00c0ffee0a';
  await host.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, secret: CRYPTLEX_SAMPLES.tokens.full });
  const { results } = await host.call('capture', { items: [item('ctrl-a.req', makeOfflineRequest({ type: 'activation', key: L.key, fp, pid: CRYPTLEX_SAMPLES.productId }))] });
  await host.call('setLicenseKey', { id: results[0]!.requestId!, licenseKey: L.key });
  await host.call('syncNow', {});
  assert.equal(cryptlex.state.activations(L.id).length, 1);

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="capture"]');
  const panel = page.getByTestId('seat-return-panel');
  await panel.waitFor();
  await page.locator('#seat-return-connection').selectOption({ label: 'Cryptlex' });
  await page.locator('#seat-return-key').fill(L.key);
  await page.locator('#seat-return-device').fill(fp);
  await page.locator('#seat-return-label').fill('Controller A');
  await page.locator('#seat-return-label').press('Enter');
  await page.getByRole('textbox', { name: 'Reason' }).fill('Controller A replaced');
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.match(await page.getByTestId('seat-return-question').innerText(), /^Return the seat of Controller A on licence A1B2C-•+-0E1F2\?/);
  await page.getByRole('button', { name: 'Yes, return the seat of Controller A' }).click();
  const status = page.getByTestId('seat-return-form-status');
  await status.locator('.note-good').waitFor();
  assert.match(await status.innerText(), /through "Cryptlex" at the next sync\.$/);

  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  const deadline = Date.now() + 15_000;
  while (cryptlex.state.activations(L.id).length > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.deepEqual(cryptlex.state.activations(L.id), [], 'the seat is free');
  await page.locator('tr[data-request-id]', { hasText: 'Controller A' }).first().click();
  const detail = page.locator('[data-testid="request-detail"][data-state="fulfilled"]');
  await detail.waitFor();
  assert.match(await detail.innerText(), /cannot prove the release/);
  await detail.getByText(/cannot prove the release/).first().scrollIntoViewIfNeeded();
  await screenshot(page, 'seat-return-cryptlex-done');
  assert.deepEqual(pageErrors, []);
});
