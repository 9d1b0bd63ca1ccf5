// Image import end to end: a screenshot holding three QR codes, a JPEG photo of one, an image with
// none and a request file, dropped together on the Capture screen of the web host in Chromium.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRequest, randomNonce } from '../../shared/device/kit.ts';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { keygenQrText, machineId, seed004File } from '../support/requests.ts';
import { compose } from '../support/screen-image.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';

test('a screenshot with three QR codes, a JPEG photo and an image without a code are all handled', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('dropzone').waitFor();

  const kiosk = await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('image-kiosk'), nonce: randomNonce(), createdAt: Math.floor(Date.now() / 1000), device: { hostname: 'image-kiosk' } });
  const seed004 = seed004File(KEY, 'image-seed004');
  const keygen = keygenQrText(KEY, machineId('image-keygen'));
  const photoRequest = seed004File(KEY, 'image-photo');

  const shot = await compose(page, 1600, 900, [
    { code: kiosk.ur, x: 60, y: 120, size: 420 },
    { code: seed004, x: 600, y: 160, size: 400 },
    { code: keygen, x: 1120, y: 200, size: 360 },
  ], 'image/png');
  const photo = await compose(page, 1280, 720, [{ code: photoRequest, x: 420, y: 120, size: 480 }], 'image/jpeg');
  const blank = await compose(page, 800, 600, [], 'image/png');

  await page.locator('[data-testid="capture-input"]').setInputFiles([
    { name: 'device-screen.png', mimeType: 'image/png', buffer: shot },
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: 'blank.png', mimeType: 'image/png', buffer: blank },
    { name: 'also-a-file.json', mimeType: 'application/json', buffer: Buffer.from(seed004File(KEY, 'image-file')) },
  ]);
  const results = page.getByTestId('capture-summary');
  await results.filter({ hasText: '5 queued' }).waitFor({ timeout: 20_000 });
  for (let i = 1; i <= 3; i++) await page.locator(`.result[data-outcome="queued"][data-file="device-screen.png — code ${i} of 3"]`).waitFor();
  await page.locator('.result[data-outcome="queued"][data-file="photo.jpg"]').waitFor();
  await page.locator('.result[data-outcome="queued"][data-file="also-a-file.json"]').waitFor();
  assert.match(await page.locator('.result[data-outcome="error"][data-file="blank.png"]').innerText(), /No QR code found in this image/);
  // The kiosk request read from the screenshot is the very one the device made (its id hashes the canonical bytes).
  const fromShot = await host.call('getRequest', { id: kiosk.requestId });
  assert.equal(fromShot.id, kiosk.requestId);
  assert.equal(fromShot.format, 'kiosk-request-v1');
  assert.equal(fromShot.deviceLabel, 'image-kiosk');
  assert.match(fromShot.sourceName, /^device-screen\.png — code [1-3] of 3$/);
  await page.locator('.result[data-file="blank.png"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-image-import');

  // The same screenshot again: nothing is queued twice.
  await page.locator('[data-testid="capture-input"]').setInputFiles([{ name: 'device-screen.png', mimeType: 'image/png', buffer: shot }]);
  await results.filter({ hasText: '3 already in the queue' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('files dropped while an image is being decoded are captured after it, none lost', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('dropzone').waitFor();

  const codes = await Promise.all(
    ['busy-kiosk-1', 'busy-kiosk-2'].map((name) =>
      makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId(name), nonce: randomNonce(), createdAt: Math.floor(Date.now() / 1000), device: { hostname: name } }),
    ),
  );
  // A large screenshot: decoding it (downscaled, then at full size) keeps the capture busy for a while.
  const large = await compose(page, 3600, 2400, [
    { code: codes[0]!.ur, x: 200, y: 300, size: 900 },
    { code: codes[1]!.ur, x: 2000, y: 900, size: 900 },
  ], 'image/png');
  const photo = await compose(page, 1280, 720, [{ code: seed004File(KEY, 'busy-photo'), x: 420, y: 120, size: 480 }], 'image/jpeg');

  await page.locator('[data-testid="capture-input"]').setInputFiles([{ name: 'large-screen.png', mimeType: 'image/png', buffer: large }]);
  await page.locator('.capture-busy').waitFor();
  // Dropped while the first image is still being decoded: a request file and another image.
  await dropFiles(page, '[data-testid="capture-screen"]', [{ name: 'dropped-while-busy.json', text: seed004File(KEY, 'busy-file'), type: 'application/json' }]);
  await page.locator('[data-testid="capture-input"]').setInputFiles([{ name: 'photo-while-busy.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  assert.ok(await page.locator('.capture-busy').isVisible(), 'both were dropped while the first capture was running');

  await page.getByTestId('capture-summary').filter({ hasText: '4 items: 4 queued' }).waitFor({ timeout: 30_000 });
  await page.locator('.capture-busy').waitFor({ state: 'detached' });
  const names = await page.locator('.result-list > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-file')));
  assert.deepEqual(names, ['large-screen.png — code 1 of 2', 'large-screen.png — code 2 of 2', 'dropped-while-busy.json', 'photo-while-busy.jpg'], 'in the order dropped');
  assert.equal((await host.call('listRequests', {})).requests.length, 4);
  assert.deepEqual(pageErrors, []);
});

test('a QR decoder that cannot load refuses every image at once, and the camera says it stopped', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  const workerLoads: string[] = [];
  await page.route(/decoder\.worker[^/]*\.js$/, (route) => {
    workerLoads.push(route.request().url());
    return route.fulfill({ status: 404, body: 'not here' });
  });
  await page.getByTestId('dropzone').waitFor();

  const request = await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('image-no-decoder'), nonce: randomNonce(), createdAt: Math.floor(Date.now() / 1000) });
  const shot = await compose(page, 800, 600, [{ code: request.ur, x: 200, y: 100, size: 400 }], 'image/png');
  const summary = page.getByTestId('capture-summary');
  for (const name of ['first.png', 'second.png']) {
    // The second import starts a new worker, which fails too: it ends as well (it used to wait forever).
    await page.locator('[data-testid="capture-input"]').setInputFiles([{ name, mimeType: 'image/png', buffer: shot }]);
    const refused = page.locator(`.result[data-outcome="error"][data-file="${name}"]`);
    await refused.waitFor({ timeout: 20_000 });
    assert.match(await refused.innerText(), /The QR decoder could not start/);
    await summary.filter({ hasText: '1 not added' }).waitFor();
    await page.locator('.capture-busy').waitFor({ state: 'detached' });
  }
  assert.equal(workerLoads.length, 2, workerLoads.join('\n'));

  // The camera's frames go to the decoder too: the camera stops and says why instead of scanning forever.
  await page.getByRole('button', { name: 'Start camera' }).click();
  await page.locator('[data-testid="camera-panel"][data-status="failed"]').waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId('camera-status').innerText(), /Camera stopped\. The QR decoder could not start/);
  await screenshot(page, 'capture-decoder-failed');
  assert.deepEqual(pageErrors.filter((e) => !/404|Failed to load/.test(e)), []);
});
