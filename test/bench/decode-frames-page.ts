// Runs in Chromium (bundled by decode-frames.ts): draws camera-like frames of QR codes with blur,
// rotation, perspective, glare and low contrast, then decodes each with the app's decoder worker
// (the very file the app ships) and with jsQR on the page, timing both.
import jsQR from 'jsqr';
import type { DecodeRequest, DecodeResponse } from '../../renderer/src/camera/decoder-protocol.ts';
import { seeded } from '../support/seeded.ts';

export type Condition = 'clean' | 'blur' | 'rotation' | 'perspective' | 'glare' | 'low-contrast';

export interface FrameSpec {
  width: number;
  height: number;
  condition: Condition;
  seed: number;
  text: string;
  /** The code's modules, row by row (1 = dark). */
  matrix: { size: number; modules: number[] };
}

export interface FrameResult {
  appOk: boolean;
  /** Time in the worker (downscale, decode, fallback), median of the runs. */
  appMs: number;
  /** Page → worker → page, with the frame's transfer. */
  appRoundTripMs: number;
  appPasses: string;
  jsqrOk: boolean;
  jsqrMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The code as a crisp image, 8 pixels per module with a 4-module quiet zone. */
function codeCanvas(matrix: FrameSpec['matrix'], dark: number, light: number): OffscreenCanvas {
  const scale = 8;
  const side = (matrix.size + 8) * scale;
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d')!;
  context.fillStyle = `rgb(${light},${light},${light})`;
  context.fillRect(0, 0, side, side);
  context.fillStyle = `rgb(${dark},${dark},${dark})`;
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) if (matrix.modules[y * matrix.size + x]) context.fillRect((x + 4) * scale, (y + 4) * scale, scale, scale);
  }
  return canvas;
}

/** The 3×3 projective map taking the unit square's corners to `quad` (top-left, top-right, bottom-right, bottom-left). */
function squareToQuad(q: [number, number][]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [[number, number], [number, number], [number, number], [number, number]];
  const dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  const det = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / det;
  const h = (dx1 * sy - sx * dy1) / det;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Draws `source` into `target` so its corners land on `quad` (inverse mapping, nearest sample). */
function warp(target: ImageData, source: ImageData, quad: [number, number][]): void {
  const inverse = invert3(squareToQuad(quad));
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const [minX, maxX] = [Math.max(0, Math.floor(Math.min(...xs))), Math.min(target.width - 1, Math.ceil(Math.max(...xs)))];
  const [minY, maxY] = [Math.max(0, Math.floor(Math.min(...ys))), Math.min(target.height - 1, Math.ceil(Math.max(...ys)))];
  const [a, b, c, d, e, f, g, h, i] = inverse as [number, number, number, number, number, number, number, number, number];
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const w = g * x + h * y + i;
      const u = (a * x + b * y + c) / w;
      const v = (d * x + e * y + f) / w;
      if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
      const s = (Math.floor(v * source.height) * source.width + Math.floor(u * source.width)) * 4;
      const t = (y * target.width + x) * 4;
      target.data[t] = source.data[s]!;
      target.data[t + 1] = source.data[s + 1]!;
      target.data[t + 2] = source.data[s + 2]!;
    }
  }
}

/** One camera-like frame: a grey desk, the code at about half the frame height, the condition, sensor noise. */
export function drawFrame(spec: FrameSpec): ImageData {
  const random = seeded(spec.seed);
  const { width, height } = spec;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const background = context.createLinearGradient(0, 0, width, height);
  background.addColorStop(0, '#8a8f96');
  background.addColorStop(1, '#5d6168');
  context.fillStyle = background;
  context.fillRect(0, 0, width, height);
  const lowContrast = spec.condition === 'low-contrast';
  const code = codeCanvas(spec.matrix, lowContrast ? 112 : 20, lowContrast ? 158 : 235);
  const side = height * (0.5 + random() * 0.25);
  const cx = width / 2 + (random() - 0.5) * (width - side) * 0.5;
  const cy = height / 2 + (random() - 0.5) * (height - side) * 0.3;
  context.save();
  if (spec.condition === 'blur') context.filter = `blur(${(height / 480) * (1.2 + random() * 0.6)}px)`;
  context.translate(cx, cy);
  if (spec.condition === 'rotation') context.rotate(((15 + random() * 30) * Math.PI) / 180 * (random() < 0.5 ? -1 : 1));
  if (spec.condition !== 'perspective') context.drawImage(code, -side / 2, -side / 2, side, side);
  context.restore();
  let frame = context.getImageData(0, 0, width, height);
  if (spec.condition === 'perspective') {
    // Seen from the side and above: one edge shorter than the other.
    const squeeze = side * (0.14 + random() * 0.08);
    const tilt = side * (0.06 + random() * 0.06);
    const left = cx - side / 2, right = cx + side / 2, top = cy - side / 2, bottom = cy + side / 2;
    const flip = random() < 0.5;
    const quad: [number, number][] = flip
      ? [[left + tilt, top], [right, top + squeeze], [right, bottom - squeeze], [left, bottom]]
      : [[left, top + squeeze], [right - tilt, top], [right, bottom], [left, bottom - squeeze]];
    const source = code.getContext('2d')!.getImageData(0, 0, code.width, code.height);
    warp(frame, source, quad);
  }
  if (spec.condition === 'glare') {
    context.putImageData(frame, 0, 0);
    // A lamp reflected on the device's screen, over part of the code.
    const gx = cx + (random() - 0.5) * side * 0.5;
    const gy = cy + (random() - 0.5) * side * 0.5;
    const glare = context.createRadialGradient(gx, gy, 0, gx, gy, side * 0.35);
    glare.addColorStop(0, 'rgba(255,255,255,0.78)');
    glare.addColorStop(0.5, 'rgba(255,255,255,0.45)');
    glare.addColorStop(1, 'rgba(255,255,255,0)');
    context.fillStyle = glare;
    context.fillRect(0, 0, width, height);
    frame = context.getImageData(0, 0, width, height);
  }
  const data = frame.data;
  for (let p = 0; p < data.length; p += 4) {
    const noise = (random() + random() - 1) * 14;
    data[p] = data[p]! + noise;
    data[p + 1] = data[p + 1]! + noise;
    data[p + 2] = data[p + 2]! + noise;
  }
  return frame;
}

class AppDecoder {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, (r: DecodeResponse) => void>();

  constructor(url: string) {
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<DecodeResponse>) => this.waiting.get(event.data.id)?.(event.data);
  }

  decode(image: ImageData): Promise<DecodeResponse> {
    const id = this.next++;
    const request: DecodeRequest = { id, image, thorough: false };
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage(request, [image.data.buffer]);
    });
  }
}

async function runFrame(app: AppDecoder, spec: FrameSpec, runs: number): Promise<FrameResult> {
  const frame = drawFrame(spec);
  const appTimes: number[] = [];
  const roundTrips: number[] = [];
  let appOk = false;
  let appPasses = '';
  // One warm-up run, not timed, then `runs` timed ones.
  for (let r = 0; r <= runs; r++) {
    const copy = new ImageData(new Uint8ClampedArray(frame.data), frame.width, frame.height);
    const started = performance.now();
    const answer = await app.decode(copy);
    const roundTrip = performance.now() - started;
    if (answer.error) throw new Error(answer.error);
    if (r === 0) continue;
    appTimes.push(answer.ms);
    roundTrips.push(roundTrip);
    appOk = answer.texts.includes(spec.text);
    appPasses = answer.passes.join('+');
  }
  const jsqrTimes: number[] = [];
  let jsqrOk = false;
  for (let r = 0; r <= runs; r++) {
    const started = performance.now();
    const found = jsQR(frame.data, frame.width, frame.height);
    const ms = performance.now() - started;
    if (r === 0) continue;
    jsqrTimes.push(ms);
    jsqrOk = found?.data === spec.text;
  }
  return { appOk, appMs: median(appTimes), appRoundTripMs: median(roundTrips), appPasses, jsqrOk, jsqrMs: median(jsqrTimes) };
}

(globalThis as Record<string, unknown>).decodeBench = {
  async run(workerUrl: string, specs: FrameSpec[], runs: number): Promise<FrameResult[]> {
    const app = new AppDecoder(workerUrl);
    const results: FrameResult[] = [];
    for (const spec of specs) results.push(await runFrame(app, spec, runs));
    return results;
  },
  async sample(spec: FrameSpec): Promise<string> {
    const frame = drawFrame(spec);
    const canvas = new OffscreenCanvas(frame.width, frame.height);
    canvas.getContext('2d')!.putImageData(frame, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  },
};
