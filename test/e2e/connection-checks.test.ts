// Test connection says what it found, in Debian Chromium against the web host: a Keygen connection
// holding another account's public key fails with "Check the public key" (Keygen signs every answer,
// so the key is checked on the ping, with no side effect); a licence API that is not listening says
// the request did not reach it, and the check it could not run says "Not run", not "Failed".
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('Test connection: a wrong Keygen key fails; an unreachable server is named, and what could not run says "Not run"', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const otherKeyHex = Buffer.from((generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
  await host.call('saveConnection', { vendor: 'keygen', name: 'Lab Keygen', baseUrl: keygen.url, publicKeyHex: otherKeyHex, verifyResponseSignatures: false });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="settings"]');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.locator('[data-testid="connection-test"][data-ok="false"]');
  await result.waitFor();
  const signatures = result.locator('[data-check="Response signatures"]');
  assert.equal(await signatures.getAttribute('data-ok'), 'false');
  assert.match(await signatures.innerText(), /Check the public key: it must be the account's Ed25519 public key from Keygen's settings\./);
  await result.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'connection-test-wrong-keygen-key');

  // A licence API where nothing listens, typed into a new connection's form.
  const port = await closedPort();
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await page.getByTestId('add-connection').click();
  await page.getByTestId('connection-vendor').selectOption('generic');
  await page.getByLabel('Name', { exact: true }).fill('Nothing there');
  await page.getByLabel('Base URL').fill(`http://127.0.0.1:${port}`);
  await page.getByLabel('Vendor public key (PEM)').fill(pem);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const unreachable = page.locator('[data-testid="connection-test"][data-ok="false"]', { has: page.locator('[data-check="Licence API"]') });
  await unreachable.waitFor();
  assert.match(await unreachable.locator('[data-check="Server reachable"]').innerText(), /refused the connection \(nothing listens at that address\); the request did not reach it\./);
  const notRun = unreachable.locator('[data-check="Licence API"]');
  assert.equal(await notRun.getAttribute('data-not-run'), 'true');
  assert.match(await notRun.innerText(), /^–\s*Not run:\s*Licence API\s*Not run: the server could not be reached\.$/);
  assert.equal(await unreachable.locator('[data-check="Public key"]').getAttribute('data-ok'), 'true');
  await unreachable.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'connection-test-not-run');
  assert.deepEqual(pageErrors, []);
});

test('a wrong public key: the request says "Check the public key" with the connection; after saving the right key, Settings offers to retry it', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: 'AAAAA-11111-BBBBB-22222-CCCCC', status: 'active', maxActivations: 5 }] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const wrongPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: wrongPem });
  const text = seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'press-1');
  const { results } = await host.call('capture', { items: [{ name: 'press-1.json', size: text.length, text }] });
  await host.call('syncNow', {});

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  await page.locator(`tr[data-request-id="${results[0]!.requestId}"]`).click();
  const problem = page.getByTestId('detail-error');
  await problem.waitFor();
  assert.match(await problem.innerText(), /^Check the public key of "Plant licence server": the answer's signature did not verify/);
  await page.getByTestId('key-problem').waitFor();
  await screenshot(page, 'request-key-problem');

  await page.click('button[data-screen="settings"]');
  await page.getByLabel('Vendor public key (PEM)').fill(licenses.publicKeyPem);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const offer = page.getByTestId('key-refusals');
  await offer.waitFor();
  assert.match(await offer.innerText(), /1 request was refused because an answer’s signature did not verify/);
  await offer.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'settings-key-refusals');
  await offer.getByRole('button', { name: 'Retry 1 request' }).click();
  await page.getByTestId('key-refusals-retried').waitFor();
  await host.call('syncNow', {});
  assert.equal((await host.call('getRequest', { id: results[0]!.requestId! })).state, 'fulfilled');
  assert.equal(licenses.state.activationCount('AAAAA-11111-BBBBB-22222-CCCCC'), 1, 'no second seat');
  assert.deepEqual(pageErrors, []);
});

test('Remove asks in the page, not with a native dialog; Esc keeps the connection; a new connection does not take the default', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const licenses = await startLicenseServer({ licenses: [] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { vendor: 'keygen', name: 'Lab Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex });
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.click('button[data-screen="settings"]');
  await page.getByTestId('add-connection').click();
  await page.getByTestId('connection-vendor').selectOption('generic');
  await page.getByLabel('Name', { exact: true }).fill('Plant API');
  await page.getByLabel('Base URL').fill(licenses.url);
  await page.getByLabel('Vendor public key (PEM)').fill(licenses.publicKeyPem);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await page.getByTestId('connection-saved').innerText(), /^Saved “Plant API”\./);
  assert.equal((await host.call('getConnection', {}))?.name, 'Lab Keygen', 'the default stays');

  await page.getByRole('button', { name: 'Remove Plant API' }).click();
  const ask = page.getByTestId('confirm-inline');
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep');
  await screenshot(page, 'settings-confirm-remove');
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal((await host.call('listConnections', {})).length, 2);
  await page.getByRole('button', { name: 'Remove Plant API' }).click();
  await ask.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('button', { name: 'Remove Plant API' }).waitFor({ state: 'detached' });
  assert.deepEqual((await host.call('listConnections', {})).map((c) => c.name), ['Lab Keygen']);
  assert.deepEqual(dialogs, [], 'no native dialog');
  assert.deepEqual(pageErrors, []);
});
