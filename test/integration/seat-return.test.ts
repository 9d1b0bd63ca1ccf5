// Seat return for dead or replaced devices, through the kiosk against each vendor's test server on
// 127.0.0.1: an activated device's seat is returned from its request or from a typed licence key and
// device id, online and queued while the server is down (then synced), the server's state checked (the
// seat is free) and the proof stored and exported. Bad input gets a sentence and queues nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { LICENSESPRING_SAMPLES as LS, licenseSpringSampleOptions, startLicenseSpringServer, type LicenseSpringServerHandle } from '../servers/licensespring/index.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { LS_SERVER_KEY_PEM, lsRequest } from '../support/licensespring.ts';
import { item, keygenQrText, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const REASON = 'Controller dead after a power surge; replaced by a new one';
const KG = KEYGEN_SAMPLES.licenses.floating3;

function kiosk(t: TestContext): { k: TestCore; exportDir: string } {
  const exportDir = tempDir(t);
  const k = openCore(tempDir(t), { chooseFolder: async () => exportDir });
  t.after(() => k.core.close());
  return { k, exportDir };
}

async function genericServer(t: TestContext): Promise<LicenseServerHandle> {
  const srv = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => srv.close());
  return srv;
}

async function keygenServer(t: TestContext): Promise<KeygenServerHandle> {
  const srv = await startKeygenServer(keygenSampleOptions());
  t.after(() => srv.close());
  return srv;
}

async function licenseSpringServer(t: TestContext): Promise<LicenseSpringServerHandle> {
  const srv = await startLicenseSpringServer({ ...licenseSpringSampleOptions(), privateKeyPem: LS_SERVER_KEY_PEM });
  t.after(() => srv.close());
  return srv;
}

/** Captures one request and syncs it; its id (asserted fulfilled). */
async function activated(k: TestCore, name: string, text: string): Promise<string> {
  const { results } = await k.call('capture', { items: [item(name, text)] });
  const id = results[0]!.requestId!;
  assert.ok(id, results[0]!.message);
  await k.call('syncNow', {});
  const detail = await k.call('getRequest', { id });
  assert.equal(detail.state, 'fulfilled', detail.lastError ?? '');
  assert.equal(detail.actions.returnSeat, true, 'an activated request offers its seat back');
  return id;
}

/** The seat return's detail after it synced, with its exported proof. */
async function returnedAndExported(k: TestCore, exportDir: string, id: string) {
  const detail = await k.call('getRequest', { id });
  assert.equal(detail.state, 'fulfilled', detail.lastError ?? '');
  assert.equal(detail.kind, 'deactivate');
  assert.equal(detail.actions.returnSeat, false, 'a deactivation holds no seat');
  assert.ok(detail.history.some((h) => h.event === 'seat_return_asked' && h.detail.includes(`Reason: ${REASON}`)), 'the reason is in the audit trail');
  const { written, problems } = await k.call('deliver', { ids: [id], to: 'folder' });
  assert.deepEqual(problems, []);
  return { detail, fileName: written[0]!.fileName, proof: fs.readFileSync(path.join(exportDir, written[0]!.fileName), 'utf8') };
}

test('licence API: a seat returned from the activated request frees the machine; the signed answer is the proof', async (t) => {
  const api = await genericServer(t);
  const { k, exportDir } = kiosk(t);
  await k.call('saveConnection', { name: 'Plant API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });
  const machine = machineId('press-7');
  const activation = await activated(k, 'press-7.json', seed004File(KEY, 'press-7'));
  assert.deepEqual(api.state.activations(KEY), [machine]);

  const result = await k.call('returnSeat', { from: 'request', requestId: activation, reason: REASON });
  assert.equal(result.outcome, 'queued', result.message);
  assert.match(result.message, /^Queued: the seat of .* on licence AAAAA-•+-CCCCC is returned through "Plant API" at the next sync\.$/);
  assert.ok(!result.message.includes(KEY), 'the key is masked');
  assert.equal((await k.call('returnSeat', { from: 'request', requestId: activation, reason: REASON })).outcome, 'duplicate', 'pressed twice, queued once');
  await k.call('syncNow', {});

  const { detail, fileName, proof } = await returnedAndExported(k, exportDir, result.requestId!);
  assert.deepEqual(api.state.activations(KEY), [], 'the server no longer holds the machine');
  assert.match(fileName, /^deactivation-/);
  const signed = JSON.parse(proof) as { data: { machine_id: string }; signature: string };
  assert.equal(signed.data.machine_id, machine);
  assert.ok(signed.signature.length > 100, 'the export is the server signed answer');
  assert.match(detail.history.map((h) => h.detail).join('\n'), /Deactivated: the server released this machine's activation; its signed receipt verified\./);
  const original = await k.call('getRequest', { id: activation });
  assert.ok(original.history.some((h) => h.event === 'seat_return_asked'), "the activation's own history names the return");
});

test('licence API: a typed seat return queued while the server is down goes at the next sync once it is back', async (t) => {
  const api = await genericServer(t);
  const { k, exportDir } = kiosk(t);
  await k.call('saveConnection', { name: 'Plant API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });
  await activated(k, 'mixer-2.json', seed004File(KEY, 'mixer-2'));
  const connection = (await k.call('listConnections', {}))[0]!;
  await api.close();

  const result = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: KEY, deviceId: machineId('mixer-2'), label: 'Mixer 2', reason: REASON });
  assert.equal(result.outcome, 'queued', result.message);
  await k.call('syncNow', {});
  assert.equal((await k.call('getRequest', { id: result.requestId! })).state, 'retry_wait', 'offline: it waits');
  assert.deepEqual(api.state.activations(KEY), [machineId('mixer-2')]);

  await api.restart();
  await k.call('syncNow', {});
  const { fileName } = await returnedAndExported(k, exportDir, result.requestId!);
  assert.deepEqual(api.state.activations(KEY), []);
  assert.match(fileName, /^deactivation-mixer-2-/);
});

test('Keygen: the machine found by fingerprint is deleted, online and after being queued offline; the signed answer is kept', async (t) => {
  const keygen = await keygenServer(t);
  const { k, exportDir } = kiosk(t);
  await k.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 86_400 });
  const fpA = machineId('robot-a');
  const fpB = machineId('robot-b');
  const a = await activated(k, 'robot-a.txt', keygenQrText(KG.key, fpA));
  await activated(k, 'robot-b.txt', keygenQrText(KG.key, fpB));
  const fingerprints = () => keygen.state.machines(KG.key).map((m) => m.fingerprint).sort();
  assert.deepEqual(fingerprints(), [fpA, fpB].sort());

  const online = await k.call('returnSeat', { from: 'request', requestId: a, reason: REASON });
  assert.equal(online.outcome, 'queued', online.message);
  await k.call('syncNow', {});
  const first = await returnedAndExported(k, exportDir, online.requestId!);
  assert.deepEqual(fingerprints(), [fpB]);
  const receipt = JSON.parse(first.proof) as { format: string; fingerprint: string; proof: { requestTarget: string; status: number; keygenSignature: string } };
  assert.equal(receipt.format, 'activation-kiosk/keygen-deactivation');
  assert.equal(receipt.fingerprint, fpA);
  // Keygen's signed 204 to the DELETE (or its signed lookup showing the machine gone).
  assert.match(receipt.proof.requestTarget, /^(delete|get) \/v1\/accounts\/.+\/machines/);
  assert.match(receipt.proof.keygenSignature, /algorithm="ed25519"/);

  const connection = (await k.call('listConnections', {})).find((c) => c.vendor === 'keygen')!;
  await keygen.close();
  const offline = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: KG.key, deviceId: fpB, reason: REASON });
  assert.equal(offline.outcome, 'queued', offline.message);
  await k.call('syncNow', {});
  assert.equal((await k.call('getRequest', { id: offline.requestId! })).state, 'retry_wait');
  await keygen.restart();
  await k.call('syncNow', {});
  await returnedAndExported(k, exportDir, offline.requestId!);
  assert.deepEqual(fingerprints(), [], 'both seats are free');
});

test("LicenseSpring: the online deactivation frees the hardware id, from the request and typed while offline; the kiosk's record says it is unsigned", async (t) => {
  const ls = await licenseSpringServer(t);
  const { k, exportDir } = kiosk(t);
  await k.call('saveConnection', { vendor: 'licensespring', name: 'LicenseSpring', baseUrl: ls.url, publicKeyPem: ls.publicKeyPem, secret: JSON.stringify({ apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey }) });
  const one = lsRequest({ hardwareId: 'hw-press-0001' });
  const two = lsRequest({ hardwareId: 'hw-press-0002', hostname: 'press-line-2' });
  const a = await activated(k, 'press-1.req', one.text);
  await activated(k, 'press-2.req', two.text);
  const hardwareIds = () => ls.state.activations(LS.licenses.perpetual.id).map((x) => x.hardwareId).sort();
  assert.deepEqual(hardwareIds(), ['hw-press-0001', 'hw-press-0002']);

  const online = await k.call('returnSeat', { from: 'request', requestId: a, reason: REASON });
  assert.equal(online.outcome, 'queued', online.message);
  await k.call('syncNow', {});
  const first = await returnedAndExported(k, exportDir, online.requestId!);
  assert.deepEqual(hardwareIds(), ['hw-press-0002']);
  assert.ok(ls.state.requests().includes('POST /api/v4/deactivate_license'), 'the online method, not the device file');
  assert.match(first.detail.history.map((h) => h.detail).join(' '), /cannot prove the release/);
  const record = JSON.parse(first.proof) as { hardwareId: string; signed: boolean; seatReturn?: boolean };
  assert.deepEqual([record.hardwareId, record.signed, record.seatReturn], ['hw-press-0001', false, true]);

  const connection = (await k.call('listConnections', {})).find((c) => c.vendor === 'licensespring')!;
  const noProduct = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: LS.licenses.perpetual.key, deviceId: 'hw-press-0002', reason: REASON });
  assert.equal(noProduct.outcome, 'error');
  assert.match(noProduct.message, /product code.*Nothing was queued\.$/);
  await ls.close();
  const offline = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: LS.licenses.perpetual.key, deviceId: 'hw-press-0002', product: LS.product, reason: REASON });
  assert.equal(offline.outcome, 'queued', offline.message);
  await k.call('syncNow', {});
  assert.equal((await k.call('getRequest', { id: offline.requestId! })).state, 'retry_wait');
  await ls.restart();
  await k.call('syncNow', {});
  await returnedAndExported(k, exportDir, offline.requestId!);
  assert.deepEqual(hardwareIds(), [], 'both seats are free');
});

/** A device's own Cryptlex offline request, captured (its key entered: the file does not show it) and synced. */
async function cryptlexActivated(k: TestCore, key: string, fp: string): Promise<string> {
  const { results } = await k.call('capture', { items: [item(`${fp}.req`, makeOfflineRequest({ type: 'activation', key, fp, pid: CRYPTLEX_SAMPLES.productId }))] });
  const id = results[0]!.requestId!;
  assert.ok(id, results[0]!.message);
  await k.call('setLicenseKey', { id, licenseKey: key });
  await k.call('syncNow', {});
  const detail = await k.call('getRequest', { id });
  assert.equal(detail.state, 'fulfilled', detail.lastError ?? '');
  return id;
}

test('Cryptlex: the activation found by fingerprint is deactivated through the Web API, online and queued offline; the record says the release is unproven', async (t) => {
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const { k, exportDir } = kiosk(t);
  const saved = await k.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, secret: CRYPTLEX_SAMPLES.tokens.full });
  const L = CRYPTLEX_SAMPLES.licenses.twoSeats;
  const fpA = 'c0ffee00c0ffee00c0ffee00c0ffee0a';
  const fpB = 'c0ffee00c0ffee00c0ffee00c0ffee0b';
  const [requestA] = [await cryptlexActivated(k, L.key, fpA), await cryptlexActivated(k, L.key, fpB)];
  // The device's own request file hides its fingerprint: from its request the kiosk cannot name the activation.
  const fromRequest = await k.call('returnSeat', { from: 'request', requestId: requestA!, reason: REASON });
  assert.equal(fromRequest.outcome, 'error');
  assert.match(fromRequest.message, /^This device's Cryptlex request file does not show its fingerprint .* enter the licence key and the device's fingerprint .* Nothing was queued\.$/);
  const fingerprints = () => cryptlex.state.activations(L.id).map((a) => a.fingerprint).sort();
  assert.deepEqual(fingerprints(), [fpA, fpB]);
  const typed = (deviceId: string, label: string) => ({ from: 'typed' as const, connectionId: saved.id, licenseKey: L.key, deviceId, label, reason: REASON });

  assert.deepEqual(await k.call('checkSeatReturn', { connectionId: saved.id, licenseKey: L.key, deviceId: fpA, label: 'Controller A' }), { ok: true, message: 'The seat of Controller A on licence A1B2C-•••-0E1F2 can be returned through "Cryptlex".' });
  const online = await k.call('returnSeat', typed(fpA, 'Controller A'));
  assert.equal(online.outcome, 'queued', online.message);
  await k.call('syncNow', {});
  const first = await returnedAndExported(k, exportDir, online.requestId!);
  assert.deepEqual(fingerprints(), [fpB], 'the server no longer holds the device');
  assert.ok(cryptlex.state.requests().some((r) => /^POST \/v3\/activations\/[^/]+\/deactivate$/.test(r)), 'the Web API deactivation by id, not the device file');
  assert.match(first.detail.history.map((h) => h.detail).join(' '), /Seat returned without the device: .*cannot prove the release/);
  assert.match(first.fileName, /^controller-a-.*-cryptlex-deactivation\.json$/);
  const record = JSON.parse(first.proof) as { licenseId: string; device: string; signed: boolean; seatReturn: boolean };
  assert.deepEqual([record.licenseId, record.device, record.signed, record.seatReturn], [L.id, fpA, false, true]);

  await cryptlex.close();
  const offline = await k.call('returnSeat', typed(fpB, 'Controller B'));
  assert.equal(offline.outcome, 'queued', offline.message);
  await k.call('syncNow', {});
  assert.equal((await k.call('getRequest', { id: offline.requestId! })).state, 'retry_wait', 'offline: it waits');
  await cryptlex.restart();
  await k.call('syncNow', {});
  await returnedAndExported(k, exportDir, offline.requestId!);
  assert.deepEqual(fingerprints(), [], 'both seats are free');
});

test('Cryptlex: a device id no activation has, and a licence whose deactivations are used up, get their sentences and change nothing', async (t) => {
  const cryptlex = await startCryptlexServer(cryptlexSampleOptions());
  t.after(() => cryptlex.close());
  const { k } = kiosk(t);
  const saved = await k.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, secret: CRYPTLEX_SAMPLES.tokens.full });
  const L = CRYPTLEX_SAMPLES.licenses.oneDeactivation;
  const fps = ['f00d0000f00d0000f00d0000f00d0001', 'f00d0000f00d0000f00d0000f00d0002'];
  for (const fp of fps) await cryptlexActivated(k, L.key, fp);
  const returnOf = async (deviceId: string) => {
    const queued = await k.call('returnSeat', { from: 'typed', connectionId: saved.id, licenseKey: L.key, deviceId, reason: REASON });
    assert.equal(queued.outcome, 'queued', queued.message);
    await k.call('syncNow', {});
    return k.call('getRequest', { id: queued.requestId! });
  };

  const unknown = await returnOf('fp-dead-controller');
  assert.equal(unknown.state, 'rejected');
  assert.equal(unknown.lastError, 'No activation of this licence has that device id; check the id (it is the fingerprint the device activated with) and return the seat again.');
  assert.equal((await returnOf(fps[0]!)).state, 'fulfilled', 'the one deactivation the licence allows');
  const limited = await returnOf(fps[1]!);
  assert.equal(limited.state, 'rejected');
  assert.equal(limited.lastError, 'This Cryptlex licence has used all the deactivations it allows; the vendor must raise the limit or reset the count before this device can be deactivated.');
  assert.deepEqual(cryptlex.state.activations(L.id).map((a) => a.fingerprint), [fps[1]], 'the seat is still held');

  const spaced = await k.call('returnSeat', { from: 'typed', connectionId: saved.id, licenseKey: L.key, deviceId: 'press 4', reason: REASON });
  assert.equal(spaced.outcome, 'error');
  assert.match(spaced.message, /^The device id must be the fingerprint the device activated with on Cryptlex .* Nothing was queued\.$/);
});

test('bad input: an unknown device, a request never activated, a key of the wrong form, a missing reason', async (t) => {
  const api = await genericServer(t);
  const { k } = kiosk(t);
  await k.call('saveConnection', { name: 'Plant API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });
  const connection = (await k.call('listConnections', {}))[0]!;

  // The server says it holds no such machine: a sentence, and nothing else changes.
  const unknown = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: KEY, deviceId: machineId('never-seen'), reason: REASON });
  assert.equal(unknown.outcome, 'queued');
  await k.call('syncNow', {});
  const refused = await k.call('getRequest', { id: unknown.requestId! });
  assert.equal(refused.state, 'rejected');
  assert.equal(refused.lastError, 'This machine is not activated on the licence (already deactivated, or never activated), so there is nothing to deactivate.');

  // Never activated: queued while offline, then refused by the server.
  await api.close();
  const { results } = await k.call('capture', { items: [item('idle.json', seed004File(KEY, 'idle'))] });
  const never = await k.call('returnSeat', { from: 'request', requestId: results[0]!.requestId!, reason: REASON });
  assert.equal(never.outcome, 'error');
  assert.match(never.message, /^This request was never activated \(it is queued\), so it holds no seat; /);
  assert.equal((await k.call('getRequest', { id: results[0]!.requestId! })).actions.returnSeat, false);
  const unknownRequest = await k.call('returnSeat', { from: 'request', requestId: 'f'.repeat(64), reason: REASON });
  assert.match(unknownRequest.message, /^That request is not in the queue/);

  const before = (await k.call('listRequests', {})).requests.length;
  const badKey = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: 'ABC-123', deviceId: machineId('x'), reason: REASON });
  assert.equal(badKey.outcome, 'error');
  assert.equal(badKey.message, 'This licence API takes keys of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (five groups of five letters or digits); check the key and enter it again. Nothing was queued.');
  const badMachine = await k.call('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: KEY, deviceId: 'press-7', reason: REASON });
  assert.match(badMachine.message, /machine id, 64 hex characters.*Nothing was queued\.$/);
  assert.deepEqual(await k.call('checkSeatReturn', { connectionId: connection.id, licenseKey: 'ABC-123', deviceId: machineId('x') }), { ok: false, message: badKey.message });
  const fine = await k.call('checkSeatReturn', { connectionId: connection.id, licenseKey: KEY, deviceId: machineId('x'), label: 'Press 9' });
  assert.deepEqual(fine, { ok: true, message: 'The seat of Press 9 on licence AAAAA-•••-CCCCC can be returned through "Plant API".' });
  const noConnection = await k.call('returnSeat', { from: 'typed', connectionId: 'gone', licenseKey: KEY, deviceId: machineId('x'), reason: REASON });
  assert.equal(noConnection.message, 'That connection no longer exists; choose one from the list.');
  const noReason = await k.fail('returnSeat', { from: 'typed', connectionId: connection.id, licenseKey: KEY, deviceId: machineId('x'), reason: ' ' });
  assert.match(noReason.message, /say why the seat is returned/);
  assert.equal((await k.call('listRequests', {})).requests.length, before, 'nothing was queued');
});

test('returnSeats: a selection is queued in one go, the requests that hold no seat each say why', async (t) => {
  const api = await genericServer(t);
  const { k } = kiosk(t);
  await k.call('saveConnection', { name: 'Plant API', baseUrl: api.url, publicKeyPem: api.publicKeyPem });
  const ids = [await activated(k, 'l1.json', seed004File(KEY, 'line-1')), await activated(k, 'l2.json', seed004File(KEY, 'line-2'))];
  await api.close();
  const { results: idle } = await k.call('capture', { items: [item('idle.json', seed004File(KEY, 'idle'))] });
  const { results } = await k.call('returnSeats', { requestIds: [...ids, idle[0]!.requestId!], reason: REASON });
  assert.deepEqual(results.map((r) => r.outcome), ['queued', 'queued', 'error']);
  assert.match(results[2]!.message, /never activated/);
  await api.restart();
  await k.call('syncNow', {});
  for (const r of results.slice(0, 2)) assert.equal((await k.call('getRequest', { id: r.requestId! })).state, 'fulfilled');
  assert.deepEqual(api.state.activations(KEY), [machineId('idle')], 'both seats are free (the idle request was activated meanwhile)');
});
