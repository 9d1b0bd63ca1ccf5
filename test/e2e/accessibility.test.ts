// Every screen in both themes through axe-core (WCAG 2.1 A/AA): no serious or critical violation,
// with requests in every list so rows, chips and row buttons are checked too. Screenshots of each
// screen in each theme go to test-output/e2e/screenshots/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SAMPLE_KEYS, sampleLicenses, startLicenseServer } from '../servers/generic/index.ts';
import { describeFindings, seriousViolations } from '../support/axe.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('every screen, light and dark, English and German: 0 serious or critical axe-core violations', async (t) => {
  const licenses = await startLicenseServer({ licenses: sampleLicenses() });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);

  // Requests in every state a list shows: fulfilled, refused, waiting.
  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [
    { name: 'press-4.json', text: seed004File(SAMPLE_KEYS.active3, 'press-4') },
    { name: 'bay-7.json', text: seed004File(SAMPLE_KEYS.active3, 'bay-7') },
    { name: 'old.json', text: seed004File(SAMPLE_KEYS.suspended, 'old-line') },
    { name: 'broken.json', text: '{"license_key": ' },
  ]);
  await page.locator('[data-outcome="error"]').first().waitFor();
  await host.call('syncNow', {});

  const screens = ['capture', 'queue', 'deliver', 'settings', 'audit'] as const;
  const report: string[] = [];
  const runs = [
    { theme: 'light', language: 'en' },
    { theme: 'dark', language: 'en' },
    { theme: 'light', language: 'de' },
    { theme: 'dark', language: 'de' },
  ] as const;
  for (const { theme, language } of runs) {
    await page.click('button[data-screen="settings"]');
    await page.getByTestId('appearance').locator(`input[name="theme"][value="${theme}"]`).check();
    await page.getByTestId('appearance').locator(`input[name="language"][value="${language}"]`).check();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    await page.waitForFunction((lang) => document.documentElement.lang.startsWith(lang), language);
    const run = `${theme}${language === 'de' ? '-de' : ''}`;
    for (const screen of screens) {
      await page.click(`button[data-screen="${screen}"]`);
      await page.locator(`main[data-screen="${screen}"]`).waitFor();
      await page.waitForTimeout(150);
      await screenshot(page, `a11y-${screen}-${run}`);
      const findings = await seriousViolations(page);
      if (findings.length) report.push(`${screen} (${run}):\n${describeFindings(findings)}`);
    }
    await page.keyboard.press('F1');
    await page.getByTestId('help-sheet').waitFor();
    await screenshot(page, `a11y-help-${run}`);
    const findings = await seriousViolations(page);
    if (findings.length) report.push(`help sheet (${run}):\n${describeFindings(findings)}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('help-sheet').waitFor({ state: 'hidden' });
  }
  assert.equal(report.length, 0, `axe-core found serious or critical violations:\n${report.join('\n\n')}`);
  assert.deepEqual(pageErrors, []);
});

test('the theme choice is kept in main: a new page opens in the chosen theme', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('setUiPreferences', { theme: 'dark' });
  const { page } = await openKioskPage(t, host.openUrl);
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(15, 18, 23)', 'the dark background');
  await page.click('button[data-screen="settings"]');
  assert.ok(await page.getByTestId('appearance').locator('input[name="theme"][value="dark"]').isChecked());
  await page.getByTestId('appearance').locator('input[name="theme"][value="system"]').check();
  await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
  // The page applies the theme at once and stores it in main right after.
  for (let tries = 0; (await host.call('getUiPreferences', {})).theme !== 'system'; tries++) {
    assert.ok(tries < 50, 'main stored the choice');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
