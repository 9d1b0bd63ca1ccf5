// Animated-QR benchmark: for 200 B, 2 KB and 8 KB payloads, frames per pass, QR version per frame,
// and transfer time at 5 frames/s with no loss and with 30 % of frames lost (simulated, seeded,
// averaged). Baseline in the same run: the whole payload as one QR code.
//   npm run bench:qr [-- --runs 40 --fps 5 --loss 0.3]
import { parseArgs } from 'node:util';
import { qrMatrix } from '../../shared/qr/qr-image.ts';
import { encodeSinglePartUr, UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { Xoshiro256 } from '../../shared/qr/xoshiro.ts';
import { seeded } from '../support/seeded.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' }, fps: { type: 'string', default: '5' }, loss: { type: 'string', default: '0.3' } } });
const RUNS = Number(values.runs);
const FPS = Number(values.fps);
const LOSS = Number(values.loss);
const SIZES = [200, 2048, 8192];
const FRAGMENTS = [100, 200, 300];

function version(text: string, ec: 'L' | 'M'): string {
  try {
    return String(qrMatrix(text, ec).version);
  } catch {
    return '>40';
  }
}

/** Frames shown until the decoder completes, with each frame lost with probability `loss`. */
function framesUntilDone(payload: Uint8Array, fragment: number, loss: number, seed: number): number {
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor: payload }, fragment);
  const decoder = new UrDecoder();
  const random = seeded(seed);
  let shown = 0;
  while (!decoder.isComplete) {
    const frame = encoder.nextPart();
    shown++;
    if (random() >= loss) decoder.receivePart(frame);
    if (shown > 100_000) throw new Error('did not complete');
  }
  return shown;
}

const rows: string[][] = [];
for (const size of SIZES) {
  const payload = new Xoshiro256(new TextEncoder().encode(`bench-${size}`)).nextData(size);
  const single = encodeSinglePartUr({ type: 'kiosk-request', cbor: payload });
  const fits = version(single, 'L') !== '>40';
  rows.push([`${size} B`, 'one QR (baseline)', fits ? '1' : '-', `${version(single, 'L')} / ${version(single, 'M')}`, `${single.length}`, fits ? (1 / FPS).toFixed(1) : 'does not fit', fits ? (1 / FPS / (1 - LOSS)).toFixed(1) : 'does not fit', '-']);
  for (const fragment of FRAGMENTS) {
    const encoder = new UrEncoder({ type: 'kiosk-request', cbor: payload }, fragment);
    const frames = Array.from({ length: encoder.isSinglePart ? 1 : encoder.seqLen + 5 }, () => encoder.nextPart());
    const versionsL = new Set(frames.map((f) => version(f, 'L')));
    const versionsM = new Set(frames.map((f) => version(f, 'M')));
    const counts: number[] = [];
    for (let run = 0; run < RUNS; run++) counts.push(framesUntilDone(payload, fragment, LOSS, 1000 * size + run));
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const sorted = [...counts].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
    const n = encoder.isSinglePart ? 1 : encoder.seqLen;
    rows.push([`${size} B`, `UR, ${fragment} B fragments`, String(n), `${[...versionsL].join(',')} / ${[...versionsM].join(',')}`, String(Math.max(...frames.map((f) => f.length))), (n / FPS).toFixed(1), (mean / FPS).toFixed(1), (p95 / FPS).toFixed(1)]);
  }
}

const header = ['payload', 'encoding', 'frames', 'QR version L / M', 'chars/frame', `s @${FPS}fps, 0 % loss`, `s, ${LOSS * 100} % loss (mean of ${RUNS})`, 'p95 s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(`\nBaseline: the whole payload in one QR (its single frame must be caught; with ${LOSS * 100} % loss, 1/(1-loss) frames on average). A one-QR code above version ~20 is hard for device cameras.`);
