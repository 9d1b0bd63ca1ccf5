// The fault suite: the real kiosk process (the web host) syncs against the three licence test servers
// with faults switched on — latency, 5xx, connections reset before and after the server commits, 429
// bursts — and is killed with SIGKILL at a random moment during sync, then restarted. After every
// round: no request lost, every request fulfilled or refused for its licence's own reason, and each
// server holds exactly one activation per distinct device.
// Seeded and reproducible: FAULT_SEED=<printed seed> FAULT_ROUNDS=<n> reruns the same rounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallOutput } from '../../shared/api/contract.ts';
import type { Faults } from '../../electron/demo/server-kit.ts';
import { startLicenseServer } from '../servers/generic/index.ts';
import { CRYPTLEX_SAMPLES, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, startKeygenServer } from '../servers/keygen/index.ts';
import { item, keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { seeded } from '../support/seeded.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess, type HostProcess } from '../support/web-host-process.ts';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 200);
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SETTLE_MS = 60_000;

const GENERIC = { active: 'FAULT-11111-BBBBB-22222-CCCCC', suspended: 'FAULS-11111-BBBBB-22222-CCCCC' };
const KEYGEN = { active: { id: 'f0a1b2c3-0000-4000-8000-000000000001', key: 'FAULTS-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' }, suspended: KEYGEN_SAMPLES.licenses.suspended };
const CRYPTLEX = { active: { id: 'lic-fault-many-seats', key: 'F0B2C3-D4E5F6-A7B8C9-D0E1F2' }, suspended: CRYPTLEX_SAMPLES.licenses.suspended };

type Vendor = 'generic' | 'keygen' | 'cryptlex';

interface Captured {
  id: string;
  vendor: Vendor;
  device: string;
  suspended: boolean;
}

test(`fault suite: ${ROUNDS} rounds of faults and SIGKILL during sync (seed ${SEED})`, { timeout: 80 * 60_000 }, async (t) => {
  console.log(`fault suite: seed ${SEED}, ${ROUNDS} rounds (rerun with FAULT_SEED=${SEED} FAULT_ROUNDS=${ROUNDS})`);
  const generic = await startLicenseServer({
    licenses: [
      { key: GENERIC.active, status: 'active', maxActivations: 100_000 },
      { key: GENERIC.suspended, status: 'suspended', maxActivations: 5 },
    ],
    rateLimit: { limit: 100_000, windowMs: 60_000 },
  });
  const keygen = await startKeygenServer({
    accountId: KEYGEN_SAMPLES.accountId,
    licenses: [
      { ...KEYGEN.active, name: 'Fault suite', maxMachines: null },
      { ...KEYGEN.suspended, name: 'Suspended', maxMachines: 3, status: 'suspended' },
    ],
    tokens: [{ token: KEYGEN_SAMPLES.tokens.product, kind: 'product' }],
    rateLimit: { limit: 100_000, windowMs: 60_000 },
  });
  // Cryptlex keeps its real limit (50 requests per 5 s): the kiosk's rate limiter is part of what is tested.
  const cryptlex = await startCryptlexServer({
    licenses: [
      { ...CRYPTLEX.active, productId: CRYPTLEX_SAMPLES.productId, allowedActivations: 100_000 },
      // Cryptlex activates a suspended licence too (its signed answer says so and the kiosk refuses it), so every device takes a seat.
      { ...CRYPTLEX.suspended, productId: CRYPTLEX_SAMPLES.productId, allowedActivations: 100_000, suspended: true },
    ],
    tokens: [{ token: CRYPTLEX_SAMPLES.tokens.full, scopes: ['license:read', 'activation:read', 'activation:write'] }],
  });
  t.after(() => Promise.all([generic.close(), keygen.close(), cryptlex.close()]));
  const faults: Record<Vendor, Faults> = { generic: generic.faults, keygen: keygen.faults, cryptlex: cryptlex.faults };

  const dataDir = tempDir(t);
  const args = ['--sync-interval-ms', '100', '--retry-base-ms', '40'];
  let host: HostProcess = await startHostProcess(dataDir, args);
  t.after(() => host.stop());
  await host.call('saveConnection', { vendor: 'generic', name: 'Licence API', baseUrl: generic.url, publicKeyPem: generic.publicKeyPem });
  await host.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  await host.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full });

  const captured: Captured[] = [];
  const stats = { kills: 0, requests: 0, refused: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    const random = seeded(SEED + round);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const context = `round ${round} (FAULT_SEED=${SEED}; this round alone: FAULT_SEED=${SEED + round} FAULT_ROUNDS=1)`;

    for (const vendor of ['generic', 'keygen', 'cryptlex'] as const) {
      const f = faults[vendor];
      f.reset();
      f.latencyMs = Math.floor(random() * 40);
      // Cryptlex waits 30 s after a 5xx unless told otherwise: its faults always say Retry-After.
      if (random() < 0.4) f.failNext(1 + Math.floor(random() * 2), pick([500, 502, 503]), vendor === 'cryptlex' || random() < 0.5 ? 1 : undefined);
      if (random() < 0.4) f.dropNext(1, pick(['before', 'after'] as const));
      if (random() < 0.2) f.throttleNext(1 + Math.floor(random() * 3), 1);
    }

    // Capture this round's requests: a few devices per vendor, some on suspended licences, and some
    // devices asking twice in two forms (one seat, two requests).
    const items: { name: string; text: string; vendor: Vendor; device: string; suspended: boolean; cryptlexKey?: string }[] = [];
    const count = 2 + Math.floor(random() * 5);
    for (let i = 0; i < count; i += 1) {
      const vendor = pick(['generic', 'keygen', 'cryptlex'] as const);
      const suspended = random() < 0.1;
      const device = `r${round}-d${i}`;
      if (vendor === 'generic') {
        const key = suspended ? GENERIC.suspended : GENERIC.active;
        items.push({ name: `${device}.json`, text: seed004File(key, device), vendor, device, suspended });
        if (random() < 0.25) items.push({ name: `${device}-kiosk.json`, text: kioskFile(key, device, { nonce: `nonce-${device}-again` }), vendor, device, suspended });
      } else if (vendor === 'keygen') {
        const key = (suspended ? KEYGEN.suspended : KEYGEN.active).key;
        items.push({ name: `${device}.txt`, text: keygenQrText(key, machineId(device)), vendor, device, suspended });
      } else {
        const key = (suspended ? CRYPTLEX.suspended : CRYPTLEX.active).key;
        const text = makeOfflineRequest({ type: 'activation', key, fp: machineId(device).slice(0, 32), pid: CRYPTLEX_SAMPLES.productId, hostname: device, nonce: `n-${device}` });
        items.push({ name: `${device}.req`, text, vendor, device, suspended, cryptlexKey: key });
      }
    }
    const { results } = await host.call('capture', { items: items.map((it) => item(it.name, it.text)) });
    results.forEach((result, i) => {
      const it = items[i]!;
      assert.equal(result.outcome, 'queued', `${context}: ${it.name} ${result.message}`);
      captured.push({ id: result.requestId!, vendor: it.vendor, device: it.device, suspended: it.suspended });
    });
    stats.requests += results.length;

    // Sync runs in the background; kill it at a random moment, once or twice.
    const kills = random() < 0.3 ? 2 : 1;
    for (let k = 0; k < kills; k += 1) {
      if (k === 0) {
        for (const [i, it] of items.entries()) {
          if (it.cryptlexKey) await host.call('setLicenseKey', { id: results[i]!.requestId!, licenseKey: it.cryptlexKey });
        }
      }
      await sleep(Math.floor(random() * 250));
      await host.kill();
      stats.kills += 1;
      host = await startHostProcess(dataDir, args);
    }

    // Faults run out; the restarted kiosk must finish every request on its own.
    for (const f of Object.values(faults)) {
      f.failNext(0);
      f.dropNext(0);
      f.throttleNext(0);
    }
    const settleStart = Date.now();
    await settle(host, context);
    if (process.env.FAULT_VERBOSE) console.log(`${context}: ${items.length} requests, ${kills} kills, settled in ${Date.now() - settleStart} ms`);

    // Invariants, on the store and on the servers.
    const requests = await everyRequest(host);
    const states = new Map(requests.map((r) => [r.id, r]));
    for (const c of captured) {
      const r = states.get(c.id);
      assert.ok(r, `${context}: request for ${c.device} (${c.vendor}) was lost`);
      if (c.suspended) {
        assert.equal(r.state, 'rejected', `${context}: ${c.device} on a suspended ${c.vendor} licence is ${r.state}: ${r.lastError}`);
        assert.match(r.lastError ?? '', /suspend/i, `${context}: ${c.device} refused for the wrong reason: ${r.lastError}`);
      } else {
        assert.equal(r.state, 'fulfilled', `${context}: ${c.device} (${c.vendor}) is ${r.state}: ${r.lastError}`);
      }
    }
    assert.equal(requests.length, captured.length, `${context}: the queue holds ${requests.length} requests, ${captured.length} were captured`);
    const devices = (vendor: Vendor) => new Set(captured.filter((c) => c.vendor === vendor && !c.suspended).map((c) => c.device)).size;
    assert.equal(generic.state.activationCount(GENERIC.active), devices('generic'), `${context}: licence API activations`);
    assert.equal(generic.state.activationCount(GENERIC.suspended), 0);
    assert.equal(keygen.state.machines(KEYGEN.active.key).length, devices('keygen'), `${context}: Keygen machines`);
    assert.equal(cryptlex.state.activations(CRYPTLEX.active.id).length, devices('cryptlex'), `${context}: Cryptlex activations`);
  }
  stats.refused = captured.filter((c) => c.suspended).length;
  console.log(`fault suite: ${ROUNDS} rounds, ${stats.requests} requests, ${stats.kills} SIGKILLs, ${stats.refused} refused as expected; seed ${SEED}`);
});

/** The whole queue, window by window (a list call returns at most 500 rows). */
async function everyRequest(host: HostProcess): Promise<CallOutput<'listRequests'>['requests']> {
  const all: CallOutput<'listRequests'>['requests'] = [];
  for (;;) {
    const page = await host.call('listRequests', { offset: all.length, limit: 500 });
    all.push(...page.requests);
    if (page.requests.length === 0 || all.length >= page.total) return all;
  }
}

/** Waits until nothing is queued, in flight or waiting to retry. */
async function settle(host: HostProcess, context: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const { counts } = await host.call('getStatus', {});
    if (counts.queued + counts.in_flight + counts.retry_wait === 0) return;
    if (Date.now() > deadline) {
      const { requests } = await host.call('listRequests', { states: ['queued', 'in_flight', 'retry_wait'] });
      assert.fail(`${context}: not settled after ${SETTLE_MS / 1000} s: ${requests.map((r) => `${r.sourceName} ${r.state} ${r.lastErrorCode ?? ''} ${r.lastError ?? ''}`).join('; ')}`);
    }
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
