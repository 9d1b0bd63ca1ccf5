// The relay under faults: three relay processes on one PostgreSQL, kiosks submitting concurrently to
// any of them, processes SIGKILLed and started again at random, and two vendors that fail, drop
// connections after committing, and are slow. After every round each device holds exactly one seat,
// was sent to its vendor once, and every submitted request has its answer.
// Two vendors because they see a repeat differently: the licence API answers a repeated activation of
// a machine as the same seat (its count of such repeats shows a double send), while Keygen refuses a
// second machine with the same fingerprint and id (ID_CONFLICT, which the connector then treats as
// done), so its own count of activation calls per fingerprint shows one the seats would hide.
// Seeded: RELAY_FAULT_SEED=<printed seed> RELAY_FAULT_ROUNDS=<n> reruns the same choices (the
// processes' timing still varies); the names differ from the kiosk suite's FAULT_* so that a long
// kiosk run does not also lengthen this one.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { after, it } from 'node:test';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { relayStores } from '../../electron/relay/relay.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import type { ConnectorRequest } from '../../electron/connectors/types.ts';
import type { SubmitAnswer } from '../../electron/relay/wire.ts';
import { startLicenseServer } from '../servers/generic/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { enrolledKiosk, type TestKiosk } from '../support/relay-kiosk.ts';
import { spawnRelay, type RelayProcess } from '../support/relay-process.ts';
import { machineId } from '../support/requests.ts';
import { seeded } from '../support/seeded.ts';

const KEY = 'FAULT-SUITE-RELAY-00000-00001';
const KEYGEN_LICENSE = { id: '5e1a7c00-0000-4000-8000-00000000fa01', key: 'RELAY-FAULT-SUITE-000001-V3' };
const ROUNDS = Number(process.env.RELAY_FAULT_ROUNDS ?? 2);
const SEED = Number(process.env.RELAY_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
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
const keygen = await startKeygenServer({ ...keygenSampleOptions(), licenses: [{ ...KEYGEN_LICENSE, maxMachines: null }], rateLimit: { limit: 100_000, windowMs: 1000 } });
after(() => Promise.all([vendor.close(), keygen.close()]));
const box = secretBox(parseSecretKey(TEST_SECRET_KEY));
await saveConnection(stores.connections, box, { vendor: 'generic', name: 'licence-api', baseUrl: vendor.url, publicKeyPem: vendor.publicKeyPem }, []);
await saveConnection(stores.connections, box, { vendor: 'keygen', name: 'keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product }, []);
const vendors = [vendor, keygen];

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

type Vendor = 'generic' | 'keygen';
const request = (vendorId: Vendor, id: string, device: string): ConnectorRequest =>
  vendorId === 'generic'
    ? { id, kind: 'activate', licenseKey: KEY, deviceId: machineId(device), deviceLabel: device, deviceDetails: {} }
    : { id, kind: 'activate', licenseKey: KEYGEN_LICENSE.key, deviceId: `fp:${device}`, deviceLabel: device, deviceDetails: {} };

/**
 * A kiosk's sync loop for one request: any relay, again after every "wait", until an answer is final.
 * Now and then the same submit goes to two processes at once (a kiosk that timed out and retried
 * elsewhere, or a load balancer retrying), so only the relay's claim keeps it from two vendor calls.
 */
async function untilFinal(kiosk: TestKiosk, vendorId: Vendor, id: string, device: string, random: () => number): Promise<SubmitAnswer> {
  const pick = () => relays[Math.floor(random() * relays.length)]!;
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const targets = random() < 0.25 ? [pick(), pick()] : [pick()];
    const answers = await Promise.all(targets.map((relay) => kiosk.submit(relay.url, vendorId, request(vendorId, id, device))));
    const artifacts = new Set(answers.flatMap((a) => (a.ok ? [a.artifact.bytesBase64] : [])));
    assert.ok(artifacts.size <= 1, `${id}: two different answers to one request`);
    const final = answers.find((a) => a.ok || !a.retryable);
    if (final) return final;
    await sleep(50 + Math.floor(random() * 100));
  }
  throw new Error(`request ${id} got no final answer`);
}

it('keeps every request answered and every device on one seat, sent once, through killed relay processes and vendor faults', { timeout: 60_000 + ROUNDS * 45_000 }, async () => {
  console.log(`relay fault suite: seed ${SEED}, ${ROUNDS} rounds (rerun with RELAY_FAULT_SEED=${SEED} RELAY_FAULT_ROUNDS=${ROUNDS})`);
  const random = seeded(SEED);
  const kiosks = await Promise.all(Array.from({ length: KIOSKS }, (_, i) => enrolledKiosk(stores.people, relays[i % 3]!.url, `Fault Kiosk ${i}`)));
  const keygenDevices: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const context = `round ${round} (RELAY_FAULT_SEED=${SEED})`;
    for (const v of vendors) {
      v.faults.latencyMs = 40;
      v.faults.failNext(3, 503);
    }
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
        vendors[Math.floor(random() * vendors.length)]!.faults.dropNext(1, 'after');
        await victim.start();
      }
    })();
    // Each kiosk keeps submitting new requests, to either vendor, until the round has seen its kills.
    const work = kiosks.map(async (kiosk, k) => {
      const done: { vendor: Vendor; device: string; answer: SubmitAnswer }[] = [];
      for (let r = 0; r < REQUESTS_PER_KIOSK || kills < KILLS_PER_ROUND; r += 1) {
        const vendorId: Vendor = random() < 0.5 ? 'generic' : 'keygen';
        const device = `round${round}-kiosk${k}-device${r}`;
        done.push({ vendor: vendorId, device, answer: await untilFinal(kiosk, vendorId, `fault-${round}-${k}-${r}`, device, random) });
      }
      return done;
    });
    const results = (await Promise.all(work)).flat();
    killing = false;
    await killer;
    for (const { device, answer } of results) assert.ok(answer.ok, `${context}: ${device}: ${JSON.stringify(answer)}`);
    const seats = vendor.state.activations(KEY);
    for (const { device } of results.filter((r) => r.vendor === 'generic')) assert.equal(seats.filter((m) => m === machineId(device)).length, 1, `${context}: ${device} holds one seat`);
    assert.equal(vendor.state.repeatActivations(), 0, `${context}: no machine was sent to the licence API twice`);
    // Keygen's own record, for this round's devices and every earlier one: one machine and one
    // activation call per fingerprint, and no call for any other.
    keygenDevices.push(...results.filter((r) => r.vendor === 'keygen').map((r) => `fp:${r.device}`));
    assert.ok(keygenDevices.length > 0, `${context}: some requests went to Keygen`);
    const machines = keygen.state.machines(KEYGEN_LICENSE.key);
    for (const fp of keygenDevices) {
      assert.equal(machines.filter((m) => m.fingerprint === fp).length, 1, `${context}: ${fp} holds one machine`);
      assert.equal(keygen.state.activationAttemptsFor(fp), 1, `${context}: ${fp} was sent to Keygen once`);
    }
    assert.equal(machines.length, keygenDevices.length, `${context}: no other machine`);
    assert.equal(keygen.state.activationAttempts(), keygenDevices.length, `${context}: no other activation call`);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM requests WHERE id LIKE $1 AND state = 'done'", [`fault-${round}-%`]);
    assert.equal(rows[0].n, results.length, `${context}: every request answered once on the relay`);
    // The faults happened: processes died, and some requests needed more than one claim (a retry or a reconcile).
    assert.ok(kills >= KILLS_PER_ROUND, `${context}: ${kills} kills`);
    const retried = await db.query("SELECT count(*)::int AS n FROM requests WHERE id LIKE $1 AND attempts > 1", [`fault-${round}-%`]);
    assert.ok(retried.rows[0].n > 0, `${context}: some requests were tried more than once`);
    for (const v of vendors) v.faults.reset();
  }
});
