// Several licensing connections at once (generic, Keygen, Cryptlex) through the core: each request
// goes to the connection for its vendor, tokens live only in the secret store (never in the SQLite
// file, the audit trail or a message), a request for a vendor without a connection waits, and a
// connection cannot be removed while a request is in flight through it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { RequestStore } from '../../electron/store/request-store.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer, type CryptlexServerHandle } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const GENERIC_KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const KG = KEYGEN_SAMPLES.licenses;
const CL = CRYPTLEX_SAMPLES.licenses;
const SECRETS = [KEYGEN_SAMPLES.tokens.product, CRYPTLEX_SAMPLES.tokens.full];
const LICENCE_KEYS = [GENERIC_KEY, KG.floating3.key, KG.nodeLocked.key, CL.twoSeats.key];

interface Servers {
  generic: LicenseServerHandle;
  keygen: KeygenServerHandle;
  cryptlex: CryptlexServerHandle;
}

async function servers(t: TestContext): Promise<Servers> {
  const generic = await startLicenseServer({ licenses: [{ key: GENERIC_KEY, status: 'active', maxActivations: 10 }] });
  const keygen = await startKeygenServer(keygenSampleOptions());
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(async () => {
    await generic.close();
    await keygen.close();
    await cryptlex.close();
  });
  return { generic, keygen, cryptlex };
}

function open(t: TestContext, dataDir = tempDir(t)) {
  const kiosk = openCore(dataDir, { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  return { kiosk, dataDir };
}

async function addKeygen(kiosk: TestCore, s: Servers, name = 'Lab Keygen') {
  return kiosk.call('saveConnection', { vendor: 'keygen', name, baseUrl: s.keygen.url, publicKeyHex: s.keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
}

async function addCryptlex(kiosk: TestCore, s: Servers, name = 'Cryptlex EU') {
  return kiosk.call('saveConnection', { vendor: 'cryptlex', name, baseUrl: s.cryptlex.url, productPublicKeyPem: s.cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full });
}

function dbFileBytes(dataDir: string): Buffer {
  return Buffer.concat(
    ['kiosk.sqlite', 'kiosk.sqlite-wal'].flatMap((f) => (fs.existsSync(path.join(dataDir, f)) ? [fs.readFileSync(path.join(dataDir, f))] : [])),
  );
}

test('three connections at once: each request goes to the connection for its vendor or its target', async (t) => {
  const s = await servers(t);
  const { kiosk, dataDir } = open(t);
  await kiosk.call('saveConnection', { name: 'Licence API', baseUrl: s.generic.url, publicKeyPem: s.generic.publicKeyPem });
  const keygen = await addKeygen(kiosk, s);
  const cryptlex = await addCryptlex(kiosk, s);

  const list = await kiosk.call('listConnections', {});
  assert.deepEqual(list.map((c) => [c.vendor, c.name, c.isDefault, c.hasSecret]), [
    ['generic', 'Licence API', true, false],
    ['keygen', 'Lab Keygen', false, true],
    ['cryptlex', 'Cryptlex EU', false, true],
  ]);
  assert.match(list[1]!.secretStorage, /NOT encrypted/);
  const [, keygenView, cryptlexView] = list;
  assert.equal(keygenView?.vendor === 'keygen' ? keygenView.settings.auth : null, 'token');
  assert.equal(cryptlexView?.vendor === 'cryptlex' ? cryptlexView.settings.responseValiditySeconds : null, 259_200);
  const listed = JSON.stringify(list);
  for (const secret of SECRETS) assert.ok(!listed.includes(secret), 'a token is never sent back');
  assert.equal((await kiosk.call('getConnection', {}))?.name, 'Licence API', 'the default stays the generic one');

  const fp = machineId('press-7');
  const { results } = await kiosk.call('capture', {
    items: [
      item('seed.json', seed004File(GENERIC_KEY, 'plc-1')),
      item('keygen.txt', keygenQrText(KG.nodeLocked.key, fp)),
      item('device.req', makeOfflineRequest({ type: 'activation', key: CL.twoSeats.key, fp: 'c0ffee00c0ffee00c0ffee00c0ffee00', pid: CRYPTLEX_SAMPLES.productId, hostname: 'ctrl-4' })),
      item('kiosk.json', kioskFile(KG.floating3.key, 'lab-2', { target: { connection: 'lab keygen' } })),
    ],
  });
  assert.deepEqual(results.map((r) => r.outcome), ['queued', 'queued', 'queued', 'queued'], JSON.stringify(results));
  const [seedId, keygenId, cryptlexId, kioskId] = results.map((r) => r.requestId!);
  await kiosk.call('setLicenseKey', { id: cryptlexId!, licenseKey: CL.twoSeats.key });

  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 4, fulfilled: 4, failed: 0 });
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  const via = (id: string) => (db.prepare('SELECT connection_id FROM requests WHERE id = ?').get(id) as { connection_id: string }).connection_id;
  assert.equal(via(seedId!), list[0]!.id);
  assert.equal(via(keygenId!), keygen.id);
  assert.equal(via(kioskId!), keygen.id, 'the envelope named the Keygen connection');
  assert.equal(via(cryptlexId!), cryptlex.id);
  assert.equal(s.keygen.state.machines().length, 2);
  assert.equal(s.cryptlex.state.activations(CL.twoSeats.id).length, 1);
  const sent = (await kiosk.call('getRequest', { id: keygenId! })).history.find((h) => h.event === 'sending');
  assert.match(sent?.detail ?? '', /Lab Keygen/);

  // Secrets: never in the database file (main file or WAL), never in the audit trail; licence keys not in the audit either.
  const bytes = dbFileBytes(dataDir);
  for (const secret of SECRETS) assert.equal(bytes.indexOf(Buffer.from(secret)), -1, 'a token reached the SQLite file');
  const audit = (db.prepare('SELECT detail FROM audit').all() as { detail: string }[]).map((r) => r.detail).join('\n');
  for (const secret of [...SECRETS, ...LICENCE_KEYS]) assert.ok(!audit.includes(secret), `a secret reached the audit trail`);
  // Each token is stored with the API origin it was entered for (a changed address does not get it).
  const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { secrets: Record<string, string> };
  assert.deepEqual(Object.values(stored.secrets).map((v) => JSON.parse(v) as unknown), [
    { boundTo: s.keygen.origin, token: KEYGEN_SAMPLES.tokens.product },
    { boundTo: new URL(s.cryptlex.url).origin, token: CRYPTLEX_SAMPLES.tokens.full },
  ]);
});

test('a request whose vendor has no connection waits, says which is missing, and goes once one is added', async (t) => {
  const s = await servers(t);
  const { kiosk, dataDir } = open(t);
  await kiosk.call('saveConnection', { name: 'Licence API', baseUrl: s.generic.url, publicKeyPem: s.generic.publicKeyPem });
  const { results } = await kiosk.call('capture', { items: [item('keygen.txt', keygenQrText(KG.floating3.key, machineId('press-9')))] });
  const id = results[0]!.requestId!;

  assert.equal((await kiosk.call('syncNow', {})).attempted, 0, 'never sent to the generic API');
  assert.equal((await kiosk.call('syncNow', {})).attempted, 0);
  const waiting = await kiosk.call('getRequest', { id });
  assert.equal(waiting.state, 'queued');
  assert.match(waiting.lastError ?? '', /Needs a Keygen connection: add one in Settings/);
  assert.equal(waiting.history.filter((h) => h.event === 'waiting_for_connection').length, 1, 'noted once, not on every pass');
  assert.equal(s.generic.state.activationCount(), 0);
  // Not due, so the background loop has no work and does not start pass after pass for it.
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  t.after(() => db.close());
  assert.deepEqual(new RequestStore(db, () => new Date()).due(new Date().toISOString(), 10), []);

  await addKeygen(kiosk, s);
  assert.equal((await kiosk.call('getRequest', { id })).lastError, null, 'adding a connection routes it again');
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 1, fulfilled: 1, failed: 0 });
});

test('a connection cannot be removed while a request is in flight through it; afterwards its token goes too', async (t) => {
  const s = await servers(t);
  const { kiosk, dataDir } = open(t);
  const cryptlex = await addCryptlex(kiosk, s);
  assert.equal(cryptlex.isDefault, true, 'the first connection becomes the default');
  const { results } = await kiosk.call('capture', {
    items: [item('device.req', makeOfflineRequest({ type: 'activation', key: CL.twoSeats.key, fp: 'beef0000beef0000beef0000beef0000', pid: CRYPTLEX_SAMPLES.productId }))],
  });
  await kiosk.call('setLicenseKey', { id: results[0]!.requestId!, licenseKey: CL.twoSeats.key });

  s.cryptlex.faults.latencyMs = 400;
  const sync = kiosk.call('syncNow', {});
  for (let i = 0; i < 100 && (await kiosk.call('getRequest', { id: results[0]!.requestId! })).state !== 'in_flight'; i += 1) await new Promise((r) => setTimeout(r, 10));
  const refused = await kiosk.fail('removeConnection', { id: cryptlex.id });
  assert.equal(refused.code, 'not_allowed');
  assert.match(refused.message, /being sent/);
  assert.equal((await sync).fulfilled, 1);

  assert.deepEqual(await kiosk.call('removeConnection', { id: cryptlex.id }), { removed: cryptlex.id });
  assert.deepEqual(await kiosk.call('listConnections', {}), []);
  const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { secrets: Record<string, string> };
  assert.deepEqual(stored.secrets, {}, 'the token is removed with its connection');
  assert.equal((await kiosk.call('getRequest', { id: results[0]!.requestId! })).state, 'fulfilled', 'its requests stay');
});

test('edit keeps the token unless a new one is given; test connection names what is missing, never the token', async (t) => {
  const s = await servers(t);
  const { kiosk, dataDir } = open(t);
  const saved = await addKeygen(kiosk, s);
  const edited = await kiosk.call('saveConnection', { id: saved.id, vendor: 'keygen', name: 'Renamed', baseUrl: s.keygen.url, publicKeyHex: s.keygen.publicKeyHex, auth: 'token' });
  assert.equal(edited.name, 'Renamed');
  assert.equal(edited.hasSecret, true);

  const good = await kiosk.call('testConnection', { id: saved.id, vendor: 'keygen', name: 'Renamed', baseUrl: s.keygen.url, publicKeyHex: s.keygen.publicKeyHex, auth: 'token' });
  assert.equal(good.ok, true, JSON.stringify(good.checks));
  const noToken = await kiosk.call('testConnection', { vendor: 'keygen', name: 'New', baseUrl: s.keygen.url, publicKeyHex: s.keygen.publicKeyHex, auth: 'token' });
  assert.equal(noToken.ok, false);
  assert.match(noToken.checks.find((c) => !c.ok)?.message ?? '', /token/i);
  const cl = await kiosk.call('testConnection', { vendor: 'cryptlex', name: 'C', baseUrl: s.cryptlex.url, secret: CRYPTLEX_SAMPLES.tokens.full });
  assert.equal(cl.ok, true, JSON.stringify(cl.checks));
  const clMissing = await kiosk.call('testConnection', { vendor: 'cryptlex', name: 'C', baseUrl: s.cryptlex.url });
  assert.deepEqual(clMissing.checks.filter((c) => !c.ok).map((c) => c.name), ['Access token']);
  const unreachable = await kiosk.call('testConnection', { vendor: 'cryptlex', name: 'C', baseUrl: 'http://127.0.0.1:9', secret: CRYPTLEX_SAMPLES.tokens.full });
  assert.equal(unreachable.checks.find((c) => c.name === 'Cryptlex reachable')?.ok, false);
  const text = JSON.stringify([good, noToken, cl, clMissing, unreachable]);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), 'a token in a check message');
  assert.equal(fs.existsSync(path.join(dataDir, 'secrets.json')), true);

  const bad = await kiosk.fail('saveConnection', { vendor: 'keygen', name: 'x', baseUrl: s.keygen.url, publicKeyHex: 'nothex', secret: KEYGEN_SAMPLES.tokens.product });
  assert.equal(bad.code, 'invalid_input');
  assert.match(bad.message, /64-character Ed25519 hex key, or a PEM public key/);
  assert.ok(!bad.message.includes(KEYGEN_SAMPLES.tokens.product));
  assert.equal((await kiosk.fail('saveConnection', { id: saved.id, vendor: 'cryptlex', name: 'x', baseUrl: s.cryptlex.url })).code, 'invalid_input');
});

test('a request whose connection is removed (after a retryable failure) waits for a new one instead of staying due', async (t) => {
  const s = await servers(t);
  const { kiosk } = open(t);
  await kiosk.call('saveConnection', { name: 'Licence API', baseUrl: s.generic.url, publicKeyPem: s.generic.publicKeyPem });
  const keygen = await addKeygen(kiosk, s);
  const { results } = await kiosk.call('capture', { items: [item('keygen.txt', keygenQrText(KG.floating3.key, machineId('press-3')))] });
  const id = results[0]!.requestId!;
  s.keygen.faults.failNext(1, 503);
  assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 1, fulfilled: 0, failed: 1 });
  assert.equal((await kiosk.call('getRequest', { id })).state, 'retry_wait');

  await kiosk.call('removeConnection', { id: keygen.id });
  await kiosk.call('retryRequest', { id });
  assert.equal((await kiosk.call('syncNow', {})).attempted, 0);
  const waiting = await kiosk.call('getRequest', { id });
  assert.equal(waiting.state, 'queued');
  assert.match(waiting.lastError ?? '', /Needs a Keygen connection/);
  assert.equal((await kiosk.call('syncNow', {})).attempted, 0, 'still not sent to the generic connection');
  assert.equal(s.generic.state.activationCount(), 0);
});

test('adding or saving a connection never moves the default away from the one the engineer chose; only from the demo', async (t) => {
  const s = await servers(t);
  const { kiosk } = open(t);
  await kiosk.call('useDemoConnection', {});
  const keygen = await addKeygen(kiosk, s);
  assert.equal(keygen.isDefault, true, 'a real connection takes over from the demo');
  const generic = await kiosk.call('saveConnection', { name: 'Plant API', baseUrl: s.generic.url, publicKeyPem: s.generic.publicKeyPem });
  assert.equal(generic.isDefault, false, 'the licence API connection (one per kiosk) does not take the default');
  const cryptlex = await addCryptlex(kiosk, s);
  assert.equal(cryptlex.isDefault, false);
  assert.equal((await kiosk.call('getConnection', {}))?.id, keygen.id);
  await kiosk.call('setDefaultConnection', { id: generic.id });
  await kiosk.call('saveConnection', { id: keygen.id, vendor: 'keygen', name: 'Lab Keygen renamed', baseUrl: s.keygen.url, publicKeyHex: s.keygen.publicKeyHex, auth: 'token' });
  await kiosk.call('saveConnection', { name: 'Plant API again', baseUrl: s.generic.url, publicKeyPem: s.generic.publicKeyPem });
  assert.equal((await kiosk.call('getConnection', {}))?.id, generic.id, 'the chosen default stays');
});
