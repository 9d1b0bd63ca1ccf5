// Sync benchmarks, each against a baseline measured in the same run.
// 1. Slow links: N Cryptlex requests against the Cryptlex test server allowing 40 calls per second, at
//    0, 50 and 200 ms of latency: the share of the allowed rate the kiosk reaches and the 429s it got,
//    with each lane's concurrency following rate × latency, against the engine with a fixed 4 at a time.
// 2. The Queue screen open: the kiosk's own ceiling (no rate limit, no latency) through the web host,
//    with no page and with a Chromium page showing the Queue (the page must not slow sync down).
//   npm run bench:sync [-- --requests 400 --latencies 0,50,200 --ceiling-requests 2000]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { CRYPTLEX_SAMPLES, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { openCore } from '../support/core.ts';
import { item, machineId } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';
import { measureCeiling } from './sync-page-open.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    latencies: { type: 'string', default: '0,50,200' },
    'ceiling-requests': { type: 'string', default: '2000' },
  },
});
const N = Number(values.requests);
const LATENCIES = values.latencies.split(',').map(Number);
const LIMIT = 40;
const WINDOW_MS = 1_000;
const LICENSE = { id: 'lic-bench', key: 'BE0CH1-D4E5F6-A7B8C9-D0E1F2' };
const TOKEN = CRYPTLEX_SAMPLES.tokens.full;
const FIXED = 4;

interface Row {
  engine: string;
  latencyMs: number;
  seconds: number;
  apiCalls: number;
  throttled: number;
  /** Calls the server accepted in each whole window of the run (the partial first and last left out). */
  perWindow: number[];
  atOnce: number | null;
}

/**
 * A pass-through in front of the server that notes when each call arrived and whether it was accepted,
 * so the share of the allowed rate is counted per window of the server's clock (aligned to wall time).
 */
async function countingProxy(target: string): Promise<{ url: string; accepted: number[]; throttled: () => number; close: () => Promise<void> }> {
  const accepted: number[] = [];
  let throttled = 0;
  const proxy = http.createServer((req, res) => {
    const at = Date.now();
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      if (answer.statusCode === 429) throttled += 1;
      else accepted.push(at);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    accepted,
    throttled: () => throttled,
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

/** Accepted calls per whole window between the first and the last call. */
function wholeWindows(accepted: number[]): number[] {
  const windows = accepted.map((at) => Math.floor(at / WINDOW_MS));
  const first = Math.min(...windows);
  const last = Math.max(...windows);
  const counts = new Map<number, number>();
  for (const w of windows) counts.set(w, (counts.get(w) ?? 0) + 1);
  return Array.from({ length: Math.max(0, last - first - 1) }, (_, i) => counts.get(first + 1 + i) ?? 0);
}

const offlineRequest = (run: string, i: number) =>
  makeOfflineRequest({ type: 'activation', key: LICENSE.key, fp: machineId(`${run}-${i}`).slice(0, 32), pid: CRYPTLEX_SAMPLES.productId, hostname: `${run}-${i}`, nonce: `${run}-${i}` });

/** Captures N requests, then syncs until every one is fulfilled; wall-clock time (the server's windows are aligned to it). */
async function run(engine: 'fixed' | 'adaptive', latencyMs: number): Promise<Row> {
  const srv = await startCryptlexServer({
    licenses: [{ ...LICENSE, productId: CRYPTLEX_SAMPLES.productId, allowedActivations: N + 10 }],
    tokens: [{ token: TOKEN, scopes: ['license:read', 'activation:read', 'activation:write'] }],
    rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
  });
  srv.faults.latencyMs = latencyMs;
  const proxy = await countingProxy(srv.url);
  const runName = `${engine}-${latencyMs}`;
  const kiosk = openCore(benchDir(`sync-rate-${runName}`), engine === 'fixed' ? { syncConcurrency: FIXED } : {});
  try {
    await kiosk.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: proxy.url, secret: TOKEN });
    const ids: string[] = [];
    for (let start = 0; start < N; start += 500) {
      const batch = Array.from({ length: Math.min(500, N - start) }, (_, k) => item(`d${start + k}.req`, offlineRequest(runName, start + k)));
      const { results } = await kiosk.call('capture', { items: batch });
      ids.push(...results.map((r) => r.requestId!));
    }
    for (const id of ids) await kiosk.call('setLicenseKey', { id, licenseKey: LICENSE.key });
    const startedAt = Date.now();
    let fulfilled = 0;
    let atOnce: number | null = null;
    while (fulfilled < N) {
      await kiosk.call('syncNow', {});
      const status = await kiosk.call('getStatus', {});
      fulfilled = status.counts.fulfilled;
      atOnce = status.syncLanes[0]?.atOnce ?? atOnce;
      if (status.counts.rejected > 0) throw new Error(`${status.counts.rejected} requests were refused`);
      // Requests the server throttled wait for their retry time; the background loop would wake then.
      if (fulfilled < N && status.nextRetryAt) await sleep(Math.max(0, Date.parse(status.nextRetryAt) - Date.now()));
    }
    return {
      engine: engine === 'fixed' ? `fixed, ${FIXED} at a time (baseline)` : 'adaptive (rate × latency)',
      latencyMs,
      seconds: (Date.now() - startedAt) / 1000,
      apiCalls: proxy.accepted.length + proxy.throttled(),
      throttled: proxy.throttled(),
      perWindow: wholeWindows(proxy.accepted),
      atOnce: engine === 'fixed' ? FIXED : atOnce,
    };
  } finally {
    await kiosk.core.close();
    await proxy.close();
    await srv.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The allowed rate is LIMIT per window; the first and last windows of a run are partial, so only whole ones count.
const fractionOf = (r: Row) => r.perWindow.reduce((a, b) => a + b, 0) / (Math.max(1, r.perWindow.length) * LIMIT);

console.log(`1. Syncing ${N} Cryptlex requests; the server allows ${LIMIT} calls per ${WINDOW_MS / 1000} s and answers after the latency shown.\n`);
const rows: Row[] = [];
for (const latency of LATENCIES) for (const engine of ['fixed', 'adaptive'] as const) rows.push(await run(engine, latency));
console.table(
  rows.map((r) => ({
    engine: r.engine,
    'latency ms': r.latencyMs,
    seconds: r.seconds.toFixed(1),
    'API calls': r.apiCalls,
    '429s': r.throttled,
    'accepted calls/s': ((r.apiCalls - r.throttled) / r.seconds).toFixed(1),
    'whole windows': r.perWindow.length,
    'at once (last)': r.atOnce ?? '-',
    'of allowed rate': fractionOf(r).toFixed(3),
  })),
);
for (const r of rows.filter((row) => row.engine.startsWith('adaptive'))) {
  const ok = fractionOf(r) >= 0.9 && r.throttled === 0;
  console.log(`Adaptive at ${r.latencyMs} ms: ${(fractionOf(r) * 100).toFixed(1)} % of the allowed rate, ${r.throttled} × 429 (goal ≥ 90 %, 0 × 429): ${ok ? 'met' : 'NOT MET'}`);
}

console.log(`\n2. The kiosk's ceiling through the web host (no limit, no latency), ${values['ceiling-requests']} requests, without and with the Queue screen open in Chromium.\n`);
const ceiling = await measureCeiling(Number(values['ceiling-requests']));
console.table(ceiling.rows.map((r) => ({ page: r.page, seconds: r.seconds.toFixed(2), 'requests/s': r.perSecond.toFixed(0) })));
console.log(`With the Queue open: ${ceiling.ratio.toFixed(2)} of the no-page throughput (goal ≥ 0.9): ${ceiling.ratio >= 0.9 ? 'met' : 'NOT MET'}`);
