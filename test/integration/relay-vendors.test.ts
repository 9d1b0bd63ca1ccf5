// Requests through the relay to every vendor's test server with the kiosk's own connectors: the
// artifact comes back as the vendor signed it, a retried or concurrent submit activates once (across
// relay processes), a process that dies mid-call is reconciled, policy refuses with a sentence, and a
// PostgreSQL restart makes requests wait, not vanish.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { vendorOf } from '../../electron/connectors/registry.ts';
import type { ConnectorRequest } from '../../electron/connectors/types.ts';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { relayStores, startRelay, type Relay, type RelayOptions } from '../../electron/relay/relay.ts';
import { lookupSealId, parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { sampleLicenses, startLicenseServer } from '../servers/generic/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { licenseSpringSampleOptions, startLicenseSpringServer } from '../servers/licensespring/index.ts';
import { readLsActivation } from '../support/licensespring-device-reader.ts';
import { LS, LS_SERVER_KEY_PEM, lsRequest } from '../support/licensespring.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { enrolledKiosk, fulfilled, refusedWith } from '../support/relay-kiosk.ts';

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);
const secretKey = parseSecretKey(TEST_SECRET_KEY);
const box = secretBox(secretKey);

// Licences with room for every device the tests activate.
const MANY = { generic: 'MANYS-EATSX-RELAY-TESTS-00001', keygen: { id: '5e1a7c00-0000-4000-8000-00000000aa01', key: 'RELAY-MANY-SEATS-000001-V3' } };
const generic = await startLicenseServer({ licenses: [...sampleLicenses(), { key: MANY.generic, status: 'active', maxActivations: 100_000, expiresAt: null, product: 'Press', customer: 'Relay tests' }], privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
const keygen = await startKeygenServer({ ...keygenSampleOptions(), licenses: [...keygenSampleOptions().licenses, { ...MANY.keygen, maxMachines: null }] });
const cryptlex = await startCryptlexServer({ ...cryptlexSampleOptions() });
const licensespring = await startLicenseSpringServer({ ...licenseSpringSampleOptions(), privateKeyPem: LS_SERVER_KEY_PEM });
after(() => Promise.all([generic.close(), keygen.close(), cryptlex.close(), licensespring.close()]));

await saveConnection(stores.connections, box, { vendor: 'generic', name: 'licence-api', baseUrl: generic.url, publicKeyPem: generic.publicKeyPem }, ['press']);
await saveConnection(stores.connections, box, { vendor: 'keygen', name: 'keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product }, ['lathe']);
await saveConnection(stores.connections, box, { vendor: 'cryptlex', name: 'cryptlex', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full }, []);
await saveConnection(stores.connections, box, { vendor: 'licensespring', name: 'licensespring', baseUrl: licensespring.url, publicKeyPem: licensespring.publicKeyPem, secret: JSON.stringify({ apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey }) }, []);

async function relayProcess(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const relay = await startRelay({ databaseUrl: cluster.url, secretKey, claimSeconds: 30, ...options });
  after(() => relay.close());
  return relay;
}
const relay = await relayProcess();
const second = await relayProcess();

const machine = (name: string) => createHash('sha256').update(name).digest('hex');
const genericRequest = (id: string, device: string, over: Partial<ConnectorRequest> = {}): ConnectorRequest => ({ id, kind: 'activate', licenseKey: MANY.generic, deviceId: machine(device), deviceLabel: device, deviceDetails: {}, ...over });
const keygenRequest = (id: string, fingerprint: string): ConnectorRequest => ({ id, kind: 'activate', licenseKey: MANY.keygen.key, deviceId: fingerprint, deviceLabel: 'Lathe', deviceDetails: {} });

describe('relay: every vendor end to end', () => {
  it('activates through each vendor and returns the artifact the vendor signed', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Vera Vendors');
    assert.deepEqual(kiosk.enrolled.connections.map((c) => c.name).sort(), ['cryptlex', 'keygen', 'licence-api', 'licensespring']);

    const g = fulfilled(await kiosk.submit(relay.url, 'generic', genericRequest('g-1', 'press-1')));
    const body = JSON.parse(Buffer.from(g.artifact.bytesBase64, 'base64').toString('utf8')) as { data: unknown; signature: string };
    assert.ok(verify('sha256', Buffer.from(canonicalJson(body.data)), generic.publicKeyPem, Buffer.from(body.signature, 'base64')));
    assert.deepEqual(generic.state.activations(MANY.generic), [machine('press-1')]);

    const k = fulfilled(await kiosk.submit(relay.url, 'keygen', keygenRequest('k-1', 'lathe-1:00aa')));
    assert.match(Buffer.from(k.artifact.bytesBase64, 'base64').toString('utf8'), /-----BEGIN MACHINE FILE-----/);
    assert.equal(keygen.state.machines(MANY.keygen.key).length, 1);

    const fp = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const requestBody = makeOfflineRequest({ type: 'activation', key: CRYPTLEX_SAMPLES.licenses.twoSeats.key, fp, pid: CRYPTLEX_SAMPLES.productId, hostname: 'ctrl-4' });
    const c = fulfilled(await kiosk.submit(relay.url, 'cryptlex', { id: 'c-1', kind: 'activate', licenseKey: CRYPTLEX_SAMPLES.licenses.twoSeats.key, deviceId: fp, deviceLabel: 'Controller 4', deviceDetails: {}, requestBody }));
    assert.match(c.artifact.fileName, /response\.dat$/);
    assert.equal(cryptlex.state.activations(CRYPTLEX_SAMPLES.licenses.twoSeats.id).length, 1);

    const file = lsRequest();
    const l = fulfilled(await kiosk.submit(relay.url, 'licensespring', { ...file.request, id: 'l-1' }));
    const verdict = readLsActivation(Buffer.from(l.artifact.bytesBase64, 'base64').toString('utf8'), licensespring.publicKeyPem, { hardwareId: 'hw-press-0001', licenseKey: LS.licenses.perpetual.key, requestId: file.requestId });
    assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);

    const audit = await stores.audit.query({ engineer: 'Vera Vendors', outcomes: ['fulfilled'], since: new Date(0) });
    assert.deepEqual(audit.map((r) => r.vendor), ['generic', 'keygen', 'cryptlex', 'licensespring']);
  });

  it('answers a retried or concurrent submit with the same artifact and activates once, whichever process takes it', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Rory Retry');
    const request = keygenRequest('k-retry', 'lathe-2:00bb');
    const before = keygen.state.activationAttempts();
    const answers = await Promise.all([relay, second, relay, second, relay].map((r) => kiosk.submit(r.url, 'keygen', request)));
    const done = answers.filter((a) => a.ok);
    assert.ok(done.length >= 1, JSON.stringify(answers));
    for (const a of answers.filter((x) => !x.ok)) refusedWith(a, 'relay_busy', true);
    const again = fulfilled(await kiosk.submit(second.url, 'keygen', request));
    assert.ok(done.every((a) => a.ok && a.artifact.bytesBase64 === again.artifact.bytesBase64));
    assert.equal(keygen.state.activationAttempts() - before, 1, 'one activation at the vendor');
  });

  it('reconciles with the vendor when the process that sent a request died before storing the answer', async () => {
    // This process calls the vendor and then "dies": it never stores what came back, and its claim expires.
    const dying = await relayProcess({
      claimSeconds: 1,
      connectorFor: (connection, ports) => {
        const real = vendorOf(connection.vendor).connector(connection.settings, ports);
        return {
          ...real,
          fulfil: async (request) => {
            await real.fulfil(request);
            throw new Error('killed');
          },
        };
      },
    });
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Dee Died');
    const request = genericRequest('g-died', 'press-9');
    refusedWith(await kiosk.submit(dying.url, 'generic', request), 'relay_error', true);
    assert.equal(generic.state.activations(MANY.generic).filter((m) => m === machine('press-9')).length, 1);
    refusedWith(await kiosk.submit(relay.url, 'generic', request), 'relay_busy', true);
    await new Promise((r) => setTimeout(r, 1100));
    const answer = fulfilled(await kiosk.submit(relay.url, 'generic', request));
    assert.match(answer.note, /./);
    const activationsBefore = generic.state.activationCount();
    fulfilled(await kiosk.submit(second.url, 'generic', request));
    assert.equal(generic.state.activationCount(), activationsBefore, 'the retried request took no second seat');
  });
});

describe('relay: Cryptlex licence keys resolved with the relay\'s own narrow lookup token', () => {
  it('looks keys up only with the license:read token and activates only with the activation token', async () => {
    const narrow = await startCryptlexServer({ ...cryptlexSampleOptions() });
    after(() => narrow.close());
    const { tokens, licenses, productId } = CRYPTLEX_SAMPLES;
    const settings = { vendor: 'cryptlex', name: 'cryptlex-narrow', baseUrl: narrow.url, productPublicKeyPem: narrow.productPublicKeyPem };
    await saveConnection(stores.connections, box, { ...settings, secret: tokens.activation }, ['controller']);
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Nora Narrow', { products: ['controller'] });
    const cryptlexRequest = (id: string, fp: string): ConnectorRequest => ({
      id,
      kind: 'activate',
      licenseKey: licenses.twoSeats.key,
      deviceId: fp,
      deviceLabel: 'Controller',
      deviceDetails: {},
      requestBody: makeOfflineRequest({ type: 'activation', key: licenses.twoSeats.key, fp, pid: productId }),
    });

    // The activation token alone lacks license:read: the lookup is refused with the scope named, nothing activated.
    const refused = refusedWith(await kiosk.submit(relay.url, 'cryptlex', cryptlexRequest('narrow-1', 'ab01ab01ab01ab01ab01ab01ab01ab01'), 'cryptlex-narrow'), 'INSUFFICIENT_PERMISSIONS', false);
    assert.match(refused.message, /license:read/);
    assert.equal(narrow.state.activations().length, 0);

    // The operator adds the lookup token (the activation token stays as it was).
    const saved = await saveConnection(stores.connections, box, settings, ['controller'], undefined, tokens.lookup);
    const { rows } = await db.query('SELECT row_to_json(c)::text AS t FROM connections c WHERE id = $1', [saved.id]);
    assert.ok(!String(rows[0]?.t).includes(tokens.lookup) && !String(rows[0]?.t).includes(tokens.activation), 'both tokens sealed');
    assert.equal(box.open(lookupSealId(saved.id), saved.sealedLookupSecret!), tokens.lookup);
    assert.throws(() => box.open(saved.id, saved.sealedLookupSecret!), /does not open/, 'the lookup token is sealed to its purpose');

    const fp = 'ab02ab02ab02ab02ab02ab02ab02ab02';
    const request = cryptlexRequest('narrow-2', fp);
    const first = fulfilled(await kiosk.submit(relay.url, 'cryptlex', request, 'cryptlex-narrow'));
    // Asked again (through the other process), the stored answer comes back: no second lookup or activation.
    assert.equal(fulfilled(await kiosk.submit(second.url, 'cryptlex', request, 'cryptlex-narrow')).artifact.bytesBase64, first.artifact.bytesBase64);
    assert.deepEqual(narrow.state.activations().map((a) => a.fingerprint), [fp]);

    const calls = narrow.state.bearers();
    const lookups = calls.filter((c) => c.route.startsWith('GET /v3/licenses'));
    const activations = calls.filter((c) => c.route === 'POST /v3/activations/offline-activate');
    assert.equal(activations.length, 1, JSON.stringify(calls));
    assert.deepEqual(
      lookups.map((c) => c.token),
      [tokens.activation, tokens.lookup],
      'the activation token looked up only before a lookup token was set',
    );
    assert.deepEqual(activations.map((c) => c.token), [tokens.activation]);
    assert.ok(calls.filter((c) => c.token === tokens.lookup).every((c) => c.route.startsWith('GET /v3/licenses')), 'the lookup token does nothing else');
  });
});

describe('relay: policy', () => {
  it('refuses activations over the daily cap with a sentence, and counts only activations', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Cap Tain', { dailyLimit: 2 });
    fulfilled(await kiosk.submit(relay.url, 'generic', genericRequest('cap-1', 'cap-a')));
    fulfilled(await kiosk.submit(relay.url, 'keygen', keygenRequest('cap-2', 'cap-b:01')));
    const over = refusedWith(await kiosk.submit(relay.url, 'keygen', keygenRequest('cap-3', 'cap-c:02')), 'relay_daily_limit', false);
    assert.match(over.message, /^Your relay allows 2 activations a day; 2 used\./);
    // The request that was answered stays answered.
    fulfilled(await kiosk.submit(second.url, 'generic', genericRequest('cap-1', 'cap-a')));
    const audit = await stores.audit.query({ engineer: 'Cap Tain', outcomes: ['refused'], since: new Date(0) });
    assert.equal(audit.length, 1);
  });

  it('keeps two processes from both taking the last activation of the day', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Last One', { dailyLimit: 1 });
    const answers = await Promise.all([
      kiosk.submit(relay.url, 'keygen', keygenRequest('last-1', 'last-a:01')),
      kiosk.submit(second.url, 'keygen', keygenRequest('last-2', 'last-b:02')),
    ]);
    assert.equal(answers.filter((a) => a.ok).length, 1, JSON.stringify(answers));
  });

  it('refuses seat returns when the engineer may not return seats, and connections outside their products', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'No Returns', { seatReturns: false, products: ['press'] });
    const back = refusedWith(await kiosk.submit(relay.url, 'generic', genericRequest('ret-1', 'ret-a', { kind: 'deactivate' })), 'relay_policy', false);
    assert.match(back.message, /does not allow you to return seats/);
    const other = refusedWith(await kiosk.submit(relay.url, 'keygen', keygenRequest('ret-2', 'ret-b:01')), 'relay_policy', false);
    assert.match(other.message, /does not allow you to use its keygen connections/);
    assert.deepEqual(kiosk.enrolled.connections.map((c) => c.name), ['licence-api'], 'only the connections they may use are pinned');
  });

  it('refuses a different request under an id the relay already holds', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Con Flict');
    fulfilled(await kiosk.submit(relay.url, 'generic', genericRequest('dup-1', 'dup-a')));
    const conflict = refusedWith(await kiosk.submit(relay.url, 'generic', genericRequest('dup-1', 'dup-b')), 'request_conflict', false);
    assert.match(conflict.message, /different request under this id/);
  });
});

describe('relay: PostgreSQL goes away and comes back', () => {
  it('answers "wait" while the database is down and sends the request once it is back', async () => {
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Pat Restart');
    fulfilled(await kiosk.submit(relay.url, 'generic', genericRequest('pg-1', 'pg-a')));
    cluster.stop();
    try {
      const waiting = refusedWith(await kiosk.submit(relay.url, 'generic', genericRequest('pg-2', 'pg-b')), 'relay_database', true);
      assert.match(waiting.message, /database is not reachable right now; the request waits/);
    } finally {
      cluster.start();
    }
    fulfilled(await kiosk.submit(relay.url, 'generic', genericRequest('pg-2', 'pg-b')));
    fulfilled(await kiosk.submit(second.url, 'generic', genericRequest('pg-1', 'pg-a')));
    assert.equal(generic.state.activations(MANY.generic).filter((m) => m === machine('pg-b')).length, 1);
  });
});

describe('relay: a vendor rate limit shared by every process', () => {
  it('keeps two processes together within the vendor limit: no request meets a 429', async () => {
    const limited = await startLicenseServer({
      licenses: [{ key: MANY.generic, status: 'active', maxActivations: 1000, expiresAt: null, product: 'Press', customer: 'Relay tests' }],
      privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      rateLimit: { limit: 5, windowMs: 400 },
    });
    after(() => limited.close());
    await saveConnection(stores.connections, box, { vendor: 'generic', name: 'limited-api', baseUrl: limited.url, publicKeyPem: limited.publicKeyPem }, ['limited'], { limit: 5, windowMs: 400 });
    const kiosk = await enrolledKiosk(stores.people, relay.url, 'Lim Ited', { products: ['limited'] });
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => kiosk.submit(i % 2 ? relay.url : second.url, 'generic', genericRequest(`lim-${i}`, `lim-${i}`))));
    for (const answer of answers) fulfilled(answer);
    assert.equal(limited.state.activationCount(), 16);
  });
});
