// The relay under faults: three relay processes on one PostgreSQL, kiosks submitting concurrently to
// any of them, processes SIGKILLed and started again at random, and a vendor that fails, drops
// connections after committing, and is slow. After every round each device holds exactly one seat
// and every submitted request has its answer.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { after, it } from 'node:test';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { relayStores } from '../../electron/relay/relay.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import type { SubmitAnswer } from '../../electron/relay/wire.ts';
import { startLicenseServer } from '../servers/generic/index.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { enrolledKiosk, type TestKiosk } from '../support/relay-kiosk.ts';
import { spawnRelay, type RelayProcess } from '../support/relay-process.ts';
import { machineId } from '../support/requests.ts';
import { seeded } from '../support/seeded.ts';

const KEY = 'FAULT-SUITE-RELAY-00000-00001';
const ROUNDS = 2;
const KIOSKS = 6;
const REQUESTS_PER_KIOSK = 5;
const KILLS_PER_ROUND = 3;

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);
const vendor = await startLicenseServer({
  licenses: [{ key: KEY, status: 'active', maxActivations: 100_000 }],
  privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  rateLimit: { limit: 100_000, windowMs: 1000 },
});
after(() => vendor.close());
await saveConnection(stores.connections, secretBox(parseSecretKey(TEST_SECRET_KEY)), { vendor: 'generic', name: 'licence-api', baseUrl: vendor.url, publicKeyPem: vendor.publicKeyPem }, []);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const relays: RelayProcess[] = [];
for (let i = 0; i < 3; i += 1) relays.push(await spawnRelay({ databaseUrl: cluster.url, secretKey: TEST_SECRET_KEY, port: await freePort(), claimSeconds: 2 }));
after(() => Promise.all(relays.map((r) => r.stop())));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A kiosk's sync loop for one request: any relay, again after every "wait", until an answer is final. */
async function untilFinal(kiosk: TestKiosk, id: string, device: string, random: () => number): Promise<SubmitAnswer> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const relay = relays[Math.floor(random() * relays.length)]!;
    const answer = await kiosk.submit(relay.url, 'generic', { id, kind: 'activate', licenseKey: KEY, deviceId: machineId(device), deviceLabel: device, deviceDetails: {} });
    if (answer.ok || !answer.retryable) return answer;
    await sleep(50 + Math.floor(random() * 100));
  }
  throw new Error(`request ${id} got no final answer`);
}

it('keeps every request answered and every device on one seat through killed relay processes and vendor faults', { timeout: 150_000 }, async () => {
  const random = seeded(14);
  const kiosks = await Promise.all(Array.from({ length: KIOSKS }, (_, i) => enrolledKiosk(stores.people, relays[i % 3]!.url, `Fault Kiosk ${i}`)));
  for (let round = 0; round < ROUNDS; round += 1) {
    vendor.faults.latencyMs = 40;
    vendor.faults.failNext(3, 503);
    let killing = true;
    let kills = 0;
    const killer = (async () => {
      while (killing) {
        await sleep(150 + Math.floor(random() * 200));
        if (!killing) break;
        const victim = relays[Math.floor(random() * relays.length)]!;
        await victim.kill();
        kills += 1;
        // Some answers are lost after the vendor committed them, while a process is down.
        vendor.faults.dropNext(1, 'after');
        await victim.start();
      }
    })();
    // Each kiosk keeps submitting new requests until the round has seen its kills.
    const work = kiosks.map(async (kiosk, k) => {
      const done: { device: string; answer: SubmitAnswer }[] = [];
      for (let r = 0; r < REQUESTS_PER_KIOSK || kills < KILLS_PER_ROUND; r += 1) {
        const device = `round${round}-kiosk${k}-device${r}`;
        done.push({ device, answer: await untilFinal(kiosk, `fault-${round}-${k}-${r}`, device, random) });
      }
      return done;
    });
    const results = (await Promise.all(work)).flat();
    killing = false;
    await killer;
    for (const { device, answer } of results) assert.ok(answer.ok, `${device}: ${JSON.stringify(answer)}`);
    const seats = vendor.state.activations(KEY);
    for (const { device } of results) assert.equal(seats.filter((m) => m === machineId(device)).length, 1, `${device} holds one seat`);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM requests WHERE id LIKE $1 AND state = 'done'", [`fault-${round}-%`]);
    assert.equal(rows[0].n, results.length, 'every request answered once on the relay');
    // The faults happened: processes died, and some requests needed more than one claim (a retry or a reconcile).
    assert.ok(kills >= KILLS_PER_ROUND, `${kills} kills`);
    const retried = await db.query("SELECT count(*)::int AS n FROM requests WHERE id LIKE $1 AND attempts > 1", [`fault-${round}-%`]);
    assert.ok(retried.rows[0].n > 0, 'some requests were tried more than once');
    vendor.faults.reset();
  }
});
