// Decode benchmark: camera-like frames (640×480 and 1280×720; clean, blur, rotation, perspective,
// glare, low contrast) decoded in Debian Chromium by the app's decoder worker — the built file the
// app ships, under the app's content policy — and by jsQR on the page as the baseline, in the same
// run. Prints per-condition success and median times, and the 720p median in the worker.
//   npm run bench:decode [-- --variants 8 --runs 3]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/content-policy.ts';
import { resolveStatic } from '../../electron/security/static-files.ts';
import { makeRequest } from '../../shared/device/kit.ts';
import { qrMatrix } from '../../shared/qr/qr-image.ts';
import { UrEncoder } from '../../shared/qr/ur.ts';
import { bundleForPage, launchChromium } from '../support/browser.ts';
import { keygenQrText, machineId } from '../support/requests.ts';
import { seeded } from '../support/seeded.ts';
import { outputDir, repoRoot } from '../support/temp.ts';
import type { Condition, FrameResult, FrameSpec } from './decode-frames-page.ts';

const { values } = parseArgs({ options: { variants: { type: 'string', default: '8' }, runs: { type: 'string', default: '3' } } });
const VARIANTS = Number(values.variants);
const RUNS = Number(values.runs);
const SIZES: [number, number][] = [[640, 480], [1280, 720]];
const CONDITIONS: Condition[] = ['clean', 'blur', 'rotation', 'perspective', 'glare', 'low-contrast'];
const TARGET_720P_MS = 30;

const rendererDir = path.join(repoRoot, 'out/renderer');
const assets = fs.existsSync(path.join(rendererDir, 'assets')) ? fs.readdirSync(path.join(rendererDir, 'assets')) : [];
const workerFile = assets.find((f) => /^decoder\.worker-.*\.js$/.test(f));
if (!workerFile) {
  console.error('No built decoder worker in out/renderer/assets: run `npm run build` first (npm run bench:decode does).');
  process.exit(2);
}

/** What devices put in their codes: a signed kiosk request, one frame of an animated one, Keygen's base64 example. */
async function payloads(): Promise<string[]> {
  const made = await makeRequest({ kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: machineId('bench'), nonce: 'bench-nonce-0001', createdAt: 1_795_000_000, device: { hostname: 'press-line-7', os: 'Linux', appVersion: '4.2.0' } });
  const random = seeded(7);
  const big = Uint8Array.from({ length: 1200 }, () => Math.floor(random() * 256));
  const animated = new UrEncoder({ type: 'kiosk-request', cbor: big }, 200).nextPart();
  const keygen = keygenQrText('ABCDE-12345-FGHIJ-67890-KLMNO', machineId('bench-keygen'));
  return [made.ur, animated, keygen];
}

function specs(texts: string[]): FrameSpec[] {
  const out: FrameSpec[] = [];
  const matrices = texts.map((t) => {
    const m = qrMatrix(t);
    return { size: m.size, modules: Array.from(m.modules) };
  });
  for (const [width, height] of SIZES) {
    for (const [c, condition] of CONDITIONS.entries()) {
      for (let v = 0; v < VARIANTS; v++) {
        const p = v % texts.length;
        out.push({ width, height, condition, seed: 1000 * (c + 1) + v + width, text: texts[p]!, matrix: matrices[p]! });
      }
    }
  }
  return out;
}

function serve(page: string): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' };
    if (req.url === '/bench.html') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><link rel="icon" href="data:,"><title>decode bench</title><script src="/bench.js"></script>');
      return;
    }
    if (req.url === '/bench.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(page);
      return;
    }
    const file = resolveStatic(rendererDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.mediaType });
    fs.createReadStream(file.file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));

const server = await serve(await bundleForPage(path.join(import.meta.dirname, 'decode-frames-page.ts')));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}/bench.html`);
  const all = specs(await payloads());

  // One sample frame per condition at 720p, to look at.
  const samples = outputDir('bench', 'decode-frames');
  for (const condition of CONDITIONS) {
    const spec = all.find((s) => s.height === 720 && s.condition === condition)!;
    const png = await page.evaluate((s) => (globalThis as unknown as { decodeBench: { sample(s: FrameSpec): Promise<string> } }).decodeBench.sample(s), spec);
    fs.writeFileSync(path.join(samples, `720p-${condition}.png`), Buffer.from(png, 'base64'));
  }

  const started = Date.now();
  const results = await page.evaluate(
    ([url, s, runs]) => (globalThis as unknown as { decodeBench: { run(u: string, s: FrameSpec[], r: number): Promise<FrameResult[]> } }).decodeBench.run(url, s, runs),
    [`${server.url}/assets/${workerFile}`, all, RUNS] as const,
  );
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const rows: string[][] = [['frame', 'condition', 'frames', 'app read', 'jsQR read', 'app ms (worker)', 'app ms (round trip)', 'jsQR ms', 'app full-res retries']];
  const line = (label: string, condition: string, picked: { spec: FrameSpec; result: FrameResult }[]) => {
    const r = picked.map((p) => p.result);
    rows.push([
      label,
      condition,
      String(r.length),
      `${r.filter((x) => x.appOk).length}`,
      `${r.filter((x) => x.jsqrOk).length}`,
      ms(median(r.map((x) => x.appMs))),
      ms(median(r.map((x) => x.appRoundTripMs))),
      ms(median(r.map((x) => x.jsqrMs))),
      String(r.filter((x) => x.appPasses.includes('+')).length),
    ]);
  };
  const paired = all.map((spec, i) => ({ spec, result: results[i]! }));
  for (const [width, height] of SIZES) {
    const ofSize = paired.filter((p) => p.spec.width === width);
    for (const condition of CONDITIONS) line(`${width}×${height}`, condition, ofSize.filter((p) => p.spec.condition === condition));
    line(`${width}×${height}`, 'all', ofSize);
  }
  line('both', 'all', paired);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const print = (r: string[]) => console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  console.log(`Decode benchmark: ${all.length} frames (${VARIANTS} per size and condition), median of ${RUNS} timed runs per frame after one warm-up; Chromium ${browser.version()}; ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  console.log('app = zxing-wasm in the app\'s decoder worker (long edge ≤ 960 first, full resolution when nothing is found); jsQR 1.4 on the page is the baseline.');
  print(rows[0]!);
  for (const r of rows.slice(1)) print(r);
  const appRead = results.filter((r) => r.appOk).length;
  const jsqrRead = results.filter((r) => r.jsqrOk).length;
  const hd = paired.filter((p) => p.spec.height === 720).map((p) => p.result.appMs);
  const hdMedian = median(hd);
  console.log('');
  console.log(`Reads: app ${appRead}/${results.length}, jsQR ${jsqrRead}/${results.length} — ${appRead >= jsqrRead ? 'OK' : 'FAIL'} (target: at least as many as jsQR).`);
  console.log(`Median 1280×720 decode in the worker: ${ms(hdMedian)} ms — ${hdMedian < TARGET_720P_MS ? 'OK' : 'OVER'} (target < ${TARGET_720P_MS} ms).`);
  console.log(`Sample frames: ${path.relative(repoRoot, samples)}/`);
  if (appRead < jsqrRead) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
