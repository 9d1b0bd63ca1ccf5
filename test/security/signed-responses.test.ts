// Attacks on the plain licence API's signed answers (issue 11, item 3), played by a rogue server on
// 127.0.0.1 that holds the vendor's real RSA key: it signs genuine records and then tampers with the
// bytes, or signs records that do not answer what was asked. In front of it runs the genuine licence
// server (same key), so a "seat released" lie can be checked against the seat that is still taken.
// Each trick must be refused with a sentence, nothing exported, and the device kit must refuse the
// same bytes.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { createGenericConnector } from '../../electron/connectors/generic/generic-connector.ts';
import type { ConnectorRequest, Failure, Outcome } from '../../electron/connectors/types.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { checkResponse } from '../../shared/device/kit.ts';
import type { KioskRequest } from '../../shared/formats/kiosk-request.ts';
import { SAMPLE_KEYS, sampleLicenses, startLicenseServer } from '../servers/generic/index.ts';
import { openCore } from '../support/core.ts';
import { item, kioskFile, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { formatTime } from '../../shared/i18n/time.ts';

const VENDOR = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = VENDOR.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY = SAMPLE_KEYS.active3;
const PRESS = machineId('press-7');
const LATHE = machineId('lathe-2');

const signature = (signedText: string): string => sign('sha256', Buffer.from(signedText), VENDOR.privateKey).toString('base64');
/** A server's record as the genuine server writes it, for the press unless told otherwise. */
const record = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  activated_at: '2026-11-30T09:00:00.000Z',
  activations: 1,
  customer: 'Demo Plant A',
  expires_at: '2027-06-30T00:00:00Z',
  license_key: KEY,
  machine_id: PRESS,
  max_activations: 3,
  product: 'Kiosk Demo Pro',
  status: 'active',
  valid: true,
  ...over,
});
/** `{"data": ..., "signature": ...}` with the signature over the canonical text of `data`. */
const signedDocument = (data: Record<string, unknown>): string => JSON.stringify({ data, signature: signature(canonicalJson(data)) });

interface Answer {
  status: number;
  text: string;
}
/** What the rogue does with one call; `forward` passes it to the genuine server. */
type Play = (route: string, forward: () => Promise<Answer>) => Answer | Promise<Answer>;

async function rogueServer(t: TestContext, play: Play) {
  const genuine = await startLicenseServer({ licenses: sampleLicenses(), privateKeyPem: PRIVATE_KEY_PEM });
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const path = req.url ?? '/';
      const forward = async (): Promise<Answer> => {
        const answer = await fetch(`${genuine.url}${path}`, { method: req.method, headers: { 'Content-Type': 'application/json' }, body: req.method === 'POST' ? body : undefined });
        return { status: answer.status, text: await answer.text() };
      };
      const route = path.replace(/^\/license\//, '');
      const answer = path.startsWith('/license/') ? await play(route, forward) : await forward();
      res.writeHead(answer.status, { 'Content-Type': 'application/json', 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59', 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) });
      res.end(answer.text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await genuine.close();
  });
  return { url, genuine, connector: createGenericConnector({ baseUrl: url, publicKeyPem: genuine.publicKeyPem }) };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const ask = (over: Partial<ConnectorRequest> = {}): ConnectorRequest => ({ id: 'req-1', kind: 'activate', licenseKey: KEY, deviceId: PRESS, deviceLabel: 'Press 7', deviceDetails: {}, ...over });

function refused(outcome: Outcome, code: string, sentence: RegExp): Failure {
  assert.equal(outcome.ok, false, `the trick was accepted: ${outcome.ok ? outcome.note : ''}`);
  const failure = outcome as Failure;
  assert.equal(failure.code, code, failure.message);
  assert.match(failure.message, sentence);
  assert.ok(!failure.message.includes(KEY), 'no licence key in the sentence');
  return failure;
}

/** The device kit, given the same bytes as a bare file, must refuse them too. */
async function kitRefuses(text: string, reason: RegExp, kind: KioskRequest['kind'] = 'activate'): Promise<void> {
  const request: KioskRequest = { kind, licenseKey: KEY, fingerprint: PRESS, nonce: 'nonce-press-7', createdAt: Math.floor(Date.now() / 1000) - 60 };
  const result = await checkResponse(new TextEncoder().encode(text), {
    pending: { requestId: 'ab'.repeat(32), request },
    vendor: { kind: 'seed004', publicKeyPem: VENDOR.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    now: new Date(),
  });
  assert.equal(result.ok, false, 'the device kit accepted the trick');
  if (!result.ok) assert.ok(result.reasons.some((r) => reason.test(r)), result.reasons.join(' | '));
}

/** The canonical text of a record with one member written differently (after the signature was made). */
function rewritten(data: Record<string, unknown>, member: string, asWritten: string): string {
  const text = canonicalJson(data);
  const genuine = `"${member}":${JSON.stringify(data[member])}`;
  assert.ok(text.includes(genuine));
  return text.replace(genuine, `"${member}":${asWritten}`);
}

test('a "__proto__" member inside data (dropped by key sorting, so never signed) is refused', async (t) => {
  const data = record();
  const text = `{"data":${canonicalJson(data).slice(0, -1)},"__proto__":{"max_activations":1000}},"signature":"${signature(canonicalJson(data))}"}`;
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask()), 'bad_response', /not strict JSON .*"__proto__" is not allowed/);
  await kitRefuses(text, /"__proto__" is not allowed/);
});

test('a forged "data" before the genuine one is refused', async (t) => {
  const genuine = record();
  const forged = record({ max_activations: 1000, expires_at: null });
  const text = `{"data":${canonicalJson(forged)},"data":${canonicalJson(genuine)},"signature":"${signature(canonicalJson(genuine))}"}`;
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask()), 'bad_response', /"data" appears twice/);
  await kitRefuses(text, /"data" appears twice/);
});

test('a forged "expires_at" before the genuine one is refused', async (t) => {
  const data = record({ expires_at: '2027-01-31T00:00:00Z' });
  const signed = canonicalJson(data);
  const text = `{"data":{"expires_at":"2099-12-31T23:59:59Z",${signed.slice(1)},"signature":"${signature(signed)}"}`;
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask()), 'bad_response', /"expires_at" appears twice/);
  await kitRefuses(text, /"expires_at" appears twice/);
});

test('an integer above 2^53 changed after signing is refused', async (t) => {
  const data = record({ seat_serial: 9007199254740992 });
  const text = `{"data":${rewritten(data, 'seat_serial', '9007199254740993')},"signature":"${signature(canonicalJson(data))}"}`;
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask()), 'bad_response', /9007199254740993 does not survive a round trip/);
  await kitRefuses(text, /does not survive a round trip/);
});

test('a number written non-canonically (signed as null, sent as 1E400) is refused', async (t) => {
  // JSON.parse reads 1E400 as Infinity, which canonical JSON prints as null: the signature over
  // "offline_days":null verified while the exported file promised 1E400 (infinite) days.
  const data = record({ offline_days: null });
  const text = `{"data":${rewritten(data, 'offline_days', '1E400')},"signature":"${signature(canonicalJson(data))}"}`;
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask()), 'bad_response', /1E400 does not survive a round trip/);
  await kitRefuses(text, /does not survive a round trip/);
});

test('a signed record that expired years ago is refused', async (t) => {
  const text = signedDocument(record({ expires_at: '2020-01-01T00:00:00Z' }));
  const { connector } = await rogueServer(t, () => ({ status: 200, text }));
  refused(await connector.fulfil(ask({ kind: 'refresh' })), 'license_expired', new RegExp(`signed licence record was refused: it says the licence expired at ${formatTime('2020-01-01T00:00:00Z', 'en')}\\. Renew the licence`));
  await kitRefuses(text, new RegExp(`expired at ${formatTime('2020-01-01T00:00:00Z', 'en')}`));
});

test('a signed record that says the licence is suspended (or any status but active) is refused', async (t) => {
  const suspended = signedDocument(record({ status: 'suspended' }));
  const revoked = signedDocument(record({ status: 'revoked' }));
  let answer = suspended;
  const { connector } = await rogueServer(t, () => ({ status: 200, text: answer }));
  refused(await connector.fulfil(ask()), 'license_suspended', /it says the licence is suspended\. The vendor must reinstate/);
  answer = revoked;
  refused(await connector.fulfil(ask()), 'license_not_active', /status is "revoked", not "active"/);
  await kitRefuses(suspended, /suspended/);
});

test('a signed record for another licence (equal only under Unicode case folding) is refused', async (t) => {
  // "ı" and "ſ" upper-case to "I" and "S": a record for licence "actıv-three-ſeats-…" passed for "ACTIV-THREE-SEATS-…".
  const lookalike = signedDocument(record({ license_key: 'actıv-three-ſeats-demo0-00001' }));
  const other = signedDocument(record({ license_key: SAMPLE_KEYS.active1 }));
  let answer = lookalike;
  const { connector } = await rogueServer(t, () => ({ status: 200, text: answer }));
  refused(await connector.fulfil(ask()), 'response_mismatch', /about another licence key than the one requested\. It does not answer this request/);
  answer = other;
  refused(await connector.fulfil(ask()), 'response_mismatch', /another licence key/);
  await kitRefuses(lookalike, /another licence key/);
});

test('a signed record for another machine is refused, also when it names this machine a second time', async (t) => {
  // JSON.parse keeps the last "machine_id" (this press); a device reading the first sees the lathe.
  const data = record();
  const signed = canonicalJson(data);
  const twice = `{"data":{"machine_id":"${LATHE}",${signed.slice(1)},"signature":"${signature(signed)}"}`;
  const other = signedDocument(record({ machine_id: LATHE }));
  let answer = twice;
  const { connector } = await rogueServer(t, () => ({ status: 200, text: answer }));
  refused(await connector.fulfil(ask()), 'bad_response', /"machine_id" appears twice/);
  answer = other;
  refused(await connector.fulfil(ask()), 'response_mismatch', new RegExp(`about another machine \\("${LATHE.slice(0, 12)}"…, requested ${PRESS.slice(0, 12)}…\\)`));
  await kitRefuses(twice, /"machine_id" appears twice/);
  await kitRefuses(other, /about another machine/);
});

test('an unsigned deactivation answer "{}" does not release the seat: the request is refused, nothing stored', async (t) => {
  const { url, genuine } = await rogueServer(t, (route, forward) => (route === 'deactivate' ? { status: 200, text: '{}' } : forward()));
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Licence API', baseUrl: url, publicKeyPem: genuine.publicKeyPem });
  const [activation, deactivation] = [kioskFile(KEY, 'press-7'), kioskFile(KEY, 'press-7', { kind: 'deactivate', nonce: 'nonce-press-7-0002' })];
  const { results: first } = await kiosk.call('capture', { items: [item('activate.json', activation)] });
  await kiosk.call('syncNow', {});
  assert.equal((await kiosk.call('getRequest', { id: first[0]!.requestId! })).state, 'fulfilled');

  const { results } = await kiosk.call('capture', { items: [item('deactivate.json', deactivation)] });
  await kiosk.call('syncNow', {});
  const detail = await kiosk.call('getRequest', { id: results[0]!.requestId! });
  assert.equal(detail.state, 'rejected');
  assert.equal(detail.responseFileName, null);
  assert.match(detail.lastError ?? '', /^Could not confirm the release: the server's deactivation answer is not signed, and the follow-up validation says, signed, that this machine still holds an activation\. The seat may still be taken/);
  assert.deepEqual(genuine.state.activations(KEY), [PRESS], 'the seat is in fact still taken');
});

test('an unsigned deactivation answer naming another machine is not a release', async (t) => {
  const lie = JSON.stringify({ data: { license_key: KEY, machine_id: LATHE, deactivated_at: new Date().toISOString() } });
  const { connector, genuine } = await rogueServer(t, (route, forward) => (route === 'deactivate' ? { status: 200, text: lie } : forward()));
  assert.equal((await connector.fulfil(ask())).ok, true);
  refused(await connector.fulfil(ask({ kind: 'deactivate' })), 'release_unconfirmed', /Could not confirm the release: the server's deactivation answer is not signed/);
  assert.equal(genuine.state.activationCount(KEY), 1);
  await kitRefuses(lie, /needs "data" \(an object\) and "signature"/, 'deactivate');
});

test('a signed deactivation answer for another machine is not a release of this one', async (t) => {
  const other = signedDocument({ license_key: KEY, machine_id: LATHE, deactivated_at: new Date().toISOString() });
  const { connector, genuine } = await rogueServer(t, (route, forward) => (route === 'deactivate' ? { status: 200, text: other } : forward()));
  assert.equal((await connector.fulfil(ask())).ok, true);
  refused(await connector.fulfil(ask({ kind: 'deactivate' })), 'release_unconfirmed', /deactivation answer is signed, but it is about another machine .*still holds an activation/);
  assert.equal(genuine.state.activationCount(KEY), 1);
  await kitRefuses(other, /about another machine/, 'deactivate');
});

test("this machine's signed activation record replayed as a deactivation answer is not a release", async (t) => {
  const { connector, genuine } = await rogueServer(t, async (route, forward) => (route === 'deactivate' ? { status: 200, text: signedDocument(record()) } : forward()));
  assert.equal((await connector.fulfil(ask())).ok, true);
  refused(await connector.fulfil(ask({ kind: 'deactivate' })), 'release_unconfirmed', /deactivation answer says, signed, that this machine still holds an activation/);
  assert.equal(genuine.state.activationCount(KEY), 1);
  await kitRefuses(signedDocument(record()), /does not say this machine was deactivated/, 'deactivate');
});

test("this machine's genuine signed release from an earlier deactivation, replayed, is not a release now", async (t) => {
  // Signed by the vendor a year ago, when this machine last gave its seat back (it was activated again since).
  const old = signedDocument({ license_key: KEY, machine_id: PRESS, deactivated_at: '2025-11-30T09:00:00.000Z' });
  const oldCheck = signedDocument({ license_key: KEY, machine_id: PRESS, activated: false, valid: false, checked_at: '2025-11-30T09:00:01.000Z' });
  const { connector, genuine } = await rogueServer(t, (route, forward) =>
    route === 'deactivate' ? { status: 200, text: old } : route === 'validate' && genuine.state.activationCount(KEY) === 1 ? { status: 403, text: oldCheck } : forward(),
  );
  assert.equal((await connector.fulfil(ask())).ok, true);
  refused(await connector.fulfil(ask({ kind: 'deactivate' })), 'release_unconfirmed', /Could not confirm the release: the server's deactivation answer is signed, but it is dated .*before this deactivation/);
  assert.equal(genuine.state.activationCount(KEY), 1, 'the seat is in fact still taken');
});

test('the device kit refuses an old signed release too: it is dated before the device asked to deactivate', async () => {
  const old = signedDocument({ license_key: KEY, machine_id: PRESS, deactivated_at: '2025-11-30T09:00:00.000Z' });
  await kitRefuses(old, /dated .* before this deactivation/, 'deactivate');
});
