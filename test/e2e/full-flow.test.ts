// The whole path in Debian Chromium against the web host and the licence API test server: connect,
// drop two request files and a broken one, sync, see both fulfilled, export both as one ZIP, check the
// files in it against the server's public key, and mark one delivered (exported is not delivered).
// Screenshots of every screen go to test-output/e2e/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Download } from 'playwright-core';
import { unzipSync } from 'fflate';
import { importRsaPublicKey, verifySignedData } from '../../shared/crypto/rsa.ts';
import { SAMPLE_KEYS, sampleLicenses, startLicenseServer } from '../servers/generic/index.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { machineId, seed004File, kioskFile } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('drop, sync, export: the exported files verify against the server key', async (t) => {
  const licenses = await startLicenseServer({ licenses: sampleLicenses() });
  t.after(() => licenses.close());
  const key = SAMPLE_KEYS.active3;
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('demo-card').waitFor();

  // Settings: connect to the test server.
  await page.click('button[data-screen="settings"]');
  await page.getByLabel('Name', { exact: true }).fill('Plant licence server');
  await page.getByLabel('Base URL').fill(licenses.url);
  await page.getByLabel('Vendor public key (PEM)').fill(licenses.publicKeyPem);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('[data-testid="connection-test"][data-ok="true"]').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('connection-saved').waitFor();
  await screenshot(page, 'settings');

  // Capture: two good files and a broken one in one drop.
  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [
    { name: 'press-line-4.json', text: seed004File(key, 'press-line-4') },
    { name: 'bay-7.json', text: kioskFile(key, 'bay-7') },
    { name: 'broken.json', text: '{"license_key": "ABCDE-' },
  ]);
  const broken = page.locator('[data-outcome="error"][data-file="broken.json"]');
  await broken.waitFor();
  assert.match(await broken.innerText(), /broken\.json[\s\S]*Not JSON/);
  assert.equal(await page.locator('[data-outcome="queued"]').count(), 2);
  await screenshot(page, 'capture');

  // Sync and watch both turn fulfilled in the queue.
  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(1).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('tr[data-request-id]').count(), 2);
  await page.locator('tr[data-request-id]').first().click();
  await page.locator('[data-testid="request-detail"][data-state="fulfilled"]').waitFor();
  await screenshot(page, 'queue');

  // Deliver: both go as one ZIP download with a manifest.
  await page.click('button[data-screen="deliver"]');
  const rows = page.locator('tr[data-request-id][data-state="fulfilled"]');
  await rows.nth(1).waitFor();
  await screenshot(page, 'deliver');
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByLabel(/select all/i).check();
  await page.getByRole('button', { name: /^Export/ }).click();
  await page.locator('[data-testid="answer-export"][data-state="exported"]').waitFor();
  const deadline = Date.now() + 10_000;
  while (downloads.length < 1 && Date.now() < deadline) await page.waitForTimeout(50);
  assert.equal(downloads.length, 1);
  assert.match(downloads[0]!.suggestedFilename(), /^answers-.*\.zip$/);
  const exportDir = outputDir('e2e', 'exports');
  for (const f of fs.readdirSync(exportDir)) fs.rmSync(path.join(exportDir, f));
  const zipFile = path.join(exportDir, downloads[0]!.suggestedFilename());
  await downloads[0]!.saveAs(zipFile);
  const files = unzipSync(fs.readFileSync(zipFile));
  const publicKey = await importRsaPublicKey(licenses.publicKeyPem);
  const names = Object.keys(files).filter((n) => n !== 'manifest.json');
  for (const name of names) {
    const doc = JSON.parse(Buffer.from(files[name]!).toString('utf8')) as { data: { machine_id: string }; signature: string };
    assert.ok(await verifySignedData(publicKey, doc.data, doc.signature), `${name} verifies against the server key`);
  }
  assert.deepEqual(names.sort(), [`activation-bay-7-${machineId('bay-7').slice(0, 12)}.json`, `activation-press-line-4-${machineId('press-line-4').slice(0, 12)}.json`]);
  // Exported is not delivered: both stay ready, marked exported, until the engineer says a device has its answer.
  await page.getByTestId('exported-note').nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  await page.getByRole('button', { name: /^Mark delivered: press-line-4/ }).click();
  // Delivered ones leave the list until asked for.
  await page.locator('tr[data-request-id]').nth(1).waitFor({ state: 'detached' });
  await page.getByLabel(/Show delivered/).check();
  await page.locator('tr[data-request-id][data-state="delivered"]').waitFor();
  await screenshot(page, 'deliver-done');
  assert.equal(licenses.state.activationCount(key), 2);
  assert.deepEqual(pageErrors, []);
});
