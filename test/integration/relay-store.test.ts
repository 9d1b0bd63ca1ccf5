// The relay's PostgreSQL store: migrations applied once by racing processes, sealed tokens, one-time
// enrolment codes, and claims that only one process holds at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditStore } from '../../electron/relay/audit-store.ts';
import { connectionStore } from '../../electron/relay/connection-store.ts';
import { migrate, openDb, type Db } from '../../electron/relay/db.ts';
import { RELAY_MIGRATIONS } from '../../electron/relay/migrations.ts';
import { peopleStore } from '../../electron/relay/people-store.ts';
import { requestStore } from '../../electron/relay/request-store.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { relayDatabase, TEST_SECRET_KEY, type RelayDb } from '../support/relay.ts';

const relay: RelayDb = await relayDatabase();
const db: Db = relay.db;

describe('relay store', () => {

  it('applies each migration once when several processes migrate at the same time', async () => {
    await db.query('CREATE DATABASE race');
    const url = relay.cluster.url.replace(/\/postgres$/, '/race');
    const pools = [openDb(url, 2), openDb(url, 2), openDb(url, 2)];
    try {
      const applied = await Promise.all(pools.map(migrate));
      assert.deepEqual(applied.flat().sort(), RELAY_MIGRATIONS.map((m) => m.version), 'each migration applied by exactly one process');
      const { rows } = await pools[0]!.query('SELECT version FROM relay_schema ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), RELAY_MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await migrate(db), [], 'a migrated database gets nothing again');
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('seals tokens to their connection with the operator key; another key or another row does not open them', () => {
    const box = secretBox(parseSecretKey(TEST_SECRET_KEY));
    const sealed = box.seal('conn-1', 'tok-secret');
    assert.ok(!sealed.includes('tok-secret'));
    assert.equal(box.open('conn-1', sealed), 'tok-secret');
    assert.throws(() => box.open('conn-2', sealed), /does not open with this RELAY_SECRET_KEY/);
    assert.throws(() => secretBox(parseSecretKey('b'.repeat(64))).open('conn-1', sealed), /does not open/);
    assert.throws(() => parseSecretKey('short'), /must be 32 bytes/);
    assert.throws(() => parseSecretKey(undefined), /Set RELAY_SECRET_KEY/);
  });

  it('stores connection tokens sealed, never in the clear', async () => {
    const connections = connectionStore(db);
    const box = secretBox(parseSecretKey(TEST_SECRET_KEY));
    const id = connections.newId();
    await connections.save({ id, name: 'keygen-main', vendor: 'keygen', products: [], settings: { baseUrl: 'https://api.keygen.sh/v1/accounts/x' }, sealedSecret: box.seal(id, 'prod-123-TOKEN') });
    const { rows } = await db.query('SELECT row_to_json(c)::text AS text FROM connections c');
    assert.ok(!rows.some((r) => String(r.text).includes('prod-123-TOKEN')));
    const stored = await connections.byName('keygen-main');
    assert.equal(box.open(id, stored!.sealedSecret!), 'prod-123-TOKEN');
  });

  it('spends an enrolment code once and keeps only its hash', async () => {
    const people = peopleStore(db);
    const { engineer, code } = await people.addEngineer('Ada Field', { products: null, connections: null, dailyLimit: 5, seatReturns: true });
    const { rows } = await db.query('SELECT code_sha256 FROM enrolment_codes WHERE engineer_id = $1', [engineer.id]);
    assert.notEqual(rows[0].code_sha256, code);
    const enrolled = await people.enrol(code.toLowerCase().replaceAll('-', ' '), 'ab'.repeat(32), 'laptop 1');
    assert.equal(enrolled?.engineer.name, 'Ada Field');
    assert.equal(await people.enrol(code, 'cd'.repeat(32), 'laptop 2'), null, 'a used code is refused');
    assert.equal(await people.spendNonce(enrolled!.kiosk.id, 'n1', 300), true);
    assert.equal(await people.spendNonce(enrolled!.kiosk.id, 'n1', 300), false, 'a nonce is spent once');
  });

  it('lets one process at a time claim a request; an expired claim is taken over and knows a call was sent', async () => {
    const people = peopleStore(db);
    const requests = requestStore(db);
    const connections = connectionStore(db);
    const { code } = await people.addEngineer('Claim Tester', { products: null, connections: null, dailyLimit: null, seatReturns: true });
    const { kiosk, engineer } = (await people.enrol(code, 'ef'.repeat(32), 'laptop'))!;
    const connection = (await connections.byName('keygen-main'))!;
    const body = { id: 'req-1', kind: 'activate' as const, licenseKey: 'K', deviceId: 'D', deviceLabel: null, deviceDetails: {} };
    await requests.submit({ id: 'req-1', contentSha256: 'x', kioskId: kiosk.id, engineerId: engineer.id, connectionId: connection.id, kind: 'activate', body });
    const claims = await Promise.all(['p1', 'p2', 'p3'].map((p) => requests.claim('req-1', p, 0.5, null)));
    assert.equal(claims.filter((c) => 'claimed' in c).length, 1);
    assert.equal(claims.filter((c) => 'busy' in c).length, 2);
    const winner = ['p1', 'p2', 'p3'][claims.findIndex((c) => 'claimed' in c)]!;
    assert.equal(await requests.markSent('req-1', winner), true);
    await new Promise((r) => setTimeout(r, 700));
    const next = await requests.claim('req-1', 'p9', 30, null);
    assert.ok('claimed' in next && next.claimed.sent && next.claimed.attempts === 2);
    assert.equal(await requests.finish('req-1', winner, { ok: false, retryable: false, code: 'x', message: 'x' }), false, 'a lost claim cannot finish');
    assert.equal(await requests.finish('req-1', 'p9', { ok: false, retryable: false, code: 'refused', message: 'No.' }), true);
    assert.ok('final' in (await requests.claim('req-1', 'p1', 30, null)));
  });

  it('filters the audit by engineer and time', async () => {
    const audit = auditStore(db);
    const since = new Date(Date.now() - 1000);
    await audit.record({ engineerId: 'e1', engineerName: 'Bo', call: 'submit', outcome: 'fulfilled', detail: 'ok' });
    await audit.record({ engineerId: 'e2', engineerName: 'Cy', call: 'submit', outcome: 'refused', detail: 'no' });
    assert.deepEqual((await audit.query({ since, engineer: 'Bo' })).map((r) => r.outcome), ['fulfilled']);
    assert.equal((await audit.query({ since })).length, 2);
  });
});
