// The still-image denoise pass: an exact 3×3 median (checked against sorting every neighbourhood).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { luminance, median3x3 } from '../../renderer/src/camera/denoise.ts';
import { seeded } from '../support/seeded.ts';

function slowMedian(gray: Uint8Array, width: number, height: number): Uint8Array {
  const at = (x: number, y: number) => gray[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  const out = new Uint8Array(gray.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const window = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => at(x + dx, y + dy))).sort((a, b) => a - b);
      out[y * width + x] = window[4]!;
    }
  }
  return out;
}

test('the median equals the middle of each sorted 3×3 neighbourhood, edges and 1-pixel images included', () => {
  const random = seeded(11);
  for (let round = 0; round < 200; round++) {
    const width = 1 + Math.floor(random() * 24);
    const height = 1 + Math.floor(random() * 24);
    // Few levels make ties, where a wrong network shows first.
    const levels = round % 2 ? 256 : 3;
    const gray = Uint8Array.from({ length: width * height }, () => Math.floor(random() * levels) * Math.floor(255 / (levels - 1)));
    assert.deepEqual(median3x3(gray, width, height), slowMedian(gray, width, height), `round ${round}: ${width}×${height}`);
  }
});

test('salt-and-pepper specks vanish and a module edge stays where it was', () => {
  const width = 12;
  const height = 8;
  // Left half black, right half white, one white speck in the black and one black speck in the white.
  const gray = Uint8Array.from({ length: width * height }, (_, i) => (i % width < 6 ? 0 : 255));
  gray[3 * width + 2] = 255;
  gray[4 * width + 9] = 0;
  const out = median3x3(gray, width, height);
  for (let y = 0; y < height; y++) assert.deepEqual([...out.subarray(y * width, (y + 1) * width)], [0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255], `row ${y}`);
});

test('luminance weighs green most and keeps black and white', () => {
  assert.deepEqual([...luminance([0, 0, 0, 255, 255, 255, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255], 4)], [0, 255, 149, 76]);
});
