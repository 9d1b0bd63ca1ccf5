// Relay benchmark: several relay processes on one PostgreSQL, simulated kiosks submitting requests
// concurrently (each retries a "wait" answer until it is final), against the seed-004 licence server.
//  1. Vendor limit (default 50 per 5 s, the numbers): the share of the vendor's allowed rate
//     reached, 429s met, double activations — with the relay's shared rate gate, against a baseline in
//     the same run without it (the same processes sending as fast as they are asked).
//  2. The relay's own throughput with the vendor limit lifted: requests/s with 1 process (the
//     baseline) and with N processes.
//   npm run bench:relay [-- --requests 10000 --kiosks 50 --processes 3 --limit 50 --window-ms 5000 --throughput-requests 3000]
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { migrate, openDb } from '../../electron/relay/db.ts';
import { relayStores } from '../../electron/relay/relay.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { startLicenseServer, type LicenseServerHandle } from '../servers/generic/index.ts';
import { startPostgres } from '../support/postgres.ts';
import { enrolledKiosk, type TestKiosk } from '../support/relay-kiosk.ts';
import { TEST_SECRET_KEY } from '../support/relay.ts';
import { spawnRelay, type RelayProcess } from '../support/relay-process.ts';
import { machineId } from '../support/requests.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    kiosks: { type: 'string', default: '50' },
    processes: { type: 'string', default: '3' },
    limit: { type: 'string', default: '50' },
    'window-ms': { type: 'string', default: '5000' },
    'throughput-requests': { type: 'string', default: '3000' },
  },
});
const REQUESTS = Number(values.requests);
const KIOSKS = Number(values.kiosks);
const PROCESSES = Number(values.processes);
const LIMIT = Number(values.limit);
const WINDOW_MS = Number(values['window-ms']);
const THROUGHPUT_REQUESTS = Number(values['throughput-requests']);
const KEY = 'BENCH-RELAY-RATES-00000-00001';

const cluster = await startPostgres();
const db = openDb(cluster.url);
await migrate(db);
const stores = relayStores(db);
const box = secretBox(parseSecretKey(TEST_SECRET_KEY));
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Row {
  run: string;
  processes: number;
  requests: number;
  seconds: number;
  perSecond: number;
  share: number | null;
  throttled: number;
  doubles: number;
}

/** One run: its own vendor server and connection, `n` relay processes, the kiosks sharing `requests`. */
async function run(name: string, n: number, requests: number, vendorLimit: { limit: number; windowMs: number } | null, gate: boolean): Promise<Row> {
  const vendor: LicenseServerHandle = await startLicenseServer({
    licenses: [{ key: KEY, status: 'active', maxActivations: requests + 10 }],
    privateKeyPem,
    rateLimit: vendorLimit ?? { limit: 1_000_000, windowMs: 1000 },
  });
  const connection = `bench-${name.replace(/\W+/g, '-')}`;
  await saveConnection(stores.connections, box, { vendor: 'generic', name: connection, baseUrl: vendor.url, publicKeyPem: vendor.publicKeyPem }, [connection], gate && vendorLimit ? vendorLimit : null);
  const relays: RelayProcess[] = [];
  for (let i = 0; i < n; i += 1) relays.push(await spawnRelay({ databaseUrl: cluster.url, secretKey: TEST_SECRET_KEY, port: await freePort(), claimSeconds: 120 }));
  const kiosks: TestKiosk[] = [];
  for (let i = 0; i < KIOSKS; i += 1) kiosks.push(await enrolledKiosk(stores.people, relays[0]!.url, `${name} kiosk ${i}`, { products: [connection] }));
  let throttled = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    kiosks.map(async (kiosk, k) => {
      for (let i = next++; i < requests; i = next++) {
        const device = `${connection}-${i}`;
        for (;;) {
          const answer = await kiosk.submit(relays[(k + i) % n]!.url, 'generic', { id: device, kind: 'activate', licenseKey: KEY, deviceId: machineId(device), deviceLabel: device, deviceDetails: {} });
          if (answer.ok) break;
          if (answer.code === 'rate_limited') throttled += 1;
          if (!answer.retryable) throw new Error(`${device}: ${answer.message}`);
          await new Promise((r) => setTimeout(r, Math.min(answer.retryAfterMs ?? 100, 2000)));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const seats = vendor.state.activations(KEY);
  // A repeated activation of a machine is the same seat here, so the server counts the repeats: each is a double send.
  const doubles = vendor.state.repeatActivations();
  // The vendor's windows the run touched: at most `limit` calls could be accepted in each.
  const allowed = vendorLimit ? Math.ceil((seconds * 1000) / vendorLimit.windowMs) * vendorLimit.limit : null;
  await Promise.all(relays.map((r) => r.stop()));
  await vendor.close();
  return { run: name, processes: n, requests, seconds, perSecond: requests / seconds, share: allowed ? Math.min(requests, seats.length) / allowed : null, throttled, doubles };
}

const rows: Row[] = [];
try {
  const limit = { limit: LIMIT, windowMs: WINDOW_MS };
  rows.push(await run('vendor limit, no shared gate (baseline)', PROCESSES, REQUESTS, limit, false));
  rows.push(await run('vendor limit, shared gate', PROCESSES, REQUESTS, limit, true));
  rows.push(await run('no vendor limit, 1 process (baseline)', 1, THROUGHPUT_REQUESTS, null, false));
  rows.push(await run(`no vendor limit, ${PROCESSES} processes`, PROCESSES, THROUGHPUT_REQUESTS, null, false));
} finally {
  await db.end();
  cluster.destroy();
}

const one = rows[2]!.perSecond;
console.log(`\nRelay: ${KIOSKS} kiosks, vendor limit ${LIMIT} per ${WINDOW_MS / 1000} s (goal: share >= 0.95, 0 x 429, 0 double activations)\n`);
console.log(['run'.padEnd(42), 'procs', 'requests', 'seconds', 'req/s', 'req/s/proc', 'share', '429s', 'doubles', 'vs 1 proc'].join('  '));
for (const r of rows) {
  console.log(
    [
      r.run.padEnd(42),
      String(r.processes).padStart(5),
      String(r.requests).padStart(8),
      r.seconds.toFixed(1).padStart(7),
      r.perSecond.toFixed(1).padStart(5),
      (r.perSecond / r.processes).toFixed(1).padStart(10),
      (r.share === null ? '-' : r.share.toFixed(3)).padStart(5),
      String(r.throttled).padStart(4),
      String(r.doubles).padStart(7),
      (r.share === null ? `${(r.perSecond / one).toFixed(2)}x` : '-').padStart(9),
    ].join('  '),
  );
}
process.exit(0);
