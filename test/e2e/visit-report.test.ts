// A site visit in Debian Chromium against the web host and the licence API test server: start a
// visit, capture requests (dropped files and pasted text), move in one captured before the visit,
// sync, deliver, end the visit, and take its report: the PDF as Chromium prints the report page
// (its text read back with pdfjs and checked to name every device) and the CSV.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Download } from 'playwright-core';
import { startLicenseServer } from '../servers/generic/index.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { kioskFile, seed004File } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { pdfText } from '../support/pdf-text.ts';
import { startHostProcess, TEST_ENGINEER } from '../support/web-host-process.ts';

async function waitForDownload(downloads: Download[], count: number): Promise<Download> {
  const deadline = Date.now() + 10_000;
  while (downloads.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(downloads.length, count);
  return downloads[count - 1]!;
}

test('a visit: start it, capture, sync, end it, and its report as PDF (printed by Chromium) and CSV names every device', async (t) => {
  const key = 'PLANT-TWENT-SEATS-VISIT-00001';
  const licenses = await startLicenseServer({ licenses: [{ key, status: 'active', maxActivations: 20, expiresAt: null, product: 'Kiosk Demo Pro', customer: 'Acme' }] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  // Captured before the visit: it belongs to none until the engineer moves it in.
  await host.call('capture', { items: [{ name: 'early-bird.json', size: 0, text: seed004File(key, 'early-bird') }] });
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const bar = page.getByTestId('visit-bar');
  await bar.getByText('No visit open').waitFor();

  // Start the visit from the bar (keyboard: the form takes focus, Enter submits).
  await bar.getByRole('button', { name: 'Start a visit…' }).click();
  await page.getByLabel('Customer', { exact: true }).fill('Acme <Plastics> & Co');
  await page.getByLabel('Site', { exact: true }).fill('Plant 2, Hall "B"');
  await page.getByLabel('Ticket or work order (optional)').fill('WO-4711');
  await screenshot(page, 'visit-start');
  await page.getByLabel('Ticket or work order (optional)').press('Enter');
  await page.getByTestId('open-visit').waitFor();
  assert.match(await page.getByTestId('open-visit').innerText(), /Acme <Plastics> & Co · Plant 2, Hall "B"\s*WO-4711/);

  // Capture: three dropped files and one pasted request, all tagged with the visit by main.
  const devices = ['press-line-4', 'bay-7', '<b>lathe</b>', 'paste-json', 'early-bird'];
  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [
    { name: 'press-line-4.json', text: seed004File(key, 'press-line-4') },
    { name: 'bay-7.json', text: kioskFile(key, 'bay-7') },
    { name: 'lathe.json', text: seed004File(key, '<b>lathe</b>') },
  ]);
  await page.locator('.result-list > li[data-outcome="queued"]').nth(2).waitFor();
  await page.getByLabel('Request text').fill(seed004File(key, 'paste-json'));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.result-list > li[data-outcome="queued"]', { hasText: 'paste-json' }).waitFor();
  await screenshot(page, 'visit-capture');

  // Queue, filtered to the visit: four; the early request is moved in from its detail.
  await page.click('button[data-screen="queue"]');
  const visitFilter = page.locator('#queue-visit-filter');
  await visitFilter.selectOption({ label: 'Acme <Plastics> & Co · Plant 2, Hall "B" (WO-4711) — open' });
  await page.locator('tr[data-request-id]').nth(3).waitFor();
  assert.equal(await page.locator('tr[data-request-id]').count(), 4);
  await visitFilter.selectOption('none');
  await page.locator('tr[data-request-id]', { hasText: 'early-bird' }).click();
  const detail = page.getByTestId('request-visit');
  await detail.getByText('Belongs to no visit.').waitFor();
  await detail.getByLabel('Move to visit').selectOption({ index: 1 });
  await screenshot(page, 'visit-move');
  await detail.getByRole('button', { name: 'Move to visit' }).click();
  await page.getByTestId('queue-empty').waitFor();
  await visitFilter.selectOption({ index: 2 });
  await page.locator('tr[data-request-id]').nth(4).waitFor();

  // Sync, then deliver the visit's responses as downloads.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(4).waitFor({ timeout: 20_000 });
  await screenshot(page, 'visit-queue');
  await page.click('button[data-screen="deliver"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(4).waitFor();
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByLabel(/select all/i).check();
  await page.getByRole('button', { name: /^Export/ }).click();
  // Five answers go as one ZIP; exported is not delivered, so they stay ready, marked exported.
  await waitForDownload(downloads, 1);
  await page.getByTestId('exported-note').nth(4).waitFor();

  // End the visit: the report is offered.
  await bar.getByRole('button', { name: 'End visit…' }).click();
  await bar.getByRole('button', { name: 'End visit', exact: true }).click();
  const ended = page.getByTestId('visit-ended');
  await ended.waitFor();
  assert.match(await ended.innerText(), /ended with 5 requests/);
  await screenshot(page, 'visit-ended');

  // PDF: the one-time report page opens in its own tab and asks to print. The browser's print dialog
  // is the OS's part: it is stood in for by noting the call; Chromium's own PDF output then prints the page.
  await page.context().addInitScript(() => {
    window.print = () => document.documentElement.setAttribute('data-print-asked', 'yes');
  });
  const [popup] = await Promise.all([page.waitForEvent('popup'), ended.getByRole('button', { name: 'Report as PDF' }).click()]);
  await popup.waitForLoadState('load');
  await popup.getByRole('heading', { name: 'Visit report' }).waitFor();
  await popup.locator('html[data-print-asked="yes"]').waitFor({ state: 'attached' });
  await screenshot(popup, 'visit-report');
  const pdfFile = path.join(outputDir('e2e', 'exports'), 'visit-report.pdf');
  const pdf = await popup.pdf({ path: pdfFile, format: 'A4', preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = (await pdfText(new Uint8Array(pdf))).join('\n').replace(/\s+/g, ' ');
  for (const device of devices) assert.ok(text.includes(device), `the PDF names ${device}`);
  for (const words of ['Acme <Plastics> & Co', 'Plant 2, Hall "B"', 'WO-4711', TEST_ENGINEER.name, '5 requests: 0 delivered', '5 exported but not yet delivered', 'Audit digest']) {
    assert.ok(text.includes(words), `the PDF says ${words}`);
  }
  assert.ok(!text.includes(key), 'licence keys are masked');
  assert.ok(fs.statSync(pdfFile).size > 1000);

  // CSV: a download with a row per device.
  await ended.getByRole('button', { name: 'Report as CSV' }).click();
  const csvDownload = await waitForDownload(downloads, 2);
  assert.match(csvDownload.suggestedFilename(), /^visit-report-acme-plastics-co-plant-2-hall-b-\d{4}-\d\d-\d\d\.csv$/);
  const csvFile = path.join(outputDir('e2e', 'exports'), csvDownload.suggestedFilename());
  await csvDownload.saveAs(csvFile);
  const csv = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
  assert.equal(csv.length, 6);
  for (const device of devices) assert.ok(csv.some((line) => line.includes(`,${device},`)), `the CSV names ${device}`);

  await bar.getByText('No visit open').waitFor();
  await page.setViewportSize({ width: 640, height: 800 });
  await screenshot(page, 'visit-ended-narrow');
  assert.deepEqual(pageErrors, []);
});
