// The engineer's name at first start, and the Audit screen over 100,000 entries, in Debian Chromium
// against the web host: the list, its filters, the keyboard, both exports (the bundle checked by the
// verify command), the signing key in Settings, and a narrow window.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../electron/store/database.ts';
import { appendChained } from '../support/audit-trail.ts';
import { runAuditCli } from '../support/audit-cli.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('first start asks for the engineer’s name and takes no other way out', async (t) => {
  const host = await startHostProcess(tempDir(t), [], { engineer: null });
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const dialog = page.getByTestId('engineer-first-run');
  await dialog.getByRole('heading', { name: 'Who is working on this kiosk?' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'first-run-name', 'the name field has the focus');
  await screenshot(page, 'audit-first-run-name');

  await page.keyboard.press('Escape');
  assert.ok(await dialog.isVisible(), 'Escape does not skip it');
  await page.keyboard.press('Enter');
  await dialog.getByRole('alert').waitFor();
  assert.match(await dialog.getByRole('alert').innerText(), /Enter your name/);
  await screenshot(page, 'audit-first-run-name-missing');

  await page.keyboard.type('Ana Lima');
  await page.keyboard.press('Tab');
  await page.keyboard.type('FE-104');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await host.call('getEngineer', {}), { engineer: { name: 'Ana Lima', id: 'FE-104' } });

  // Settings shows it for editing, and the signing key's fingerprint.
  await page.keyboard.press('Alt+4');
  const card = page.getByTestId('engineer-settings');
  assert.equal(await card.getByLabel('Your name').inputValue(), 'Ana Lima');
  const { fingerprint } = await host.call('getAuditKey', {});
  await page.getByTestId('audit-key-fingerprint').filter({ hasText: fingerprint }).waitFor();
  await card.getByLabel('Your name').fill('Ana Lima-Berg');
  await card.getByRole('button', { name: 'Update name' }).click();
  await card.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal((await host.call('getEngineer', {})).engineer?.name, 'Ana Lima-Berg');
  await page.getByTestId('audit-key').scrollIntoViewIfNeeded();
  await screenshot(page, 'audit-settings-engineer-key');
  assert.deepEqual(pageErrors, []);
});

/** The rows the list shows now, as their entry numbers. */
const shownSeqs = (page: Page) => page.locator('.audit-row[data-seq]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));

test('the Audit screen shows 100,000 entries, filters them, moves by keyboard and exports both forms', async (t) => {
  const dataDir = tempDir(t);
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  appendChained(db, 100_000);
  db.close();
  const host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  await host.call('capture', { items: ['press-1', 'press-2', 'press-3'].map((d) => item(`${d}.json`, seed004File('AAAAA-11111-BBBBB-22222-CCCCC', d))) });
  const { total, entries: [newest] } = await host.call('listAudit', { filter: {}, offset: 0, limit: 1 });
  assert.ok(total > 100_000, 'the filled trail, the engineer named and three captures');
  const top = newest!.seq;
  const all = `${total.toLocaleString('en')} entries`;
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);

  await page.keyboard.press('Alt+5');
  const count = page.getByTestId('audit-count');
  await count.filter({ hasText: all }).waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="audit-chain"][data-state="ok"]').waitFor({ timeout: 20_000 });
  await page.locator(`.audit-row[data-seq="${top}"]`).waitFor();
  const rendered = await page.locator('.audit-row').count();
  assert.ok(rendered < 80, `only the rows in view are in the page (${rendered})`);
  await screenshot(page, 'audit-screen');

  // Keyboard: the list takes focus; arrows, End and Home move the active entry, shown below the list.
  const list = page.getByTestId('audit-list');
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.getByTestId('audit-entry').filter({ hasText: `#${top - 2},` }).waitFor();
  await page.keyboard.press('End');
  await page.locator('.audit-row.is-active[data-seq="1"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('audit-entry').filter({ hasText: '#1,' }).waitFor();
  await screenshot(page, 'audit-screen-end');
  await page.keyboard.press('Home');
  await page.locator(`.audit-row.is-active[data-seq="${top}"]`).waitFor();
  await page.keyboard.press('PageDown');
  const afterPage = Number(await page.locator('.audit-row.is-active').getAttribute('data-seq'));
  assert.ok(afterPage < top - 1 && afterPage > top - 30, `Page Down moves a screenful (${afterPage})`);

  // Filters: event, engineer, device, date; each answered by main.
  await page.getByLabel('Event').selectOption('delivered');
  await count.filter({ hasText: '20,000 entries' }).waitFor();
  assert.ok((await shownSeqs(page)).every((seq) => seq % 5 === 3), 'only delivered entries (seq % 5 = 3 in the filled trail)');
  await page.getByLabel('Who').selectOption({ label: 'Ben Okoro' });
  await count.filter({ hasText: /^[\d,]+ entries$/ }).waitFor();
  const both = await host.call('listAudit', { filter: { event: 'delivered', engineer: 'Ben Okoro' }, offset: 0, limit: 1 });
  await count.filter({ hasText: `${both.total.toLocaleString('en')} entries` }).waitFor();
  await page.getByLabel('From (UTC)').fill('2026-01-02');
  await page.getByLabel('To (UTC)').fill('2026-01-02');
  const day = await host.call('listAudit', { filter: { event: 'delivered', engineer: 'Ben Okoro', from: '2026-01-02', to: '2026-01-02' }, offset: 0, limit: 1 });
  await count.filter({ hasText: `${day.total.toLocaleString('en')} entries` }).waitFor();
  await screenshot(page, 'audit-screen-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await count.filter({ hasText: all }).waitFor();
  await page.getByLabel('Device').fill('press-2');
  await count.filter({ hasText: '1 entry' }).waitFor();
  assert.match(await page.locator('.audit-row[data-seq]').first().innerText(), /Test Engineer[\s\S]*Captured[\s\S]*press-2/);

  // CSV of what the filter shows; the signed bundle of everything, checked offline.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
  const csvText = fs.readFileSync(await csv.path(), 'utf8');
  assert.equal(csvText.trim().split('\r\n').length, 2, 'the header and the one press-2 entry');
  assert.match(csvText, /"Test Engineer".*"captured","press-2"/);
  const [bundle] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('audit-export-bundle').click()]);
  assert.match(bundle.suggestedFilename(), /^audit-bundle-\d{4}-\d\d-\d\d\.json$/);
  const bundleFile = path.join(tempDir(t), bundle.suggestedFilename());
  await bundle.saveAs(bundleFile);
  const verified = await runAuditCli(['verify', bundleFile, '--key', (await host.call('getAuditKey', {})).fingerprint]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, new RegExp(`intact: ${total + 1} entries`), 'the trail with the CSV export\'s own entry');

  // A narrow window: entries on two lines, filters wrapped, nothing cut off sideways.
  await page.getByLabel('Device').fill('');
  await count.filter({ hasText: /^100,0\d\d entries$/ }).waitFor();
  await page.setViewportSize({ width: 640, height: 800 });
  await page.locator('.audit-row[data-seq]').first().waitFor();
  const overflow = await page.getByTestId('audit-screen').evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling at 640 px (${overflow})`);
  await screenshot(page, 'audit-screen-narrow');
  assert.deepEqual(pageErrors, []);
});

test('a trail edited outside the kiosk is reported on every screen with the first broken entry', async (t) => {
  const dataDir = tempDir(t);
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  appendChained(db, 40);
  db.prepare("UPDATE audit SET detail = 'Delivered to press-9' WHERE seq = 17").run();
  db.close();
  const host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const banner = page.getByTestId('audit-chain-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Audit entry #17 does not match its hash/);
  await screenshot(page, 'audit-chain-broken-banner');
  await banner.getByRole('button', { name: 'Open Audit' }).click();
  await page.locator('[data-testid="audit-chain"][data-state="broken"]').filter({ hasText: 'Chain broken at entry #17' }).waitFor();
  await page.getByTestId('audit-export-bundle').click();
  await page.locator('.toast', { hasText: 'broken at entry #17, so the kiosk will not sign it' }).waitFor();
  await screenshot(page, 'audit-chain-broken-screen');
  assert.deepEqual(pageErrors.filter((e) => !/status of 4\d\d/.test(e)), []);
});
