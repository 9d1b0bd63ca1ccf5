// A QR code's content exactly as encoded: real codes (made by the `qrcode` package and by zxing's
// writer) read by zxing-wasm in Node in the decoder's Plain mode, then picked by qrContent().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { qrContent } from '../../renderer/src/camera/qr-content.ts';
import { readQrResults, zxingQrPng } from '../support/qr-decode.ts';

async function contentOf(png: Uint8Array) {
  const results = await readQrResults(png, { textMode: 'Plain' });
  assert.equal(results.length, 1);
  return qrContent(results[0]!);
}

const qrcodePng = async (text: string) => new Uint8Array(await QRCode.toBuffer(text, { margin: 4, scale: 4 }));

test('control bytes (SOH, GS, NUL, ESC) are kept as bytes, never rewritten as <SOH> or <GS>', async () => {
  const text = 'DEV-7\u0001ABCDE-12345\u001dFGHIJ\u0000end\u001b';
  assert.deepEqual(await contentOf(await qrcodePng(text)), { text });
  // zxing's default (HRI) is what the kiosk used to capture:
  const [hri] = await readQrResults(await qrcodePng(text));
  assert.equal(hri!.text, 'DEV-7<SOH>ABCDE-12345<GS>FGHIJ<NUL>end<ESC>');
});

test('a GS1 code is its element string with GS separators, without the parentheses of the human-readable form', async () => {
  const png = await zxingQrPng('[01]09501101530003[17]251231[10]AB-123[21]XYZ', 'gs1');
  assert.deepEqual(await contentOf(png), { text: '01095011015300031725123110AB-123\u001d21XYZ' });
  const [hri] = await readQrResults(png);
  assert.equal(hri!.text, '(01)09501101530003(17)251231(10)AB-123(21)XYZ');
});

test('text in UTF-8, in a declared character set (ECI) or in the QR default ISO-8859-1 reads as the same text', async () => {
  assert.deepEqual(await contentOf(await qrcodePng('{"hostname":"café ✓ 機械"}')), { text: '{"hostname":"café ✓ 機械"}' });
  assert.deepEqual(await contentOf(await zxingQrPng('café', 'eci=26')), { text: 'café' });
  assert.deepEqual(await contentOf(await zxingQrPng('日本語', 'eci=20')), { text: '日本語' });
  // zxing writes "é" as one ISO-8859-1 byte when no ECI is given.
  const [latin1] = await readQrResults(await zxingQrPng('café'), { textMode: 'Plain' });
  assert.deepEqual([...latin1!.bytes], [0x63, 0x61, 0x66, 0xe9]);
  assert.deepEqual(qrContent(latin1!), { text: 'café' });
});

test('binary data is refused with a sentence instead of being captured as made-up text', async () => {
  for (const [png, bytes] of [
    [await zxingQrPng(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01)), 6],
    [await zxingQrPng(Uint8Array.of(0xff, 0xfe, 0x80, 0x81, 0xc0), 'eci=899'), 5],
  ] as const) {
    const content = await contentOf(png);
    assert.ok('problem' in content, JSON.stringify(content));
    assert.equal(content.problem, `This QR code holds ${bytes} bytes of binary data, not text; no request form the kiosk reads is binary. Check that the device is showing its activation request code.`);
  }
  // Binary-flagged content that is UTF-8 (control bytes under the binary ECI) is still its text.
  assert.deepEqual(await contentOf(await zxingQrPng('ab\u0001c', 'eci=899')), { text: 'ab\u0001c' });
});

test('a character set (ECI) zxing cannot transcode is refused, not captured as empty or guessed text', async () => {
  for (const eci of ['eci=999', 'eci=100']) {
    const content = await contentOf(await zxingQrPng('abc', eci));
    assert.ok('problem' in content && /declares a character set \(ECI\) the kiosk does not know/.test(content.problem), `${eci}: ${JSON.stringify(content)}`);
  }
});
