// The relay's door: only an enrolled kiosk's signed calls get in. Unknown keys, altered bodies,
// replays, stale timestamps and revoked kiosks or engineers are refused with a sentence, and a vendor
// token never leaves the relay.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import { after, describe, it } from 'node:test';
import { auditPage } from '../../electron/relay/audit-page.ts';
import { startRelay } from '../../electron/relay/relay.ts';
import { enrol, signedCall } from '../../electron/relay/relay-client.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { newKeyPair, signCall, type KioskKeys } from '../../electron/relay/signed-call.ts';
import { relayStores } from '../../electron/relay/relay.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { tempDir } from '../support/temp.ts';

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);
const OPERATOR_TOKEN = 'op-token-0123456789';
const relay = await startRelay({ databaseUrl: cluster.url, secretKey: parseSecretKey(TEST_SECRET_KEY), pages: auditPage(stores.audit, OPERATOR_TOKEN) });
after(() => relay.close());
const box = secretBox(parseSecretKey(TEST_SECRET_KEY));

async function enrolledKiosk(name: string): Promise<KioskKeys & { engineerId: string }> {
  const { engineer, code } = await stores.people.addEngineer(name, { products: null, connections: null, dailyLimit: null, seatReturns: true });
  const pair = await newKeyPair();
  const answer = await enrol(relay.url, code, pair.publicKeyHex, `${name}'s laptop`);
  assert.ok('kioskId' in answer, JSON.stringify(answer));
  return { kioskId: answer.kioskId, secretKeyHex: pair.secretKeyHex, engineerId: engineer.id };
}

async function raw(path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(relay.url + path, { method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, json: (await response.json()) as { code?: string; message?: string; engineer?: string } };
}

describe('relay: enrolment and signed calls', () => {
  it('enrols with a one-time code, pins vendor keys, and never hands out a vendor token', async () => {
    const id = stores.connections.newId();
    await stores.connections.save({ id, name: 'licence-api', vendor: 'generic', products: [], settings: { baseUrl: 'https://licences.example', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nX\n-----END PUBLIC KEY-----' } as never, sealedSecret: box.seal(id, 'VENDOR-TOKEN-123') });
    const { code } = await stores.people.addEngineer('Pia Pin', { products: null, connections: null, dailyLimit: null, seatReturns: true });
    const pair = await newKeyPair();
    const answer = await enrol(relay.url, code, pair.publicKeyHex, 'laptop');
    assert.ok('kioskId' in answer);
    assert.equal(answer.engineer, 'Pia Pin');
    assert.deepEqual(answer.connections.map((c) => [c.name, c.settings.publicKeyPem]), [['licence-api', '-----BEGIN PUBLIC KEY-----\nX\n-----END PUBLIC KEY-----']]);
    assert.ok(!JSON.stringify(answer).includes('VENDOR-TOKEN-123'));
    const again = await enrol(relay.url, code, (await newKeyPair()).publicKeyHex, 'second laptop');
    assert.ok(!('kioskId' in again) && !again.ok && /does not know this enrolment code, or it was used/.test(again.message));
  });

  it('answers a signed call from an enrolled kiosk', async () => {
    const keys = await enrolledKiosk('Sam Signed');
    const answer = await signedCall(relay.url, keys, 'GET', '/v1/hello', '');
    assert.ok('status' in answer && answer.status === 200);
    assert.equal((answer.json as { engineer: string }).engineer, 'Sam Signed');
  });

  it('refuses an unsigned call and a call signed by a key the relay does not know', async () => {
    const unsigned = await raw('/v1/hello', {});
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.json.message!, /not signed by an enrolled kiosk/);
    const keys = await enrolledKiosk('Kim Known');
    const stranger = await newKeyPair();
    // The real kiosk's id, a stranger's key: the signature does not match the enrolled key.
    const forged = await raw('/v1/hello', await signCall({ kioskId: keys.kioskId, secretKeyHex: stranger.secretKeyHex }, 'GET', '/v1/hello', ''));
    assert.equal(forged.status, 401);
    assert.match(forged.json.message!, /does not match this kiosk's enrolled key/);
    const unknown = await raw('/v1/hello', await signCall({ kioskId: 'no-such-kiosk', secretKeyHex: stranger.secretKeyHex }, 'GET', '/v1/hello', ''));
    assert.equal(unknown.status, 401);
    assert.match(unknown.json.message!, /not enrolled with the relay/);
  });

  it('refuses a call whose body, path or method was altered after signing', async () => {
    const keys = await enrolledKiosk('Alt Ered');
    const body = JSON.stringify({ vendor: 'generic', connection: null, request: { id: 'r1', kind: 'activate', licenseKey: 'K', deviceId: 'D', deviceLabel: null, deviceDetails: {} } });
    const headers = await signCall(keys, 'POST', '/v1/requests', body);
    const altered = await raw('/v1/requests', { ...headers, 'content-type': 'application/json' }, body.replace('"K"', '"K2"'));
    assert.equal(altered.status, 401);
    assert.equal(altered.json.code, 'relay_auth');
    const otherPath = await raw('/v1/hello', await signCall(keys, 'GET', '/v1/other', ''));
    assert.equal(otherPath.status, 401);
  });

  it('refuses a replayed call and one outside the time window', async () => {
    const keys = await enrolledKiosk('Rita Replay');
    const headers = await signCall(keys, 'GET', '/v1/hello', '');
    assert.equal((await raw('/v1/hello', headers)).status, 200);
    const replay = await raw('/v1/hello', headers);
    assert.equal(replay.status, 401);
    assert.equal(replay.json.code, 'relay_replay');
    const stale = await raw('/v1/hello', await signCall(keys, 'GET', '/v1/hello', '', Date.now() - 10 * 60_000));
    assert.equal(stale.status, 401);
    assert.match(stale.json.message!, /more than 5 minutes from the relay's clock/);
  });

  it('refuses a revoked kiosk and a revoked engineer on their next call', async () => {
    const kiosk = await enrolledKiosk('Rev Kiosk');
    assert.equal((await raw('/v1/hello', await signCall(kiosk, 'GET', '/v1/hello', ''))).status, 200);
    await stores.people.revokeKiosk(kiosk.kioskId);
    const refused = await raw('/v1/hello', await signCall(kiosk, 'GET', '/v1/hello', ''));
    assert.equal(refused.status, 401);
    assert.match(refused.json.message!, /revoked this kiosk/);

    const engineer = await enrolledKiosk('Rev Engineer');
    await stores.people.revokeEngineer(engineer.engineerId);
    const gone = await raw('/v1/hello', await signCall(engineer, 'GET', '/v1/hello', ''));
    assert.equal(gone.status, 401);
    assert.match(gone.json.message!, /revoked the engineer "Rev Engineer"/);
  });

  it('refuses a body larger than it accepts and a body that is not JSON', async () => {
    const keys = await enrolledKiosk('Big Body');
    const big = 'x'.repeat(300 * 1024);
    const tooLarge = await fetch(relay.url + '/v1/requests', { method: 'POST', headers: await signCall(keys, 'POST', '/v1/requests', big), body: big }).catch(() => null);
    assert.ok(tooLarge === null || tooLarge.status === 413);
    const notJson = await raw('/v1/requests', await signCall(keys, 'POST', '/v1/requests', 'nope'), 'nope');
    assert.equal(notJson.status, 400);
    assert.match(notJson.json.message!, /not JSON/);
  });

  it('shows the operator page only with the operator token, and shows names as text, never as markup', async () => {
    await stores.audit.record({ engineerName: '<script>alert(1)</script>', requestId: 'r-x', vendor: 'keygen', call: 'submit', outcome: 'fulfilled', detail: '<img src=x onerror=alert(2)>' });
    const none = await fetch(`${relay.url}/audit`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic/);
    const wrong = await fetch(`${relay.url}/audit`, { headers: { authorization: `Basic ${Buffer.from('op:wrong').toString('base64')}` } });
    assert.equal(wrong.status, 401);
    const page = await fetch(`${relay.url}/audit`, { headers: { authorization: `Basic ${Buffer.from(`op:${OPERATOR_TOKEN}`).toString('base64')}` } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.ok(!html.includes('<script>') && !html.includes('<img'), 'markup in audit rows is escaped');
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    const bearer = await fetch(`${relay.url}/audit`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    assert.equal(bearer.status, 200);
  });

  it("serves HTTPS with the operator's certificate and key", async (t) => {
    const dir = tempDir(t);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=relay.test', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
    const cert = fs.readFileSync(`${dir}/cert.pem`, 'utf8');
    const secure = await startRelay({ databaseUrl: cluster.url, secretKey: parseSecretKey(TEST_SECRET_KEY), tls: { cert, key: fs.readFileSync(`${dir}/key.pem`, 'utf8') } });
    t.after(() => secure.close());
    assert.match(secure.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      https.get(`${secure.url}/v1/hello`, { ca: cert }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    assert.equal(answer.status, 401);
    assert.match(answer.body, /not signed by an enrolled kiosk/);
  });
});
