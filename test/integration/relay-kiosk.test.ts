// A kiosk's "Relay" connection against a real relay on PostgreSQL: enrolment from Settings, requests
// of two vendor forms synced through the relay and checked again on the kiosk with the pinned keys,
// a relay that alters an artifact caught, a revoked kiosk refused, and requests waiting while the
// relay is down.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { relayStores, startRelay, type RelayOptions } from '../../electron/relay/relay.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { vendorOf } from '../../electron/connectors/registry.ts';
import { startLicenseServer } from '../servers/generic/index.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { licenseSpringSampleOptions, startLicenseSpringServer } from '../servers/licensespring/index.ts';
import { LS, LS_SERVER_KEY_PEM, lsRequest } from '../support/licensespring.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { item, keygenQrText, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const GENERIC_KEY = 'RELAY-KIOSK-TESTS-00000-00001';
const KEYGEN = { id: '5e1a7c00-0000-4000-8000-00000000bb01', key: 'RELAY-KIOSK-SEATS-000001-V3' };

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);
const secretKey = parseSecretKey(TEST_SECRET_KEY);
const generic = await startLicenseServer({ licenses: [{ key: GENERIC_KEY, status: 'active', maxActivations: 1000 }], privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
const keygen = await startKeygenServer({ ...keygenSampleOptions(), licenses: [{ ...KEYGEN, maxMachines: null }] });
const cryptlex = await startCryptlexServer({ ...cryptlexSampleOptions() });
const licensespring = await startLicenseSpringServer({ ...licenseSpringSampleOptions(), privateKeyPem: LS_SERVER_KEY_PEM });
after(() => Promise.all([generic.close(), keygen.close(), cryptlex.close(), licensespring.close()]));
await saveConnection(stores.connections, secretBox(secretKey), { vendor: 'generic', name: 'licence-api', baseUrl: generic.url, publicKeyPem: generic.publicKeyPem }, []);
await saveConnection(stores.connections, secretBox(secretKey), { vendor: 'keygen', name: 'keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'license-key' }, []);
await saveConnection(stores.connections, secretBox(secretKey), { vendor: 'cryptlex', name: 'cryptlex', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CRYPTLEX_SAMPLES.tokens.full }, []);
await saveConnection(stores.connections, secretBox(secretKey), { vendor: 'licensespring', name: 'licensespring', baseUrl: licensespring.url, publicKeyPem: licensespring.publicKeyPem, secret: JSON.stringify({ apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey }) }, []);

async function relayProcess(options: Partial<RelayOptions> = {}) {
  const relay = await startRelay({ databaseUrl: cluster.url, secretKey, ...options });
  after(() => relay.close());
  return relay;
}
const relay = await relayProcess();

async function kioskOf(t: { after(fn: () => void): void }, name: string, relayUrl = relay.url): Promise<{ kiosk: TestCore; kioskId: string }> {
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => tempDir(t), retryBaseMs: 1 });
  t.after(() => kiosk.core.close());
  const { code } = await stores.people.addEngineer(name, { products: null, connections: null, dailyLimit: null, seatReturns: true });
  const saved = await kiosk.call('saveConnection', { vendor: 'relay', name: 'Company relay', baseUrl: relayUrl, secret: code });
  assert.equal(saved.vendor, 'relay');
  assert.ok(saved.vendor === 'relay' && saved.settings.engineer === name);
  return { kiosk, kioskId: saved.vendor === 'relay' ? saved.settings.kioskId : '' };
}

async function capture(kiosk: TestCore, name: string, text: string): Promise<string> {
  const { results } = await kiosk.call('capture', { items: [item(name, text)] });
  assert.equal(results[0]!.outcome, 'queued', results[0]!.message);
  return results[0]!.requestId!;
}

describe('kiosk relay connection', () => {
  it('enrols from Settings, keeps no vendor token, and syncs two vendor forms through the relay', async (t) => {
    const { kiosk } = await kioskOf(t, 'Kay Kiosk');
    const view = (await kiosk.call('listConnections', {})).find((c) => c.vendor === 'relay')!;
    assert.ok(view.vendor === 'relay');
    assert.deepEqual(view.settings.pinned.map((p) => p.name).sort(), ['cryptlex', 'keygen', 'licence-api', 'licensespring']);
    assert.equal(view.hasSecret, true, "the kiosk's own signing key is in its secret store");
    const g = await capture(kiosk, 'press.json', seed004File(GENERIC_KEY, 'press-1'));
    const k = await capture(kiosk, 'lathe.txt', keygenQrText(KEYGEN.key, 'lathe-1:00aa'));
    assert.deepEqual(await kiosk.call('syncNow', {}), { attempted: 2, fulfilled: 2, failed: 0 });
    for (const id of [g, k]) {
      const detail = await kiosk.call('getRequest', { id });
      assert.equal(detail.state, 'fulfilled');
      assert.match(detail.history.at(-1)?.detail ?? '', /Through the relay/);
    }
    assert.equal(keygen.state.machines(KEYGEN.key).length, 1);
    const audit = await stores.audit.query({ engineer: 'Kay Kiosk', outcomes: ['fulfilled'], since: new Date(0) });
    assert.equal(audit.length, 2);
  });

  it('syncs Cryptlex and LicenseSpring request files through the relay, each checked again with its pinned key', async (t) => {
    const { kiosk } = await kioskOf(t, 'Cleo Crypt');
    const key = CRYPTLEX_SAMPLES.licenses.twoSeats;
    const c = await capture(kiosk, 'ctrl-4.req', makeOfflineRequest({ type: 'activation', key: key.key, fp: 'c0ffee00c0ffee00c0ffee00c0ffee00', pid: CRYPTLEX_SAMPLES.productId, hostname: 'ctrl-4' }));
    await kiosk.call('setLicenseKey', { id: c, licenseKey: key.key });
    const l = await capture(kiosk, 'press.lic.req', lsRequest().text);
    const summary = await kiosk.call('syncNow', {});
    const errors = await Promise.all([c, l].map(async (id) => (await kiosk.call('getRequest', { id })).lastError));
    assert.deepEqual(summary, { attempted: 2, fulfilled: 2, failed: 0 }, JSON.stringify(errors));
    for (const id of [c, l]) assert.match((await kiosk.call('getRequest', { id })).history.at(-1)?.detail ?? '', /Checked again on this kiosk/);
    assert.equal(cryptlex.state.activations(key.id).length, 1);
    assert.equal(licensespring.state.activations(LS.licenses.perpetual.id).length, 1);
  });

  it('refuses a code the relay does not know, with its sentence, and saves nothing', async (t) => {
    const kiosk = openCore(tempDir(t));
    t.after(() => kiosk.core.close());
    const error = await kiosk.fail('saveConnection', { vendor: 'relay', name: 'Company relay', baseUrl: relay.url, secret: 'AAAA-BBBB-CCCC-DDDD-EEEE' });
    assert.match(error.message, /does not know this enrolment code/);
    assert.equal((await kiosk.call('listConnections', {})).length, 0);
  });

  it('catches a relay that alters an artifact: the answer does not verify with the pinned key', async (t) => {
    const altering = await relayProcess({
      connectorFor: (connection, ports) => {
        const real = vendorOf(connection.vendor).connector(connection.settings, ports);
        return {
          ...real,
          fulfil: async (request) => {
            const outcome = await real.fulfil(request);
            if (!outcome.ok) return outcome;
            // A relay that changes what the vendor signed: a JSON answer's fields, or one character of a signed file's body.
            const original = Buffer.from(outcome.artifact.bytes).toString('utf8');
            const text = original.startsWith('{')
              ? original.replace(/"activated_at"/, '"activated_at_"')
              : original.replace(/^(-----BEGIN [A-Z ]+-----\s*.{40})(.)/s, (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
            assert.notEqual(text, original);
            return { ...outcome, artifact: { ...outcome.artifact, bytes: new Uint8Array(Buffer.from(text)) } };
          },
        };
      },
    });
    const { kiosk } = await kioskOf(t, 'Al Tered', altering.url);
    const g = await capture(kiosk, 'press.json', seed004File(GENERIC_KEY, 'press-altered'));
    const k = await capture(kiosk, 'lathe.txt', keygenQrText(KEYGEN.key, 'lathe-altered:00cc'));
    await kiosk.call('syncNow', {});
    for (const [id, vendor] of [[g, 'generic'], [k, 'keygen']] as const) {
      const detail = await kiosk.call('getRequest', { id });
      assert.equal(detail.state, 'rejected');
      assert.match(detail.lastError ?? '', new RegExp(`does not hold with the ${vendor} keys this kiosk pinned at enrolment`));
      assert.equal(detail.response, null);
    }
  });

  it('refuses a revoked kiosk on its next sync, and keeps its requests', async (t) => {
    const { kiosk, kioskId } = await kioskOf(t, 'Rev Oked');
    await stores.people.revokeKiosk(kioskId);
    const id = await capture(kiosk, 'press.json', seed004File(GENERIC_KEY, 'press-revoked'));
    await kiosk.call('syncNow', {});
    const detail = await kiosk.call('getRequest', { id });
    assert.equal(detail.state, 'rejected');
    assert.match(detail.lastError ?? '', /revoked this kiosk/);
  });

  it('keeps requests waiting while the relay is down and sends them when it is back', async (t) => {
    const spare = await startRelay({ databaseUrl: cluster.url, secretKey });
    const { kiosk } = await kioskOf(t, 'Off Line', spare.url);
    const port = Number(new URL(spare.url).port);
    await spare.close();
    const id = await capture(kiosk, 'press.json', seed004File(GENERIC_KEY, 'press-offline'));
    await kiosk.call('syncNow', {});
    const waiting = await kiosk.call('getRequest', { id });
    assert.equal(waiting.state, 'retry_wait');
    assert.match(waiting.lastError ?? '', /could not be reached/);
    await relayProcess({ port });
    await new Promise((r) => setTimeout(r, 50));
    await kiosk.call('syncNow', {});
    assert.equal((await kiosk.call('getRequest', { id })).state, 'fulfilled');
  });
});
