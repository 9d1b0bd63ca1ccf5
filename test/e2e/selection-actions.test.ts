// A selection in the lists does an engineer's day's chores at once (issue: visits and seat returns take
// part in bulk selection): move to a visit, return the seats of dead devices (two confirmations, queued
// and synced: the licence server frees them), and mark exported answers delivered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'PLANT-SEATS-SELEC-TIONS-00001';
const row = (page: Page, device: string) => page.locator('tr[data-request-id]', { hasText: device });

test('a selection moves to a visit, returns its seats (confirmed twice), and is marked delivered', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const devices = ['press-1', 'press-2', 'press-3', 'press-4'];
  await host.call('capture', { items: devices.map((d) => item(`${d}.json`, seed004File(KEY, d))) });
  await host.call('syncNow', {});
  assert.equal(licenses.state.activationCount(KEY), 4);
  const visit = await host.call('startVisit', { customer: 'Northwind', site: 'Hall 3' });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  await row(page, 'press-4').waitFor();

  // Every request into the visit: Select all, Move to visit…
  await page.getByTestId('queue-bulk-bar').getByLabel('Select all').check();
  await page.getByRole('button', { name: 'Move to visit…' }).click();
  const dialog = page.getByTestId('selection-dialog');
  await dialog.getByLabel('Visit').selectOption(visit.id);
  await screenshot(page, 'selection-move-to-visit');
  await dialog.getByRole('button', { name: 'Move 4 requests' }).click();
  await dialog.waitFor({ state: 'detached' });
  for (;;) {
    const { requests } = await host.call('listRequests', {});
    if (requests.every((r) => r.visitId === visit.id)) break;
    await page.waitForTimeout(100);
  }

  // Two dead devices: their seats go back, after a reason and a second confirmation.
  await row(page, 'press-1').click();
  await page.getByRole('button', { name: 'Close' }).first().click();
  await row(page, 'press-2').click({ modifiers: ['ControlOrMeta'] });
  assert.match(await page.getByTestId('queue-selected').innerText(), /^2 of 4 selected/);
  await page.getByRole('button', { name: 'Return seats…' }).click();
  const seats = page.getByTestId('seat-return-confirm');
  await seats.getByLabel('Reason').fill('Both controllers burnt out in the flood; replaced');
  await seats.getByRole('button', { name: 'Continue' }).click();
  await seats.getByTestId('seat-return-question').filter({ hasText: '2 devices, each on its own licence' }).waitFor();
  await screenshot(page, 'selection-return-seats');
  await seats.getByRole('button', { name: 'Yes, return the seat of 2 devices' }).click();
  await page.getByText('2 seat returns queued.').waitFor();
  await host.call('syncNow', {});
  assert.equal(licenses.state.activationCount(KEY), 2, 'the server freed both seats');
  const returns = (await host.call('listRequests', { search: 'press' })).requests.filter((r) => r.kind === 'deactivate');
  assert.equal(returns.length, 2);
  assert.ok(returns.every((r) => r.state === 'fulfilled' && r.visitId === visit.id), 'each return is proven and belongs to the open visit');

  // Deliver: the two answers still with live seats, marked delivered at once.
  await page.click('button[data-screen="deliver"]');
  await row(page, 'press-4').waitFor();
  await page.getByTestId('deliver-bulk-bar').getByLabel('Select all').check();
  const selected = await page.getByTestId('deliver-selected').innerText();
  await page.getByRole('button', { name: 'Mark selected delivered…' }).click();
  await page.getByTestId('selection-dialog').getByRole('button', { name: /^Mark \d+ answers? delivered$/ }).click();
  await page.getByText(/answers? marked delivered/).waitFor();
  const delivered = (await host.call('listRequests', { states: ['delivered'] })).requests.length;
  assert.equal(delivered, Number(/^(\d+) of/.exec(selected)![1]));
  assert.deepEqual(pageErrors, []);
});
