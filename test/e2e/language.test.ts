// English and German in Chromium against the web host: the language follows the OS (here the host's
// LANG), Settings can choose another and main keeps the choice, main's own sentences follow it, and
// times are written the locale's way (24 h in German).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginPage, openKioskPage, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('the language follows the OS, can be chosen in Settings and is kept; German times read 24 h', async (t) => {
  const host = await startHostProcess(tempDir(t), [], { locale: { LANG: 'de_DE.UTF-8' } });
  t.after(() => host.stop());
  await host.call('startVisit', { customer: 'Nordwind Pharma', site: 'Halle 4' });
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);

  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
  const nav = page.locator('nav');
  for (const name of ['Erfassen', 'Warteschlange', 'Zustellen', 'Einstellungen', 'Protokoll']) await nav.getByText(name, { exact: true }).waitFor();
  const times = await page.locator('.visit-bar time').allInnerTexts();
  assert.ok(times.length > 0 && times.every((time) => /^\d{2}:\d{2}$/.test(time)), `24 h times in German: ${times.join(', ')}`);
  // Main's own sentences are German too (a PIN the contract refuses).
  await assert.rejects(host.call('startKioskMode', { pin: '12' }), (error: Error) => /PIN/.test(error.message) && !/digits/.test(error.message));
  await page.click('button[data-screen="settings"]');
  await screenshot(page, 'language-settings-de');

  await page.locator('[data-testid="language"] input[value="en"]').check();
  await nav.getByText('Queue', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal((await host.call('getUiPreferences', {})).language, 'en', 'main keeps the choice');
  await assert.rejects(host.call('startKioskMode', { pin: '12' }), /4 to 12 digits/);
  await screenshot(page, 'language-settings-en');

  // A new page opens in the chosen language, and "like the computer" goes back to German.
  await loginPage(page, await host.openUrl());
  await nav.getByText('Queue', { exact: true }).waitFor();
  await page.click('button[data-screen="settings"]');
  await page.locator('[data-testid="language"] input[value="system"]').check();
  await nav.getByText('Warteschlange', { exact: true }).waitFor();
  assert.deepEqual(pageErrors.filter((e) => !/status of 400/.test(e)), []);
});
