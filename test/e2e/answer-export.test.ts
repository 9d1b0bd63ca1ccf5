// Many answers exported from the Deliver screen in Debian Chromium against the web host and the
// licence API test server: the progress bar and Cancel while main builds the ZIP (the call's answer
// is held back so the running state can be seen), Cancel reaching main, the outcome saying the
// answers are exported and not delivered, and Mark delivered; at 1280 and 640 px wide.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Download, Route } from 'playwright-core';
import { unzipSync } from 'fflate';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const N = 30;

test('many answers: progress and Cancel while the ZIP is built, one download with a manifest, exported not delivered', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 1000 }] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const items = Array.from({ length: N }, (_, i) => {
    const text = seed004File(KEY, `line-${i}`);
    return { name: `line-${i}.json`, size: text.length, text };
  });
  await host.call('capture', { items });
  await host.call('syncNow', {});

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="deliver"]');
  // The list shows the rows in view; "Select all" takes the 30.
  await page.locator('tr[data-request-id][data-state="fulfilled"]').first().waitFor();
  await page.getByTestId('deliver-bulk-bar').getByLabel('Select all').check();

  // Hold main's answer to the export so the running state stays on screen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call/exportAnswers', async (route: Route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: `Export ${N} files…` }).click();
  const panel = page.locator('[data-testid="answer-export"][data-state="running"]');
  await panel.waitFor();
  await page.locator('.answer-export-bar[value="30"]').waitFor();
  assert.match(await panel.innerText(), /Exporting 30 of 30 answers/);
  await screenshot(page, 'deliver-export-running');

  // Cancel is reachable by keyboard and its call reaches main (the cancel itself is proven in test/integration/export-many.test.ts).
  const cancel = page.getByTestId('answer-export-cancel');
  await cancel.focus();
  const cancelCall = page.waitForRequest('**/api/call/cancelExport');
  await page.keyboard.press('Enter');
  await cancelCall;
  await page.locator('[data-testid="answer-export"]', { hasText: 'Cancelling the export' }).waitFor();
  release();

  // Main had finished before the cancel arrived: the ZIP is downloaded and the answers are exported, not delivered.
  const done = page.locator('[data-testid="answer-export"][data-state="exported"]');
  await done.waitFor();
  assert.match(await done.innerText(), /Exported 30 answers as one file, answers-.*\.zip.*Not delivered yet/s);
  while (downloads.length === 0) await page.waitForTimeout(50);
  assert.equal(downloads.length, 1);
  const zipPath = await downloads[0]!.path();
  const files = unzipSync(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(zipPath))));
  assert.equal(Object.keys(files).length, N + 1);
  assert.ok(files['manifest.json']);
  await page.getByTestId('exported-note').first().waitFor();
  assert.equal((await host.call('listRequests', { states: ['fulfilled'], exported: true })).total, N);
  assert.equal(await page.locator('tr[data-request-id][data-state="delivered"]').count(), 0);
  await screenshot(page, 'deliver-exported');

  // At 640 px the outcome and the Mark delivered buttons stay usable.
  await page.setViewportSize({ width: 640, height: 800 });
  await page.getByTestId('mark-delivered').first().click();
  // Delivered answers leave Deliver's list unless asked for.
  while ((await host.call('getStatus', {})).counts.delivered === 0) await page.waitForTimeout(50);
  await screenshot(page, 'deliver-exported-640');
  const status = await host.call('getStatus', {});
  assert.equal(status.counts.delivered, 1);
  assert.equal(status.counts.fulfilled, N - 1);
  assert.deepEqual(pageErrors, []);
});
