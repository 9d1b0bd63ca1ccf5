// The simulator's fake-camera video: Y4M header, I420 planes, one QR per frame held `repeat` times.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grayToRgba, qrMatrix, renderGray } from '../../shared/qr/qr-image.ts';
import { rgbaToI420, writeY4m } from '../device/y4m.ts';

test('Y4M carries I420 frames whose luma is the rendered QR', () => {
  const images = ['UR:KIOSK-REQUEST/1-2/AAAA', 'UR:KIOSK-REQUEST/2-2/BBBB'].map((t) => {
    const gray = renderGray(qrMatrix(t), 4, 4, 160);
    return { gray, frame: { width: gray.width, height: gray.height, rgba: grayToRgba(gray) } };
  });
  const { width, height } = images[0]!.frame;
  const file = writeY4m(images.map((i) => i.frame), 10, 2);
  const headerEnd = file.indexOf(0x0a);
  const header = new TextDecoder().decode(file.subarray(0, headerEnd));
  assert.equal(header, `YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg`);
  const frameBytes = 6 + width * height * 1.5;
  assert.equal(file.length, headerEnd + 1 + frameBytes * 4);
  const second = headerEnd + 1 + frameBytes * 2;
  assert.equal(new TextDecoder().decode(file.subarray(second, second + 6)), 'FRAME\n');
  assert.deepEqual(file.subarray(second + 6, second + 6 + width * height), images[1]!.gray.luma);
  const chroma = rgbaToI420(images[0]!.frame).subarray(width * height);
  assert.ok(chroma.every((v) => v === 128), 'grey images have neutral chroma');
  assert.throws(() => rgbaToI420({ width: 3, height: 2, rgba: new Uint8Array(24) }), /even/);
});
