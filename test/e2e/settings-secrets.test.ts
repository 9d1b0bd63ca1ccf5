// Settings and the rules that keep a token with its server, in Debian Chromium against the web host:
// moving a connection to another address warns before saving and says the stored token was cleared,
// plain http to another computer is refused beside the field unless the engineer ticks the red
// "Allow unencrypted http" choice, and the list shows both (screenshots for review).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('Settings: a moved address clears the token (warned first), http to another computer only by a red choice', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const other = await startKeygenServer(keygenSampleOptions());
  t.after(() => other.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { vendor: 'keygen', name: 'Lab Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="settings"]');
  await page.locator('[data-testid="connection-secret"][data-saved="true"]').waitFor();

  // Another address, no token typed: the warning comes before the save.
  await page.getByLabel('Base URL').fill(other.url);
  const warning = page.getByTestId('token-will-clear');
  await warning.waitFor();
  assert.match(await warning.innerText(), new RegExp(`from ${keygen.origin} to ${other.origin}: saving clears the stored token`));
  await page.getByLabel('Base URL').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-token-will-clear');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.equal(await page.getByTestId('connection-notice').innerText(), 'The API address changed, so the stored token was cleared: enter it again.');
  const item = page.locator('[data-testid="connection-item"]');
  await item.getByTestId('connection-problem').waitFor();
  assert.match(await item.innerText(), /no token saved/);
  assert.match(await item.getByTestId('connection-problem').innerText(), /has no API token: enter it in Settings/);
  await page.getByTestId('connection-list').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-token-cleared');

  // Plain http to another computer: refused beside the field until the red choice is ticked.
  await page.getByLabel('Base URL').fill(`http://licensing.example.com/v1/accounts/${KEYGEN_SAMPLES.accountId}`);
  const choice = page.getByTestId('insecure-http');
  await choice.waitFor();
  assert.equal(await choice.evaluate((el) => getComputedStyle(el).color), 'rgb(180, 35, 35)', 'the choice is shown in red');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await page.locator('.field.has-error .field-error').first().innerText(), /licensing\.example\.com would be reached over unencrypted http:\/\/.*use https:\/\//);
  await page.getByLabel('Base URL').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-insecure-refused');
  await choice.getByLabel('Allow unencrypted http to this server').check();
  await page.getByLabel('API token').fill('prod-typed-for-the-plain-http-server');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('connection-saved').waitFor();
  await item.locator('.tag-bad', { hasText: 'Unencrypted http' }).waitFor();
  assert.match(await choice.innerText(), /anyone on the network .* can read the API token/);
  await page.getByTestId('connection-list').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-insecure-chosen');

  // Back to https drops the choice (it means nothing there).
  await page.getByLabel('Base URL').fill(`https://licensing.example.com/v1/accounts/${KEYGEN_SAMPLES.accountId}`);
  assert.equal(await choice.count(), 0);
  assert.deepEqual(pageErrors, []);
});
