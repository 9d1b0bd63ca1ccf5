// Camera scanning end to end: Debian Chromium's fake camera plays a Y4M video made by the device
// simulator (one Chromium per video: the flag is per launch), the page decodes it in the worker and
// the web host queues the request. Also the camera that is blocked, missing or unplugged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { grayToRgba, renderGray } from '../../shared/qr/qr-image.ts';
import { writeY4m } from '../device/y4m.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { runDeviceSync } from '../support/device-cli.ts';
import { fulfilledRequest } from '../support/fulfilled-request.ts';
import { machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess, type HostProcess } from '../support/web-host-process.ts';

const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';
const cleanups: (() => unknown)[] = [];
const suite = { after: (fn: () => unknown) => void cleanups.push(fn) };
let host: HostProcess;
let dir: string;

before(async () => {
  dir = tempDir(suite);
  host = await startHostProcess(path.join(dir, 'data'));
  cleanups.push(() => host.stop());
  runDeviceSync(['keygen', '--state', dir]);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

/** Makes a request as a Y4M video; returns its id and the simulator's report. */
function requestVideo(name: string, options: string[]): { name: string; id: string; file: string; report: string } {
  const file = path.join(dir, `${name}.y4m`);
  const report = runDeviceSync(['request', '--state', dir, '--key', KEY, '--fingerprint', machineId(name), '--hostname', name, '--y4m', file, '--fps', '10', '--size', '480', ...options]);
  return { name, id: /request ([0-9a-f]{64})/.exec(report)![1]!, file, report };
}

function fakeCamera(file: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
}

async function startCamera(page: Page): Promise<void> {
  await page.getByTestId('camera-panel').waitFor();
  await page.getByRole('button', { name: 'Start camera' }).click();
}

/** Waits for the camera scan's queued result; returns its name once main holds the request under it. */
async function queuedResult(page: Page, made: { name: string; id: string }, timeout: number): Promise<string> {
  const row = page.locator('.result[data-outcome="queued"][data-file^="Camera scan"]');
  await row.first().waitFor({ timeout });
  const name = (await row.first().getAttribute('data-file'))!;
  // The very request the device made, assembled byte for byte: its id hashes the canonical bytes, and the device's signature verifies.
  const queued = await host.call('getRequest', { id: made.id });
  assert.equal(queued.id, made.id);
  assert.equal(queued.format, 'kiosk-request-v1');
  assert.equal(queued.deviceSignature, 'verified');
  assert.equal(queued.deviceLabel, made.name);
  assert.equal(queued.sourceName, name);
  return name;
}

test('a single-code request on the fake camera is queued once, with a confirmation', async (t) => {
  const made = requestVideo('camera-single', ['--fragment', '2000', '--passes', '1']);
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, fakeCamera(made.file));
  const requested: string[] = [];
  page.context().on('request', (request) => requested.push(request.url()));
  await startCamera(page);
  assert.match(await queuedResult(page, made, 20_000), /^Camera scan \d\d:\d\d:\d\d$/);
  // The decoder and its wasm come from the kiosk itself, never from a CDN.
  assert.ok(requested.some((url) => url.endsWith('.wasm')), requested.join('\n'));
  assert.deepEqual(requested.filter((url) => !url.startsWith(host.url)), []);
  await page.locator('[data-testid="camera-notice"].notice-good', { hasText: 'Queued: Camera scan' }).waitFor();
  // The code stays in view: it is not sent again.
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.result[data-file^="Camera scan"]').count(), 1);
  assert.equal(await page.getByTestId('camera-panel').getAttribute('data-status'), 'scanning');
  // A hidden window stops the camera; so does leaving the Capture screen.
  const liveTrack = () => page.evaluate(() => {
    const stream = document.querySelector('video')!.srcObject as MediaStream;
    (globalThis as Record<string, unknown>).scanTrack = stream.getVideoTracks()[0];
  });
  const trackState = () => page.evaluate(() => ((globalThis as Record<string, unknown>).scanTrack as MediaStreamTrack).readyState);
  await liveTrack();
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.locator('[data-testid="camera-panel"][data-status="idle"]').waitFor();
  assert.equal(await trackState(), 'ended');
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, value: false });
  });
  await startCamera(page);
  await page.locator('[data-testid="camera-panel"][data-status="scanning"]').waitFor();
  await liveTrack();
  await page.click('button[data-screen="queue"]');
  await page.locator(`tr[data-request-id="${made.id}"]`).waitFor();
  assert.equal(await trackState(), 'ended');
  assert.deepEqual(pageErrors, []);
});

test('an animated request of 20+ parts fills the progress bar and is queued when complete', async (t) => {
  const made = requestVideo('camera-animated', ['--cryptlex-file', cryptlexFile('camera-animated'), '--fragment', '30', '--passes', '3']);
  const parts = Number(/ \((\d+) QR frames/.exec(made.report)![1]) / 3;
  assert.ok(parts >= 20, `${parts} parts`);
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, fakeCamera(made.file));
  await startCamera(page);
  const progress = page.getByTestId('camera-progress');
  await progress.filter({ hasText: new RegExp(`of ${parts} parts, [3-9]\\d %`) }).waitFor({ timeout: 20_000 });
  await screenshot(page, 'capture-camera-scanning');
  assert.match(await queuedResult(page, made, 60_000), new RegExp(`^Camera scan \\d\\d:\\d\\d:\\d\\d \\(animated, ${parts} parts\\)$`));
  await progress.waitFor({ state: 'detached' });
  await screenshot(page, 'capture-camera-queued');
  assert.deepEqual(pageErrors, []);
});

test('an animated request completes from a video with every third frame missing', async (t) => {
  const made = requestVideo('camera-lossy', ['--cryptlex-file', cryptlexFile('camera-lossy'), '--fragment', '30', '--passes', '4', '--drop-every', '3']);
  assert.match(made.report, /left out/);
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, fakeCamera(made.file));
  await startCamera(page);
  await queuedResult(page, made, 60_000);
  assert.deepEqual(pageErrors, []);
});

test('camera blocked, no camera, camera unplugged: a clear state, and files still go in', async (t) => {
  // No fake camera at all: Chromium sees no video input.
  const none = await openKioskPage(t, host.openUrl);
  await startCamera(none.page);
  await none.page.locator('[data-testid="camera-panel"][data-status="no-camera"]').waitFor();
  assert.match(await none.page.getByTestId('camera-status').innerText(), /No camera found/);
  await none.page.locator('[data-testid="capture-input"]').setInputFiles([
    { name: 'no-camera.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ license_key: KEY, machine_id: machineId('no-camera') })) },
  ]);
  await none.page.locator('.result[data-outcome="queued"][data-file="no-camera.json"]').waitFor();
  await screenshot(none.page, 'capture-camera-none');

  // A camera exists but the permission is refused.
  const made = requestVideo('camera-denied', ['--fragment', '2000', '--passes', '1']);
  const denied = await openKioskPage(t, host.openUrl, ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${made.file}`, '--deny-permission-prompts']);
  await startCamera(denied.page);
  await denied.page.locator('[data-testid="camera-panel"][data-status="denied"]').waitFor();
  assert.match(await denied.page.getByTestId('camera-status').innerText(), /blocked/);
  await screenshot(denied.page, 'capture-camera-denied');

  // A code already queued from its file: main says so, and the camera shows it. Then the camera goes
  // away mid-scan (the OS ends its track).
  const json = path.join(dir, 'camera-lost.json');
  const lostVideo = requestVideo('camera-lost', ['--fragment', '2000', '--passes', '1', '--out', json]);
  const lost = await openKioskPage(t, host.openUrl, fakeCamera(lostVideo.file));
  await lost.page.locator('[data-testid="capture-input"]').setInputFiles(json);
  await lost.page.locator('.result[data-outcome="queued"][data-file="camera-lost.json"]').waitFor();
  await startCamera(lost.page);
  await lost.page.locator('[data-testid="camera-notice"].notice-info', { hasText: 'Already in the queue: Camera scan' }).waitFor({ timeout: 20_000 });
  await lost.page.locator('.result[data-outcome="duplicate"][data-file^="Camera scan"]').waitFor();
  await lost.page.evaluate(() => {
    const stream = document.querySelector('video')!.srcObject as MediaStream;
    stream.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
  });
  await lost.page.locator('[data-testid="camera-panel"][data-status="lost"]').waitFor();
  assert.match(await lost.page.getByTestId('camera-status').innerText(), /unplugged/);
  await lost.page.locator('[data-testid="capture-input"]').setInputFiles([
    { name: 'after-unplug.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ license_key: KEY, machine_id: machineId('after-unplug') })) },
  ]);
  await lost.page.locator('.result[data-outcome="queued"][data-file="after-unplug.json"]').waitFor();
  await screenshot(lost.page, 'capture-camera-lost');
});

test("a device's receipt read by the camera confirms delivery and is not shown as a failure", async (t) => {
  // A request of its own, fulfilled by a licence API, so the device has a response to apply.
  const { host: own, state, id } = await fulfilledRequest(t, KEY, 'camera-receipt');
  const { ur } = await own.call('getResponseQr', { id });
  const receiptVideo = path.join(state, 'receipt.y4m');
  assert.match(runDeviceSync(['apply', '--state', state, '--ur', ur, '--receipt-y4m', receiptVideo, '--size', '480']), /^receipt: UR:KIOSK-RECEIPT\//m);

  const { page, pageErrors } = await openKioskPage(t, own.openUrl, fakeCamera(receiptVideo));
  await startCamera(page);
  const notice = page.locator('[data-testid="camera-notice"].notice-good', { hasText: /Confirmed by camera-receipt: applied at .* \(device clock\)\. Marked delivered\./ });
  await notice.waitFor({ timeout: 20_000 });
  assert.match(await page.locator('.result[data-outcome="confirmed"][data-file^="Camera scan"]').innerText(), /Confirmed by the device/);
  const detail = await own.call('getRequest', { id });
  assert.equal(detail.state, 'delivered');
  assert.equal(detail.history.at(-1)!.event, 'device_confirmed');
  await screenshot(page, 'capture-camera-receipt');
  assert.deepEqual(pageErrors, []);
});

test('a code holding binary data, not text, is refused on the camera with a sentence and never sent', async (t) => {
  const code = QRCode.create([{ data: Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xff), mode: 'byte' }], { errorCorrectionLevel: 'L' });
  const matrix = { version: code.version, size: code.modules.size, modules: Uint8Array.from(code.modules.data, (m) => (m ? 1 : 0)) };
  const image = renderGray(matrix, 12, 4, 480);
  const video = path.join(dir, 'camera-binary.y4m');
  fs.writeFileSync(video, writeY4m([{ width: image.width, height: image.height, rgba: grayToRgba(image) }], 10, 20));

  const { page, pageErrors } = await openKioskPage(t, host.openUrl, fakeCamera(video));
  const captures: string[] = [];
  page.on('request', (request) => request.url().endsWith('/api/call/capture') && captures.push(request.postData() ?? ''));
  await startCamera(page);
  const notice = page.locator('[data-testid="camera-notice"].notice-bad');
  await notice.filter({ hasText: 'Not added: This QR code holds 7 bytes of binary data, not text; no request form the kiosk reads is binary.' }).waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1000);
  assert.deepEqual(captures, [], 'nothing is sent to the kiosk service');
  assert.equal(await page.getByTestId('camera-panel').getAttribute('data-status'), 'scanning');
  await screenshot(page, 'capture-camera-binary');
  assert.deepEqual(pageErrors, []);
});

/** A Cryptlex request file for the kiosk envelope to carry, so the envelope needs 20+ QR parts. */
function cryptlexFile(name: string): string {
  const file = path.join(dir, `${name}.req`);
  runDeviceSync(['request', '--state', dir, '--form', 'cryptlex', '--key', KEY, '--fingerprint', machineId(name), '--hostname', name, '--out', file]);
  return file;
}
