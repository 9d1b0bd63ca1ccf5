// A Keygen signed licence key of 700+ characters as the air-gapped example's QR text, in Debian
// Chromium against the web host and the Keygen test server: a default Keygen connection (licence-key
// authentication) is added in Settings, the QR text is pasted, the key is verified at capture and its
// signed dataset shown in the request detail as plain text, the request is synced and the exported
// machine file is read by the port of the example's device check (signature, decryption, expiry).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { keygenDataset } from '../support/keygen-signed-keys.ts';
import { keygenQrText, machineId } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const PRODUCT = '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4';
const EXPIRY = '2031-01-01T00:00:00.000Z';

test('a Keygen signed key of 700+ characters as the example QR text: verified at capture, shown, synced, machine file read by the device', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const licenceId = randomUUID();
  // Keygen's default dataset, plus a vendor field holding markup: it must show as text, never run.
  const dataset = JSON.parse(keygenDataset({ accountId: keygen.accountId, productId: PRODUCT, policyId: randomUUID(), licenseId: licenceId, created: new Date().toISOString(), expiry: EXPIRY, entitlements: 12 })) as Record<string, unknown>;
  dataset.note = '<img src=x onerror="window.__signedKeyMarkup=1">Press line 7';
  const key = keygen.signLicenseKey('ED25519_SIGN', JSON.stringify(dataset));
  assert.ok(key.length >= 700, `${key.length} characters`);
  keygen.state.addLicense({ id: licenceId, key, name: 'Press line 7 (signed key)', maxMachines: 1, expiry: EXPIRY });

  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('demo-card').waitFor();

  // A Keygen connection as a new user adds it: name, base URL and the account's verify key; licence-key
  // authentication, Keygen's one-month lifetime and response-signature checking as they come.
  await page.click('button[data-screen="settings"]');
  await page.getByTestId('add-connection').click();
  await page.getByTestId('connection-vendor').selectOption('keygen');
  await page.getByLabel('Name', { exact: true }).fill('Keygen');
  await page.getByLabel('Base URL').fill(keygen.url);
  await page.getByLabel('Account verify key').fill(keygen.publicKeyHex);
  assert.equal(await page.getByTestId('keygen-lifetime').inputValue(), 'default');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('connection-saved').waitFor();

  // The example's QR text, as the scanner or a paste delivers it.
  const fingerprint = machineId('press-7-signed');
  await page.click('button[data-screen="capture"]');
  await page.getByTestId('text-capture').waitFor();
  await page.getByLabel('Request text').fill(keygenQrText(key, fingerprint));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const result = page.locator('.result-list > li[data-outcome="queued"]').first();
  await result.waitFor();
  assert.match(await result.innerText(), /Signed key verified \(ED25519_SIGN\) with the Ed25519 verify key/);

  // The request detail: the verdict and the signed dataset, as text.
  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]').first().click();
  const section = page.getByTestId('signed-key');
  await section.waitFor();
  assert.equal(await section.locator('[data-status]').getAttribute('data-status'), 'verified');
  assert.equal(await section.locator('[data-field="licence"]').innerText(), licenceId);
  assert.equal(await section.locator('[data-field="product"]').innerText(), PRODUCT);
  assert.equal(await section.locator('[data-field="expiry"]').innerText(), EXPIRY);
  assert.match(await section.getByLabel('Signed key dataset').innerText(), /<img src=x onerror=/);
  assert.equal(await section.locator('img').count(), 0, 'the dataset is never rendered as markup');
  assert.equal(await page.evaluate(() => (window as unknown as { __signedKeyMarkup?: number }).__signedKeyMarkup), undefined);
  const masked = await page.locator('tr[data-request-id] td.mono').first().innerText();
  assert.match(masked, /^key\/•••/);
  assert.ok(!(await page.content()).includes(key.slice(4, 200)), 'the whole key is not in the page');
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'signed-key-detail');

  // Sync, export, and the device reads the machine file.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').first().waitFor({ timeout: 15_000 });
  await page.click('button[data-screen="deliver"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').first().waitFor();
  await page.getByLabel(/select all/i).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
  const exportDir = outputDir('e2e', 'signed-key-exports');
  for (const f of fs.readdirSync(exportDir)) fs.rmSync(path.join(exportDir, f));
  const file = path.join(exportDir, download.suggestedFilename());
  await download.saveAs(file);
  assert.match(download.suggestedFilename(), /machine\.lic$/);
  const read = await readKeygenFile(fs.readFileSync(file, 'utf8'), { verifyKey: keygen.publicKeyHex, licenseKey: key, fingerprint });
  assert.equal(read.document.data.attributes.fingerprint, fingerprint);
  assert.ok(read.document.meta.expiry, 'the machine file carries an expiry');
  assert.equal(keygen.state.machines(key).length, 1);
  assert.deepEqual(pageErrors, []);
});
