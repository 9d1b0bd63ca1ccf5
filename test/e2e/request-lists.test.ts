// The Queue and Deliver lists at plant scale, in Debian Chromium against the web host: a virtual list
// (only the rows in view in the DOM), sorting by a header, multi-select by mouse and keyboard, bulk
// retry and cancel behind one confirmation with a summary, and Deliver's search with delivered ones hidden.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { fillRequests, refusalOf, stateOf } from '../support/many-requests.ts';
import { item, seed004File } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const N = 2000;
/** A count as the page writes it (the locale's grouping: "2,000"). */
const n = (count: number) => count.toLocaleString('en-US');
const expected = (test: (i: number) => boolean) => Array.from({ length: N }, (_, i) => i).filter(test).length;

const row = (page: Page, index: number) => page.locator(`table[aria-label="Requests"] tr[aria-rowindex="${index + 2}"]`);
const selectedText = (page: Page, list: 'queue' | 'deliver') => page.getByTestId(`${list}-selected`).innerText();

async function confirmBulk(page: Page, button: RegExp): Promise<string> {
  const dialog = page.getByTestId('bulk-confirm');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button }).click();
  const summary = page.getByTestId('bulk-summary');
  await summary.waitFor();
  return summary.locator('span').first().innerText();
}

test('Queue: a virtual list of 2,000 that sorts, selects by mouse and keyboard, and retries or cancels many at once', async (t) => {
  const dir = tempDir(t);
  fillRequests(dir, N);
  const host = await startHostProcess(dir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  await row(page, 0).waitFor();
  const inDom = await page.locator('tr[data-request-id]').count();
  assert.ok(inDom > 5 && inDom < 80, `only the rows in view are in the DOM (${inDom} of ${N})`);
  assert.equal(await page.locator('table[aria-label="Requests"]').getAttribute('aria-rowcount'), String(N + 1));

  // Sort by device, both ways.
  await page.getByRole('button', { name: 'Device' }).click();
  const byDevice = await host.call('listRequests', { sort: { key: 'device', dir: 'asc' }, limit: 1 });
  await page.locator(`tr[aria-rowindex="2"][data-request-id="${byDevice.requests[0]!.id}"]`).waitFor();
  assert.equal(await page.locator('th[aria-sort]').count(), 1, 'one column says how the list is sorted');
  await page.locator('th[aria-sort="ascending"]', { hasText: 'Device' }).waitFor();
  await page.getByRole('button', { name: 'Device' }).press('Enter');
  const byDeviceDown = await host.call('listRequests', { sort: { key: 'device', dir: 'desc' }, limit: 1 });
  await page.locator(`tr[aria-rowindex="2"][data-request-id="${byDeviceDown.requests[0]!.id}"]`).waitFor();

  // Mouse: a click, a Shift-click range, a Ctrl/Cmd-click taking one out.
  await row(page, 1).click();
  await page.getByTestId('request-detail').waitFor();
  await page.getByRole('button', { name: 'Close' }).first().click();
  await row(page, 5).click({ modifiers: ['Shift'] });
  assert.equal(await selectedText(page, 'queue'), `5 of ${n(N)} selected`);
  await row(page, 3).click({ modifiers: ['ControlOrMeta'] });
  assert.equal(await selectedText(page, 'queue'), `4 of ${n(N)} selected`);
  assert.equal(await row(page, 3).getAttribute('aria-selected'), 'false');

  // Keyboard: the list is one Tab stop; arrows move the active row, Space picks, Shift+arrows extend.
  const grid = page.locator('table[aria-label="Requests"]');
  await grid.focus();
  await page.keyboard.press('Escape');
  assert.equal(await selectedText(page, 'queue'), 'Nothing selected');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  assert.equal(await selectedText(page, 'queue'), `3 of ${n(N)} selected`);
  assert.equal(await grid.getAttribute('aria-activedescendant'), await row(page, 4).getAttribute('id'));
  await page.keyboard.press('End');
  await page.locator(`tr[aria-rowindex="${N + 1}"].is-active`).waitFor();
  assert.ok((await page.locator('tr[data-request-id]').count()) < 80, 'still only the rows in view');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('Home');
  await row(page, 0).and(page.locator('.is-active')).waitFor();
  await page.keyboard.press('ControlOrMeta+a');
  assert.equal(await selectedText(page, 'queue'), `${n(N)} of ${n(N)} selected`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tbody') === null), true, 'Tab leaves the rows (one Tab stop), not to the next row');
  await screenshot(page, 'lists-queue-selected');

  // "Retry all refused for this reason": only that reason's refused requests go again.
  await page.locator('[data-filter="rejected"]').click();
  const refused = expected((i) => stateOf(i) === 'rejected');
  const suspended = expected((i) => stateOf(i) === 'rejected' && refusalOf(i) === 'license_suspended');
  await page.getByTestId('queue-selected').filter({ hasText: 'Nothing selected' }).waitFor();
  const suspendedRow = page.locator('tr[data-request-id]', { hasText: 'Refused: license_suspended' }).first();
  await suspendedRow.click();
  await page.getByTestId('retry-all-for-reason').click();
  assert.match(await page.getByTestId('bulk-confirm').innerText(), new RegExp(`Retry all ${suspended} requests refused for this reason\\?`));
  await screenshot(page, 'lists-confirm-retry-reason');
  assert.equal(await confirmBulk(page, /^Retry/), `Queued again: ${suspended} requests.`);
  await page.locator('[data-filter="rejected"] .filter-count', { hasText: String(refused - suspended) }).waitFor();

  // Select all refused and retry them: one confirmation, one call, a summary.
  await page.keyboard.press('Escape');
  await grid.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.getByTestId('queue-bulk-bar').getByRole('button', { name: /^Retry/ }).click();
  await page.getByTestId('bulk-confirm').getByRole('button', { name: 'Back' }).click();
  assert.equal(await page.getByTestId('bulk-confirm').count(), 0, 'Back changes nothing');
  await page.getByTestId('queue-bulk-bar').getByRole('button', { name: /^Retry/ }).click();
  assert.equal(await confirmBulk(page, /^Retry/), `Queued again: ${refused - suspended} requests.`);
  await page.getByTestId('queue-empty').waitFor();
  assert.equal((await host.call('listRequests', { states: ['rejected'], limit: 0 })).total, 0);

  // Cancel everything: what cannot be cancelled is counted by reason.
  await page.locator('[data-filter="all"]').click();
  await page.getByLabel('Select all').check();
  await page.getByTestId('queue-bulk-bar').getByRole('button', { name: /^Cancel/ }).click();
  const cancellable = expected((i) => ['queued', 'retry_wait', 'rejected'].includes(stateOf(i)));
  const summary = await confirmBulk(page, /^Cancel requests/);
  assert.match(summary, new RegExp(`^Cancelled: ${n(cancellable)} requests\\. Left as they were: .*"Delivered" cannot be cancelled`));
  await screenshot(page, 'lists-bulk-summary');
  assert.equal((await host.call('listRequests', { states: ['queued', 'retry_wait', 'rejected'], limit: 0 })).total, 0);
  assert.deepEqual(pageErrors, []);
});

test('Deliver: delivered ones hidden unless asked for, a search, and Select all taking only what is shown', async (t) => {
  const dir = tempDir(t);
  fillRequests(dir, N);
  const host = await startHostProcess(dir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="deliver"]');
  const list = page.locator('table[aria-label="Responses to deliver"]');
  await list.locator('tr[data-request-id]').first().waitFor();
  const ready = expected((i) => stateOf(i) === 'fulfilled');
  const delivered = expected((i) => stateOf(i) === 'delivered');
  assert.equal(await list.getAttribute('aria-rowcount'), String(ready + 1));
  assert.equal(await list.locator('tr[data-request-id][data-state="delivered"]').count(), 0, 'delivered ones are hidden');

  await page.getByLabel('Select all').check();
  assert.equal(await selectedText(page, 'deliver'), `${n(ready)} of ${n(ready)} selected`, 'Select all takes the ready ones only');
  assert.equal(await page.getByRole('button', { name: /^Export/ }).innerText(), `Export ${ready} files…`);

  await page.getByLabel(/Show delivered/).check();
  await list.locator('tr[data-request-id][data-state="delivered"]').first().waitFor();
  assert.equal(await list.getAttribute('aria-rowcount'), String(ready + delivered + 1));
  assert.equal(await selectedText(page, 'deliver'), `Nothing selected`, 'a new filter starts a new selection');

  await page.getByLabel('Search responses').fill('device-1234');
  await list.locator('tr[data-request-id]', { hasText: 'line-70-device-1234' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Responses to deliver"] tr[data-request-id]').length === 1);
  await page.getByLabel('Search responses').fill('');
  await page.getByLabel(/Show delivered/).uncheck();
  await list.locator('tr[data-request-id]').nth(3).waitFor();

  // Keyboard in Deliver: Space picks, Enter shows the active response as a QR code.
  await list.focus();
  await page.keyboard.press('Space');
  assert.equal(await selectedText(page, 'deliver'), `1 of ${ready} selected`);
  assert.deepEqual(pageErrors, []);
});

test('the lists at 640, 1280 and 1920 px: one line per row, no clipped columns', async (t) => {
  const dir = tempDir(t);
  fillRequests(dir, 300);
  const host = await startHostProcess(dir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  for (const width of [640, 1280, 1920]) {
    await page.setViewportSize({ width, height: width === 640 ? 900 : width === 1280 ? 800 : 1080 });
    for (const screen of ['queue', 'deliver'] as const) {
      await page.click(`button[data-screen="${screen}"]`);
      const rows = page.locator(`[data-testid="${screen}-screen"] tr[data-request-id]`);
      await rows.nth(2).waitFor();
      const heights = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      assert.ok(heights.every((h) => h <= 40), `${screen} at ${width} px: every row is one line (${Math.max(...heights)} px)`);
      const overflow = await page.locator(`[data-testid="${screen}-screen"] .vlist`).evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(overflow <= 1, `${screen} at ${width} px: no column runs off the list (${overflow} px)`);
      // The window as the engineer sees it (a full-page capture would widen the viewport to the status bar's overflow).
      await page.screenshot({ path: path.join(outputDir('e2e', 'screenshots'), `lists-${screen}-${width}.png`) });
    }
  }
  assert.deepEqual(pageErrors, []);
});

test('a screen not shown fetches nothing: changes while on Capture ask main for no list; the Queue catches up when shown', async (t) => {
  const dir = tempDir(t);
  fillRequests(dir, 200);
  const host = await startHostProcess(dir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const listCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/listRequests')) listCalls.push(request.postData() ?? '');
  });
  await page.click('button[data-screen="queue"]');
  await row(page, 0).waitFor();
  await page.click('button[data-screen="capture"]');
  listCalls.length = 0;
  for (let i = 0; i < 5; i++) await host.call('capture', { items: [item(`late-${i}.json`, seed004File('AAAAA-11111-BBBBB-22222-CCCCC', `late-${i}`))] });
  await page.locator('nav').getByText('Queue').waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(listCalls, [], 'no list is fetched for a screen not shown');

  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]', { hasText: 'late-4' }).waitFor();
  assert.equal(await page.locator('table[aria-label="Requests"]').getAttribute('aria-rowcount'), String(205 + 1));
  const windows = listCalls.map((body) => JSON.parse(body) as { limit?: number });
  assert.ok(windows.length >= 1 && windows.every((w) => w.limit !== undefined && w.limit <= 500), `only windows are fetched: ${JSON.stringify(windows)}`);
  assert.deepEqual(pageErrors, []);
});
