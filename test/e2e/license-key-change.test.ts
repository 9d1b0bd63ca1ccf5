// A Cryptlex request file comes without its key; the engineer types it with a typo, sees the masked
// key, corrects it in the request detail (the request has not been sent), and the history says so.
// Keyboard only for the correction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CRYPTLEX_SAMPLES, makeOfflineRequest } from '../servers/cryptlex/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('a typed licence key is corrected in the request detail until the request is sent', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('dropzone').waitFor();
  const file = makeOfflineRequest({ type: 'activation', key: CRYPTLEX_SAMPLES.licenses.twoSeats.key, fp: 'beef0000beef0000beef0000beef0042', pid: CRYPTLEX_SAMPLES.productId });
  await page.locator('[data-testid="capture-input"]').setInputFiles([{ name: 'line-42.req', mimeType: 'application/octet-stream', buffer: Buffer.from(file) }]);
  await page.locator('[data-outcome="queued"][data-file="line-42.req"]').waitFor();

  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]', { hasText: 'line-42' }).click();
  await page.getByTestId('license-key-form').waitFor();
  await page.getByLabel('Licence key', { exact: true }).fill('A1B2C3-D4E5F6-A7B8C9-D0E1F9');
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('license-key-form').waitFor({ state: 'detached' });

  // Not sent (no Cryptlex connection): the typed key can be corrected, by keyboard.
  const change = page.getByRole('button', { name: 'Change licence key…' });
  await change.focus();
  await page.keyboard.press('Enter');
  const input = page.getByLabel(/New licence key \(now A1B2C-•••-0E1F9\)/);
  await input.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'license-key-change-input', 'focus moves to the field');
  await page.keyboard.type(' A1B2C3 - D4E5F6 - A7B8C9 - D0E1F2 ');
  await screenshot(page, 'queue-change-key');
  await page.keyboard.press('Enter');
  await page.getByTestId('license-key-change').waitFor({ state: 'detached' });
  await page.locator('.detail-body', { hasText: 'A1B2C-•••-0E1F2' }).first().waitFor();
  await page.getByText('The engineer changed the licence key from A1B2C-•••-0E1F9 to A1B2C-•••-0E1F2').waitFor();
  assert.deepEqual(pageErrors, []);
});
