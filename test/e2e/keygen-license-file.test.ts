// The Capture screen's "Licence file for a key" in Debian Chromium against the web host and the Keygen
// test server: a bad key gets a sentence at the field and queues nothing; the key typed with a label is
// queued, synced, exported as <label>-license.lic (a download) and read by the separate device reader;
// no machine is activated.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const L = KEYGEN_SAMPLES.licenses.floating3;

test('the engineer asks for a licence file for a typed key on the Capture screen; the downloaded .lic is read by the device', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 86_400 });
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="capture"]');
  const panel = page.getByTestId('license-file-panel');
  await panel.waitFor();

  // Keyboard only: focus the key field, type a key with a space, press Enter.
  await page.getByLabel('Licence key', { exact: true }).focus();
  await page.keyboard.type('NOT A KEY');
  await page.keyboard.press('Enter');
  const status = page.getByTestId('license-file-status');
  await status.locator('.note-bad').waitFor();
  assert.match(await status.innerText(), /^A licence key has no spaces, line breaks or control characters: paste the key alone/);
  assert.equal(await page.getByLabel('Licence key', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal((await host.call('listRequests', {})).requests.length, 0, 'nothing queued');

  await page.getByLabel('Licence key', { exact: true }).fill(L.key);
  await page.getByLabel('Label for the file (optional)').fill('Line 4 relay');
  await page.keyboard.press('Enter');
  await status.locator('.note-good').waitFor();
  assert.match(await status.innerText(), /^Queued: a Keygen licence file for FLOAT-•••-1F-V3 \(Line 4 relay\)/);
  assert.equal(await page.getByLabel('Licence key', { exact: true }).inputValue(), '', 'the key field is cleared');
  assert.match(await page.locator('.result-list > li[data-outcome="queued"]').first().innerText(), /Queued: a Keygen licence file/);
  await screenshot(page, 'license-file-form');

  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').first().waitFor({ timeout: 15_000 });
  await page.click('button[data-screen="deliver"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').first().waitFor();
  await page.getByLabel(/select all/i).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
  assert.equal(download.suggestedFilename(), 'line-4-relay-license.lic');
  const exportDir = outputDir('e2e', 'license-file-exports');
  for (const f of fs.readdirSync(exportDir)) fs.rmSync(path.join(exportDir, f));
  const file = path.join(exportDir, download.suggestedFilename());
  await download.saveAs(file);
  const read = await readKeygenFile(fs.readFileSync(file, 'utf8'), { verifyKey: keygen.publicKeyHex, licenseKey: L.key });
  assert.equal(read.kind, 'license');
  assert.equal(read.document.data.id, L.id);
  assert.equal(keygen.state.machines(L.key).length, 0, 'no machine activated');
  assert.deepEqual(pageErrors, []);
});
