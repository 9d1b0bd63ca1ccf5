// Keygen and Cryptlex end to end in Debian Chromium against the web host and the two vendor test
// servers: add both connections in Settings (tokens typed once, then only "saved"), capture a Keygen
// example QR payload and a Cryptlex request file, enter the Cryptlex licence key, sync, export both,
// and check the machine file verifies with the account key and the Cryptlex response names the licence.
import assert from 'node:assert/strict';
import { createDecipheriv, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { addConnection } from '../support/settings-page.ts';
import { readCryptlexResponse } from '../support/cryptlex-device-reader.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { exportAllAnswers } from '../support/deliver-page.ts';
import { keygenQrText, machineId } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

// A machine file reader written from ../shared/reference/keygen.md alone (as in the unit test).
function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}
function readMachineFile(text: string, publicKeyHex: string, licenseKey: string, fingerprint: string): Record<string, unknown> {
  const body = text.replace('-----BEGIN MACHINE FILE-----', '').replace('-----END MACHINE FILE-----', '').replace(/\s+/g, '');
  const { enc, sig, alg } = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { enc: string; sig: string; alg: string };
  assert.ok(verify(null, Buffer.from(`machine/${enc}`), publicKeyFromHex(publicKeyHex), Buffer.from(sig, 'base64')), 'the machine file signature verifies with the account key');
  if (alg === 'base64+ed25519') return JSON.parse(Buffer.from(enc, 'base64').toString('utf8')) as Record<string, unknown>;
  assert.equal(alg, 'aes-256-gcm+ed25519');
  const [ciphertext, iv, tag] = enc.split('.').map((p) => Buffer.from(p, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', createHash('sha256').update(licenseKey + fingerprint).digest(), iv as Buffer);
  decipher.setAuthTag(tag as Buffer);
  return JSON.parse(Buffer.concat([decipher.update(ciphertext as Buffer), decipher.final()]).toString('utf8')) as Record<string, unknown>;
}

test('Keygen QR and Cryptlex request file: capture, sync, export, verify', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const dataDir = tempDir(t);
  const host = await startHostProcess(dataDir);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('demo-card').waitFor();
  await page.click('button[data-screen="settings"]');

  // Keygen, with a product token.
  await addConnection(
    page,
    'keygen',
    { Name: 'Lab Keygen', 'Base URL': keygen.url, 'Account verify key': keygen.publicKeyHex, Authentication: 'token', 'API token': KEYGEN_SAMPLES.tokens.product },
    { test: true },
  );
  await page.locator('[data-testid="connection-secret"][data-saved="true"]').waitFor();
  assert.equal(await page.getByTestId('connection-secret').inputValue(), '', 'the token is never echoed back');

  // Cryptlex, with its access token and product key.
  await addConnection(
    page,
    'cryptlex',
    { Name: 'Cryptlex EU', 'Base URL': cryptlex.url, 'Product public key (PEM, optional)': cryptlex.productPublicKeyPem, 'API token': CRYPTLEX_SAMPLES.tokens.full },
    { test: true },
  );
  await page.locator('[data-testid="connection-item"]').nth(1).waitFor();
  assert.deepEqual(await page.locator('[data-testid="connection-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-vendor'))), ['keygen', 'cryptlex']);
  assert.equal(await page.locator('[data-testid="connection-item"]', { hasText: 'token saved' }).count(), 2);
  // The screen scrolls inside the app shell: show the list of connections at the top.
  await page.getByTestId('connection-list').scrollIntoViewIfNeeded();
  await page.getByTestId('settings-screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-connections');
  const html = await page.content();
  for (const secret of [KEYGEN_SAMPLES.tokens.product, CRYPTLEX_SAMPLES.tokens.full]) assert.ok(!html.includes(secret), 'a token in the page');

  // Capture: a Keygen example QR payload as a text file and a Cryptlex request file.
  const licenseKey = KEYGEN_SAMPLES.licenses.floating3.key;
  const fingerprint = machineId('press-12');
  const clKey = CRYPTLEX_SAMPLES.licenses.twoSeats;
  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [
    { name: 'keygen-qr.txt', text: keygenQrText(licenseKey, fingerprint) },
    { name: 'ctrl-4.req', text: makeOfflineRequest({ type: 'activation', key: clKey.key, fp: 'c0ffee00c0ffee00c0ffee00c0ffee00', pid: CRYPTLEX_SAMPLES.productId, hostname: 'ctrl-4' }) },
  ]);
  await page.locator('[data-outcome="queued"]').nth(1).waitFor();

  // Queue: the Cryptlex file came without its key; the engineer enters it, then syncs.
  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]').nth(1).waitFor();
  await page.locator('tr[data-request-id]', { hasText: /Cryptlex/ }).click();
  await page.getByTestId('license-key-form').waitFor();
  await page.getByLabel('Licence key').fill(clKey.key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('license-key-form').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(1).waitFor({ timeout: 15_000 });
  await screenshot(page, 'vendor-queue');

  // Deliver both: one ZIP download with a manifest.
  const download = await exportAllAnswers(page, 2);
  const exportDir = outputDir('e2e', 'vendor-exports');
  for (const f of fs.readdirSync(exportDir)) fs.rmSync(path.join(exportDir, f));
  const zipFile = path.join(exportDir, download.suggestedFilename());
  await download.saveAs(zipFile);
  const files = new Map(Object.entries(unzipSync(fs.readFileSync(zipFile))).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')] as const));
  assert.ok(files.delete('manifest.json'), 'the ZIP carries its manifest');
  const machineFile = [...files].find(([name]) => name.endsWith('.lic'));
  assert.ok(machineFile, `a Keygen machine file among ${[...files.keys()].join(', ')}`);
  const doc = readMachineFile(machineFile[1], keygen.publicKeyHex, licenseKey, fingerprint) as { data: { attributes: { fingerprint: string } } };
  assert.equal(doc.data.attributes.fingerprint, fingerprint);
  const response = [...files].find(([name]) => name.includes('cryptlex'));
  assert.ok(response, `a Cryptlex response among ${[...files.keys()].join(', ')}`);
  // The device reads it as LexActivator would (a reader written apart from the connector).
  const { claims } = await readCryptlexResponse(response[1], { productPublicKeyPem: cryptlex.productPublicKeyPem, fingerprint: 'c0ffee00c0ffee00c0ffee00c0ffee00', licenseId: clKey.id });
  assert.equal(claims.lid, clKey.id, 'the Cryptlex response names the licence');
  assert.equal(keygen.state.machines(licenseKey).length, 1);
  assert.equal(cryptlex.state.activations(clKey.id).length, 1);

  // Neither token reached the SQLite file.
  const db = Buffer.concat(['kiosk.sqlite', 'kiosk.sqlite-wal'].flatMap((f) => (fs.existsSync(path.join(dataDir, f)) ? [fs.readFileSync(path.join(dataDir, f))] : [])));
  for (const secret of [KEYGEN_SAMPLES.tokens.product, CRYPTLEX_SAMPLES.tokens.full]) assert.equal(db.indexOf(Buffer.from(secret)), -1);
  assert.deepEqual(pageErrors, []);
});
