// Rate-limit benchmark: sync N Cryptlex requests against the Cryptlex test server, which allows 50
// requests per 5-second window (Cryptlex's limit), and print the achieved request rate as a fraction
// of the allowed rate and the number of 429s the server sent.
// Baseline in the same run: a client without a limiter that sends one request after the other and
// waits Retry-After (+2 s) after a 429, as Cryptlex's own JavaScript client does.
//   npm run bench:sync [-- --requests 1000 --latency 20]
import { parseArgs } from 'node:util';
import { createCryptlexConnector } from '../../electron/connectors/cryptlex/cryptlex-connector.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { CRYPTLEX_SAMPLES, makeOfflineRequest, startCryptlexServer, type CryptlexServerHandle } from '../servers/cryptlex/index.ts';
import { openCore } from '../support/core.ts';
import { item, machineId } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, latency: { type: 'string', default: '20' } } });
const N = Number(values.requests);
const LATENCY_MS = Number(values.latency);
const LIMIT = 50;
const WINDOW_MS = 5_000;
const ALLOWED_PER_S = LIMIT / (WINDOW_MS / 1000);
const LICENSE = { id: 'lic-bench', key: 'BE0CH1-D4E5F6-A7B8C9-D0E1F2' };
const TOKEN = CRYPTLEX_SAMPLES.tokens.full;

interface Row {
  client: string;
  fulfilled: number;
  seconds: number;
  apiCalls: number;
  throttled: number;
  /** Rate-limit windows the run touched: at most LIMIT calls could be accepted in each. */
  windows: number;
}

async function server(): Promise<CryptlexServerHandle> {
  const srv = await startCryptlexServer({
    licenses: [{ ...LICENSE, productId: CRYPTLEX_SAMPLES.productId, allowedActivations: N + 10 }],
    tokens: [{ token: TOKEN, scopes: ['license:read', 'activation:read', 'activation:write'] }],
    rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
  });
  srv.faults.latencyMs = LATENCY_MS;
  return srv;
}

const offlineRequest = (run: string, i: number) =>
  makeOfflineRequest({ type: 'activation', key: LICENSE.key, fp: machineId(`${run}-${i}`).slice(0, 32), pid: CRYPTLEX_SAMPLES.productId, hostname: `${run}-${i}`, nonce: `${run}-${i}` });

/** Wall-clock time (the server's fixed windows are aligned to it) and what the server answered. */
function measured(client: string, srv: CryptlexServerHandle, fulfilled: number, startedAt: number): Row {
  const answers = srv.state.answers();
  const apiCalls = Object.values(answers).reduce((a, b) => a + b, 0);
  const windows = Math.floor(Date.now() / WINDOW_MS) - Math.floor(startedAt / WINDOW_MS) + 1;
  return { client, fulfilled, seconds: (Date.now() - startedAt) / 1000, apiCalls, throttled: answers[429] ?? 0, windows };
}

/** The kiosk: capture, then sync (the engine with its per-connection limiter) until every request is fulfilled. */
async function kiosk(): Promise<Row> {
  const srv = await server();
  const kiosk = openCore(benchDir('sync-rate'));
  try {
    await kiosk.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: srv.url, secret: TOKEN });
    const ids: string[] = [];
    for (let start = 0; start < N; start += 500) {
      const batch = Array.from({ length: Math.min(500, N - start) }, (_, k) => item(`d${start + k}.req`, offlineRequest('kiosk', start + k)));
      const { results } = await kiosk.call('capture', { items: batch });
      ids.push(...results.map((r) => r.requestId!));
    }
    for (const id of ids) await kiosk.call('setLicenseKey', { id, licenseKey: LICENSE.key });
    const startedAt = Date.now();
    let fulfilled = 0;
    while (fulfilled < N) {
      await kiosk.call('syncNow', {});
      const { counts, nextRetryAt } = await kiosk.call('getStatus', {});
      fulfilled = counts.fulfilled;
      if (counts.rejected > 0) throw new Error(`${counts.rejected} requests were refused`);
      // Requests the server throttled wait for their retry time; the background loop would wake then.
      if (fulfilled < N && nextRetryAt) await sleep(Math.max(0, Date.parse(nextRetryAt) - Date.now()));
    }
    return measured('kiosk (limiter, 4 at a time)', srv, fulfilled, startedAt);
  } finally {
    await kiosk.core.close();
    await srv.close();
  }
}

/** Baseline: one request after the other, no limiter; after a 429 wait what the connector says (Retry-After + 2 s). */
async function naive(): Promise<Row> {
  const srv = await server();
  const secrets = FileSecretStore.inDataDir(benchDir('sync-rate-naive'));
  await secrets.set('token', TOKEN);
  const connector = createCryptlexConnector({ baseUrl: srv.url, accessTokenSecretId: 'token', responseValiditySeconds: 86_400 }, { secrets });
  const startedAt = Date.now();
  let fulfilled = 0;
  try {
    for (let i = 0; i < N; i += 1) {
      for (;;) {
        const outcome = await connector.fulfil({ id: `n${i}`, kind: 'activate', licenseKey: LICENSE.key, deviceId: machineId(`naive-${i}`).slice(0, 32), deviceLabel: null, deviceDetails: {}, requestBody: offlineRequest('naive', i) });
        if (outcome.ok) break;
        if (!outcome.retryable) throw new Error(outcome.message);
        await sleep(Math.max(0, (outcome.retryAt ?? Date.now() + 1000) - Date.now()));
      }
      fulfilled += 1;
    }
    return measured('baseline (no limiter, 1 at a time)', srv, fulfilled, startedAt);
  } finally {
    await srv.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`Syncing ${N} Cryptlex requests; the server allows ${LIMIT} requests per ${WINDOW_MS / 1000} s (${ALLOWED_PER_S}/s) and answers after ${LATENCY_MS} ms.\n`);
const rows = [await naive(), await kiosk()];
// The allowed rate over a run is LIMIT per window it touched (a run rarely starts on a window boundary).
const fractionOf = (r: Row) => (r.apiCalls - r.throttled) / (r.windows * LIMIT);
console.table(
  rows.map((r) => ({
    client: r.client,
    fulfilled: r.fulfilled,
    seconds: r.seconds.toFixed(1),
    'API calls': r.apiCalls,
    '429s': r.throttled,
    'accepted calls/s': ((r.apiCalls - r.throttled) / r.seconds).toFixed(2),
    windows: r.windows,
    'of allowed rate': fractionOf(r).toFixed(3),
  })),
);
const kioskRow = rows[1]!;
console.log(`\nKiosk: ${(fractionOf(kioskRow) * 100).toFixed(1)} % of the allowed rate (target ≥ 90 %), ${kioskRow.throttled} × 429.`);
