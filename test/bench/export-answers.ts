// Export benchmark: 500 and 1,000 fulfilled answers exported from the real kiosk process (the web
// host), as the Deliver screen asks for them.
// Baseline in the same run: the old way, one `deliver` call returning every file, which the renderer
// then handed to the browser one download at a time with a 150 ms pause between downloads (the
// pause Chromium needed to allow many downloads; 500 answers took 85 s in the browser). Its call is
// measured; the pauses are added as the old renderer made them.
// New: one `exportAnswers` call that returns one ZIP with the manifest: one download, no pauses.
//   npm run bench:export [-- --answers 500,1000]
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { MAX_CAPTURE_ITEMS } from '../../shared/api/contract.ts';
import { seed004File } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const { values } = parseArgs({ options: { answers: { type: 'string', default: '500,1000' } } });
const SIZES = values.answers.split(',').map(Number);
const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const OLD_PAUSE_MS = 150;

const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 1_000_000 }], rateLimit: { limit: 1_000_000, windowMs: 1000 } });
const rows: string[][] = [];
try {
  for (const n of SIZES) {
    const host = await startHostProcess(benchDir('export'), ['--sync-interval-ms', '0']);
    try {
      await host.call('saveConnection', { name: 'Bench', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
      const ids: string[] = [];
      for (let start = 0; start < n; start += MAX_CAPTURE_ITEMS) {
        const items = Array.from({ length: Math.min(MAX_CAPTURE_ITEMS, n - start) }, (_, i) => {
          const text = seed004File(KEY, `bench-${n}-${start + i}`);
          return { name: `bench-${start + i}.json`, size: text.length, text };
        });
        const { results } = await host.call('capture', { items });
        ids.push(...results.map((r) => r.requestId!));
      }
      while ((await host.call('getStatus', {})).counts.fulfilled < n) await host.call('syncNow', {});

      let t0 = performance.now();
      const old = await host.call('deliver', { ids, to: 'download' });
      const oldCallMs = performance.now() - t0;
      const oldTotalMs = oldCallMs + OLD_PAUSE_MS * (old.files.length - 1);

      t0 = performance.now();
      const bundle = await host.call('exportAnswers', { exportId: `bench-${n}`, ids });
      const newMs = performance.now() - t0;
      const zip = Buffer.from(bundle.zip!.contentBase64, 'base64');
      const entries = Object.keys(unzipSync(zip)).length;
      if (entries !== n + 1) throw new Error(`the ZIP holds ${entries} entries, expected ${n} answers and the manifest`);
      rows.push([
        String(n),
        `${old.files.length}`,
        (oldCallMs / 1000).toFixed(2),
        (oldTotalMs / 1000).toFixed(1),
        '1',
        (newMs / 1000).toFixed(2),
        (zip.length / 1024).toFixed(0),
        (oldTotalMs / newMs).toFixed(0),
      ]);
    } finally {
      await host.stop();
    }
  }
} finally {
  await licenses.close();
}

const header = ['answers', 'old: downloads', 'old: call s', 'old: with pauses s', 'new: downloads', 'new: call s', 'ZIP KiB', 'speed-up ×'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
