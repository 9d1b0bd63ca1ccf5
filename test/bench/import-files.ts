// Import benchmark: 10,000 request files (licence-API JSON, kiosk JSON, Keygen QR text) captured by the
// real kiosk process (the web host) in calls of 500, as the Capture screen sends a dropped folder.
// Prints files per second and the peak memory (VmHWM) of the kiosk process.
// Baseline in the same run: parsing and hashing the same files in this process with no store and no
// transport, the floor for what capture can cost.
//   npm run bench:import [-- --files 10000]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_CAPTURE_ITEMS } from '../../shared/api/contract.ts';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { parseRequestText } from '../../shared/formats/request.ts';
import { item, keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' } } });
const N = Number(values.files);
const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const KEYGEN_KEY = 'FLOAT3-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3';

function file(i: number): { name: string; size: number; text: string } {
  const device = `line-${i}`;
  if (i % 3 === 0) return item(`${device}.json`, seed004File(KEY, device));
  if (i % 3 === 1) return item(`${device}-kiosk.json`, kioskFile(KEY, device, { nonce: `nonce-${String(i).padStart(6, '0')}` }));
  return item(`${device}.txt`, keygenQrText(KEYGEN_KEY, machineId(device)));
}

/** Peak resident memory of a process, from /proc (Linux). */
function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const files = Array.from({ length: N }, (_, i) => file(i));

// Baseline: parse + hash only.
let t0 = performance.now();
for (const f of files) {
  const parsed = parseRequestText(f.text);
  if (!parsed.ok) throw new Error(`${f.name}: ${parsed.problem}`);
  await sha256Hex(parsed.request.canonical);
}
const baselineSeconds = (performance.now() - t0) / 1000;

// The kiosk process.
const host = await startHostProcess(benchDir('import'), ['--sync-interval-ms', '0']);
const startRss = peakRssMiB(host.child.pid!);
let queued = 0;
t0 = performance.now();
try {
  for (let start = 0; start < N; start += MAX_CAPTURE_ITEMS) {
    const { results } = await host.call('capture', { items: files.slice(start, start + MAX_CAPTURE_ITEMS) });
    queued += results.filter((r) => r.outcome === 'queued').length;
  }
  const kioskSeconds = (performance.now() - t0) / 1000;
  const { counts } = await host.call('getStatus', {});
  const peak = peakRssMiB(host.child.pid!);
  if (queued !== N || counts.queued !== N) throw new Error(`queued ${queued}, the store holds ${counts.queued}, expected ${N}`);
  console.log(`Importing ${N} request files (a third each: licence-API JSON, kiosk JSON, Keygen QR text).\n`);
  console.table([
    { path: 'baseline: parse + hash only (no store, no transport)', files: N, seconds: baselineSeconds.toFixed(2), 'files/s': Math.round(N / baselineSeconds), 'peak RSS MiB': '—' },
    {
      path: `kiosk process: capture calls of ${MAX_CAPTURE_ITEMS} over HTTP into SQLite`,
      files: N,
      seconds: kioskSeconds.toFixed(2),
      'files/s': Math.round(N / kioskSeconds),
      'peak RSS MiB': peak === null ? 'n/a' : `${peak.toFixed(0)} (${startRss?.toFixed(0) ?? '?'} at start)`,
    },
  ]);
} finally {
  await host.stop();
}
