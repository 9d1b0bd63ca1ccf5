// The shared QR/format code in a real browser renderer (Debian Chromium, no Node APIs): frames made
// in Node decode in the page with 30 % dropped, and frames made in the page decode in Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleForPage, launchChromium } from '../support/browser.ts';
import { encodeKioskEnvelope, type KioskRequest } from '../../shared/formats/kiosk-request.ts';
import { UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { detect } from '../../shared/formats/request.ts';

const request: KioskRequest = {
  kind: 'activate',
  licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO',
  fingerprint: 'c'.repeat(64),
  nonce: 'nonce-browser-01',
  createdAt: 1_795_000_000,
  device: { hostname: 'press-chromium', os: 'Linux', appVersion: '3.0.0' },
  vendorRequest: { vendor: 'cryptlex', body: `${'Q'.repeat(2500)}.${'R'.repeat(500)}.S` },
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('UR frames round-trip between Node and a Chromium page (no Buffer, no process)', async (t) => {
  const code = await bundleForPage(new URL('./qr-browser-entry.ts', import.meta.url).pathname);
  assert.doesNotMatch(code, /require\(["']node:/, 'no Node built-ins in the bundle');
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><title>qr</title>');
  await page.addScriptTag({ content: code });
  assert.deepEqual(errors, []);
  const env = await page.evaluate(() => {
    const k = (globalThis as unknown as { kioskQr: { hasBuffer: boolean; hasProcess: boolean } }).kioskQr;
    return { hasBuffer: k.hasBuffer, hasProcess: k.hasProcess };
  });
  assert.deepEqual(env, { hasBuffer: false, hasProcess: false });

  const cbor = encodeKioskEnvelope({ request, signature: null });
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor }, 120);
  assert.ok(encoder.seqLen >= 20);
  const frames = Array.from({ length: encoder.seqLen * 4 }, () => encoder.nextPart());
  for (const seed of [1, 2, 3]) {
    const result = await page.evaluate(
      ([f, s]) => (globalThis as unknown as { kioskQr: { decodeFrames(f: string[], s: number): unknown } }).kioskQr.decodeFrames(f as string[], s as number),
      [frames, seed] as const,
    ) as { complete: boolean; cborHex: string; parsed: { ok: boolean; request: { requestBody: string } } };
    assert.ok(result.complete, `seed ${seed}`);
    assert.equal(result.cborHex, hex(cbor));
    assert.ok(result.parsed.ok);
    assert.equal(result.parsed.request.requestBody, request.vendorRequest!.body);
  }

  const made = (await page.evaluate(
    ([r]) => (globalThis as unknown as { kioskQr: { makeFrames(r: unknown, f: number, c: number): unknown } }).kioskQr.makeFrames(r, 150, 200),
    [request] as const,
  )) as { frames: string[]; cborHex: string; versions: number[] };
  const decoder = new UrDecoder('kiosk-request');
  made.frames.forEach((f, i) => i % 3 !== 0 && decoder.receivePart(f));
  assert.ok(decoder.isSuccess);
  assert.equal(hex(decoder.result!.cbor), made.cborHex);
  const parsed = detect(decoder.resultText()!);
  assert.ok(parsed.ok);
  assert.equal(parsed.request.signature, 'verified', 'signed in the page, verified in Node');
  assert.ok(made.versions.every((v) => v >= 1 && v <= 20));
});
