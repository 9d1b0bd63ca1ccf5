// What the QR decoder hands the capture, end to end in Chromium with the app's own decoder worker:
// codes holding control bytes or GS1 content are captured exactly as encoded, a binary code is
// refused with a sentence, and a photo too noisy for the normal passes is read by the denoise pass,
// which live camera frames never run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { qrMatrix } from '../../shared/qr/qr-image.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { zxingQrPng } from '../support/qr-decode.ts';
import { seed004File } from '../support/requests.ts';
import { compose } from '../support/screen-image.ts';
import { seeded } from '../support/seeded.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';

interface CaptureBody {
  items: { name: string; text: string }[];
}

/** The items the page sends the kiosk service to capture, as sent. */
function captureCalls(page: Page): CaptureBody['items'] {
  const items: CaptureBody['items'] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/call/capture') items.push(...(request.postDataJSON() as CaptureBody).items);
  });
  return items;
}

test('codes with control bytes and a GS1 code are captured exactly as encoded; a binary code is refused with a sentence', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  const sent = captureCalls(page);
  await page.getByTestId('dropzone').waitFor();

  const control = 'DEV-7\u0001ABCDE-12345\u001dFGHIJ\u0004';
  const images = [
    { name: 'control.png', code: control },
    { name: 'gs1.png', code: await zxingQrPng('[01]09501101530003[17]251231[10]AB-123[21]XYZ', 'gs1') },
    { name: 'binary.png', code: await zxingQrPng(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01)) },
  ];
  const files = [];
  for (const { name, code } of images) files.push({ name, mimeType: 'image/png', buffer: await compose(page, 900, 700, [{ code, x: 250, y: 150, size: 400 }], 'image/png') });
  await page.locator('[data-testid="capture-input"]').setInputFiles(files);
  await page.getByTestId('capture-summary').filter({ hasText: '3 not added' }).waitFor({ timeout: 20_000 });

  // The kiosk service got the content byte for byte: SOH and GS as themselves, the GS1 element string with its GS separator.
  const gs1 = '01095011015300031725123110AB-123\u001d21XYZ';
  assert.deepEqual(sent, [
    { name: 'control.png', size: Buffer.byteLength(control), text: control },
    { name: 'gs1.png', size: Buffer.byteLength(gs1), text: gs1 },
  ]);
  // Neither is a request form: main says so, as for any text that is none.
  for (const name of ['control.png', 'gs1.png']) assert.match(await page.locator(`.result[data-outcome="error"][data-file="${name}"]`).innerText(), /Not JSON, nor any other request form/);
  assert.match(
    await page.locator('.result[data-outcome="error"][data-file="binary.png"]').innerText(),
    /This QR code holds 6 bytes of binary data, not text; no request form the kiosk reads is binary\. Check that the device is showing its activation request code\./,
  );
  await page.locator('.result[data-file="binary.png"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-binary-code');
  assert.deepEqual(pageErrors, []);
});

type Asked = { id: number; thorough: boolean; image: 'file' | 'frame' };
type Answered = { id: number; passes: string[]; texts: string[] };
type SpyEntry = Asked | Answered;
const isAsked = (e: SpyEntry): e is Asked => 'thorough' in e;
const isAnswer = (e: SpyEntry): e is Answered => 'passes' in e;
interface DecoderSpy {
  log: SpyEntry[];
  worker: Worker | null;
}

/** Runs in the page before the app: records every request to the app's QR decoder worker and its answer. */
function spyOnDecoder(): void {
  const spy: DecoderSpy = { log: [], worker: null };
  (globalThis as unknown as { decoderSpy: DecoderSpy }).decoderSpy = spy;
  const Original = globalThis.Worker;
  globalThis.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name !== 'qr-decoder') return;
      spy.worker = this;
      const post = this.postMessage.bind(this) as (message: unknown, transfer: Transferable[]) => void;
      this.postMessage = function (message: { id: number; image: unknown; thorough: boolean }, transfer: Transferable[]) {
        spy.log.push({ id: message.id, thorough: message.thorough, image: message.image instanceof ImageData ? 'frame' : 'file' });
        post(message, transfer);
      } as Worker['postMessage'];
      this.addEventListener('message', (event: MessageEvent<Answered>) => {
        spy.log.push({ id: event.data.id, passes: event.data.passes, texts: event.data.texts });
      });
    }
  };
}

/**
 * A photo-sized grey image of a code at 4 pixels per module under 20 % salt-and-pepper noise (a
 * seeded generator: the same pixels every run), as a camera sensor or a cheap scan makes it.
 */
function noisyPhoto(text: string, seed: number): { width: number; height: number; luma: string } {
  const width = 1600;
  const height = 1200;
  const matrix = qrMatrix(text, 'M');
  const scale = 4;
  const luma = new Uint8Array(width * height).fill(190);
  const side = (matrix.size + 8) * scale;
  const [left, top] = [520, 330];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [mx, my] = [Math.floor(x / scale) - 4, Math.floor(y / scale) - 4];
      const dark = mx >= 0 && my >= 0 && mx < matrix.size && my < matrix.size && matrix.modules[my * matrix.size + mx] === 1;
      luma[(top + y) * width + left + x] = dark ? 30 : 225;
    }
  }
  const random = seeded(seed);
  for (let i = 0; i < luma.length; i++) {
    const r = random();
    if (r < 0.1) luma[i] = 0;
    else if (r < 0.2) luma[i] = 255;
  }
  return { width, height, luma: Buffer.from(luma).toString('base64') };
}

test('a noisy photo is read by the denoise pass only, and live camera frames never run it', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'], spyOnDecoder);
  await page.getByTestId('dropzone').waitFor();
  const spy = () => page.evaluate(() => (globalThis as unknown as { decoderSpy: DecoderSpy }).decoderSpy.log);

  const request = seed004File(KEY, 'noisy-photo');
  // The photo as a PNG (lossless: the noise stays as made); its pixels are kept in the page as a camera frame too.
  const png = await page.evaluate(async ({ width, height, luma }) => {
    const gray = Uint8Array.from(atob(luma), (c) => c.charCodeAt(0));
    const frame = new ImageData(width, height);
    gray.forEach((v, i) => frame.data.set([v, v, v, 255], i * 4));
    (globalThis as Record<string, unknown>).noisyFrame = frame;
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')!.putImageData(frame, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }, noisyPhoto(request, 20_261_130));

  await page.locator('[data-testid="capture-input"]').setInputFiles([{ name: 'noisy-photo.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') }]);
  await page.locator('.result[data-outcome="queued"][data-file="noisy-photo.png"]').waitFor({ timeout: 30_000 });
  const queued = (await host.call('listRequests', {})).requests;
  assert.equal(queued.length, 1);
  assert.equal(queued[0]!.deviceLabel, 'noisy-photo');
  // The image was read thoroughly, and only the denoised pass found the code (it runs only when the others found none).
  const log = await spy();
  const asked = log.filter(isAsked).find((e) => e.image === 'file');
  assert.equal(asked?.thorough, true);
  const answer = log.find((e) => isAnswer(e) && e.id === asked.id);
  assert.deepEqual(answer, { id: asked!.id, passes: ['downscaled', 'full', 'denoised'], texts: [request] });

  // The same pixels as a camera frame: the normal passes find nothing, and no denoise pass runs.
  const asFrame = await page.evaluate(() => {
    const { worker } = (globalThis as unknown as { decoderSpy: DecoderSpy }).decoderSpy;
    const original = (globalThis as Record<string, unknown>).noisyFrame as ImageData;
    const frame = new ImageData(new Uint8ClampedArray(original.data), original.width, original.height);
    return new Promise<Answered>((resolve) => {
      const id = 1_000_000;
      worker!.addEventListener('message', (event: MessageEvent<Answered>) => event.data.id === id && resolve(event.data));
      worker!.postMessage({ id, image: frame, thorough: false }, [frame.data.buffer]);
    });
  });
  assert.deepEqual({ passes: asFrame.passes, texts: asFrame.texts }, { passes: ['downscaled', 'full'], texts: [] });

  // Live camera frames (Chromium's fake camera: no code in view, so every pass fails) are never denoised.
  await page.getByRole('button', { name: 'Start camera' }).click();
  await page.locator('[data-testid="camera-panel"][data-status="scanning"]').waitFor({ timeout: 20_000 });
  const frames = async () => (await spy()).filter(isAsked).filter((e) => e.image === 'frame' && e.id !== 1_000_000);
  for (let i = 0; i < 100 && (await frames()).length < 5; i++) await page.waitForTimeout(200);
  const sentFrames = await frames();
  assert.ok(sentFrames.length >= 5, `${sentFrames.length} camera frames decoded`);
  assert.ok(sentFrames.every((e) => !e.thorough), JSON.stringify(sentFrames));
  const frameAnswers = (await spy()).filter(isAnswer).filter((e) => sentFrames.some((f) => f.id === e.id));
  assert.ok(frameAnswers.length >= 4);
  assert.ok(frameAnswers.every((e) => !e.passes.includes('denoised') && e.texts.length === 0), JSON.stringify(frameAnswers));
  assert.deepEqual(pageErrors, []);
});
