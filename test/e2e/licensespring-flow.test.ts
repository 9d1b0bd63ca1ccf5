// LicenseSpring end to end in Debian Chromium against the web host and the LicenseSpring stand-in: add
// the connection in Settings (API key and shared key typed once, Test connection green), drop the
// device's request file, sync, export ls_activation.lic, and read it as the device's SDK would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LICENSESPRING_SAMPLES, licenseSpringSampleOptions, startLicenseSpringServer } from '../servers/licensespring/index.ts';
import { makeLicenseSpringRequest } from '../servers/licensespring/request-file.ts';
import { addConnection } from '../support/settings-page.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { exportAllAnswers } from '../support/deliver-page.ts';
import { readLsActivation } from '../support/licensespring-device-reader.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const S = LICENSESPRING_SAMPLES;

test('LicenseSpring request file: capture, sync, export ls_activation.lic, the device reader accepts it', async (t) => {
  const server = await startLicenseSpringServer(licenseSpringSampleOptions());
  t.after(() => server.close());
  const dataDir = tempDir(t);
  const host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('demo-card').waitFor();
  await page.click('button[data-screen="settings"]');

  await addConnection(
    page,
    'licensespring',
    {
      Name: 'LicenseSpring',
      'Base URL': server.url,
      'LicenseSpring public key (PEM)': server.publicKeyPem,
      'Product code for Test connection (optional)': S.product,
      'API key': S.apiKeys.full,
      'Shared key': S.sharedKey,
    },
    { test: true },
  );
  await page.locator('[data-testid="connection-secret"][data-saved="true"]').waitFor();
  const html = await page.content();
  for (const secret of [S.apiKeys.full, S.sharedKey]) assert.ok(!html.includes(secret), 'a key in the page');

  const hardwareId = '8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0';
  const requestId = 'd010714e-72dd-e4cf-bebb-4105ec1b2a0f';
  const file = makeLicenseSpringRequest({ kind: 'activation', product: S.product, hardwareId, licenseKey: S.licenses.perpetual.key, apiKey: S.apiKeys.full, sharedKey: S.sharedKey, hostname: 'press-line-7', requestId });
  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [{ name: 'activate_offline.req', text: `${file}\n` }]);
  await page.locator('[data-outcome="queued"]').waitFor();

  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]', { hasText: /press-line-7/ }).waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').waitFor({ timeout: 15_000 });
  await screenshot(page, 'licensespring-queue');

  const download = await exportAllAnswers(page);
  assert.match(download.suggestedFilename(), /^press-line-7-8b06c6053b7a2040-ls_activation\.lic$/);
  const exportDir = outputDir('e2e', 'licensespring-exports');
  for (const f of fs.readdirSync(exportDir)) fs.rmSync(path.join(exportDir, f));
  const saved = path.join(exportDir, download.suggestedFilename());
  await download.saveAs(saved);
  const verdict = readLsActivation(fs.readFileSync(saved, 'utf8'), server.publicKeyPem, { hardwareId, licenseKey: S.licenses.perpetual.key, requestId });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  assert.equal(server.state.activations(S.licenses.perpetual.id).length, 1);

  // The shared key never reaches the SQLite file; the API key only inside the device's own base64
  // request file (LicenseSpring's SDK writes it there), never in clear.
  const db = Buffer.concat(['kiosk.sqlite', 'kiosk.sqlite-wal'].flatMap((f) => (fs.existsSync(path.join(dataDir, f)) ? [fs.readFileSync(path.join(dataDir, f))] : [])));
  for (const secret of [S.apiKeys.full, S.sharedKey]) assert.equal(db.indexOf(Buffer.from(secret)), -1);
  assert.deepEqual(pageErrors, []);
});
