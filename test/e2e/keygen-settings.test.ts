// Keygen Settings in Debian Chromium against the web host: a new connection's lifetime is Keygen's
// default; "No expiry" is an explicit choice that warns that Keygen's example device refuses such
// files; Test connection shows how far the Keygen server's clock is from the laptop's, and a skew
// larger than the allowed one fails the test with both clocks named (screenshots for review).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('Keygen Settings: "No expiry" warns, response signatures are on, and Test connection shows the clock skew', async (t) => {
  // Keygen's clock runs 42 s ahead of this laptop's.
  const keygen = await startKeygenServer({ ...keygenSampleOptions(), now: () => Date.now() + 42_000 });
  t.after(() => keygen.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { vendor: 'keygen', name: 'Lab Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="settings"]');
  const lifetime = page.getByTestId('keygen-lifetime');
  await lifetime.waitFor();
  assert.equal(await lifetime.inputValue(), 'default');
  assert.equal(await page.getByTestId('keygen-no-expiry-warning').count(), 0);
  assert.equal(await page.getByLabel(/Verify Keygen’s response signatures/).isChecked(), true);
  assert.equal(await page.getByLabel('Allowed clock difference (seconds)').inputValue(), '300');

  await lifetime.selectOption('none');
  const warning = page.getByTestId('keygen-no-expiry-warning');
  await warning.waitFor();
  assert.equal(await warning.innerText(), 'Machine files will never expire. Keygen’s air-gapped example device refuses a machine file without an expiry, so devices built on it will not accept these files.');
  await lifetime.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'keygen-settings-no-expiry');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('connection-saved').waitFor();
  const [saved] = await host.call('listConnections', {});
  assert.ok(saved?.vendor === 'keygen');
  assert.deepEqual([saved.settings.checkoutTtlSeconds, saved.settings.verifyResponseSignatures, saved.settings.clockSkewSeconds], [null, true, 300]);

  await page.getByRole('button', { name: 'Test connection' }).click();
  const clock = page.locator('[data-testid="connection-test"] [data-check="Clock"]');
  await clock.waitFor();
  assert.equal(await clock.getAttribute('data-ok'), 'true');
  assert.match(await clock.innerText(), /The Keygen server's clock is 4[123] s ahead of this laptop \(within the 300 s allowed in Settings\)\./);
  await page.getByTestId('connection-test').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'keygen-settings-clock-within');

  await page.getByLabel('Allowed clock difference (seconds)').fill('10');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('[data-testid="connection-test"][data-ok="false"]').waitFor();
  assert.match(await clock.innerText(), /is 4[123] s ahead of this laptop \(more than the 10 s allowed in Settings\); answers will be refused/);
  const signatures = page.locator('[data-testid="connection-test"] [data-check="Response signatures"]');
  assert.match(await signatures.innerText(), /The Keygen server's clock says .+ and this laptop's says .+: the server is 4[123] s ahead of this laptop, more than the 10 s allowed/);
  await page.getByTestId('connection-test').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'keygen-settings-clock-refused');
  assert.deepEqual(pageErrors, []);
});
