import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, migrate, openDatabase, schemaVersion } from '../../electron/store/database.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/store/migrations.ts';
import { keygenSettings } from '../../shared/api/vendors/keygen.ts';
import { tempDir } from '../support/temp.ts';

test('a new database gets every migration, in WAL mode', (t) => {
  const db = openDatabase(path.join(tempDir(t), 'kiosk.sqlite'));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), LATEST_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  for (const name of ['audit', 'connections', 'requests', 'responses']) assert.ok(tables.includes(name), `${name} exists`);
  assert.throws(() => db.prepare("INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, captured_at, updated_at) VALUES ('x','f','f','activate','file','n','r','c','k','d','{}','lost','t','t')").run(), /CHECK constraint/);
});

test('migrations are numbered in order and reopening applies nothing twice', (t) => {
  MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  openDatabase(file).close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(schemaVersion(db), LATEST_VERSION);
});

test('each migration runs on the schema before it', (t) => {
  const db = new Database(path.join(tempDir(t), 'step.sqlite'));
  t.after(() => db.close());
  for (const m of MIGRATIONS) {
    migrate(db, m.version);
    assert.equal(schemaVersion(db), m.version);
  }
});

test('a database from a newer app is refused with a reason, untouched', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const raw = new Database(file);
  raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
  raw.close();
  assert.throws(() => openDatabase(file), (error: unknown) => error instanceof DatabaseTooNewError && /newer Activation Kiosk/.test(error.message));
  const again = new Database(file);
  assert.equal(again.pragma('user_version', { simple: true }), LATEST_VERSION + 1);
  again.close();
});

test('later migrations keep the requests of version 1 and add the vendor request columns', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const v1 = new Database(file);
  migrate(v1, 1);
  v1.prepare(
    "INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, captured_at, updated_at) VALUES ('r1','seed004-json','f','activate','file','a.json','{}','{}','K','D','{}','queued','t','t')",
  ).run();
  v1.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(schemaVersion(db), LATEST_VERSION);
  assert.deepEqual(db.prepare('SELECT id, state, needs_license_key, request_body FROM requests').all(), [{ id: 'r1', state: 'queued', needs_license_key: 0, request_body: null }]);
});

test('version 5 numbers the responses a request already had and keeps the device receipts recorded before it', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const v4 = new Database(file);
  migrate(v4, 4);
  v4.prepare(
    "INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, captured_at, updated_at) VALUES ('r1','kiosk','f','activate','file','a.json','{}','{}','K','D','{}','delivered','t','t')",
  ).run();
  v4.prepare("INSERT INTO responses (request_id, artifact, file_name, media_type, verified_at, received_at) VALUES ('r1', x'00', 'a.json', 'application/json', 't', 't')").run();
  const audit = v4.prepare("INSERT INTO audit (at, request_id, actor, event, detail) VALUES (?, 'r1', 'system', ?, '')");
  for (const [at, event] of [
    ['2026-11-20T08:00:00.000Z', 'fulfilled'],
    ['2026-11-20T08:10:00.000Z', 'device_refused'],
    ['2026-11-20T09:00:00.000Z', 'reconciled'],
    ['2026-11-20T09:10:00.000Z', 'device_confirmed'],
  ]) audit.run(at, event);
  v4.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal((db.prepare("SELECT response_seq FROM responses WHERE request_id = 'r1'").get() as { response_seq: number }).response_seq, 2);
  assert.deepEqual(db.prepare('SELECT response_seq, version, response_digest, applied_at, outcome FROM device_receipts ORDER BY applied_at').all(), [
    { response_seq: 1, version: 1, response_digest: null, applied_at: Date.parse('2026-11-20T08:10:00Z') / 1000, outcome: 'refused' },
    { response_seq: 2, version: 1, response_digest: null, applied_at: Date.parse('2026-11-20T09:10:00Z') / 1000, outcome: 'applied' },
  ]);
});

test('version 6 gives Keygen connections saved with an empty lifetime the one-month default, turns response signatures on where the key can check them, and says so in the audit', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const v5 = new Database(file);
  migrate(v5, 5);
  const ed25519Pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
  const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
  const old = { baseUrl: 'https://api.keygen.sh/v1/accounts/acme', auth: 'license-key', encrypt: true };
  const insert = v5.prepare("INSERT INTO connections (id, vendor, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, 't', 't')");
  insert.run('hex', 'keygen', 'Keygen hex', JSON.stringify({ ...old, publicKeyHex: 'ab'.repeat(32), checkoutTtlSeconds: null, verifyResponseSignatures: false }));
  insert.run('rsa', 'keygen', 'Keygen RSA', JSON.stringify({ ...old, publicKeyHex: rsaPem, checkoutTtlSeconds: 7200, verifyResponseSignatures: false }));
  insert.run('pem', 'keygen', 'Keygen Ed25519 PEM', JSON.stringify({ ...old, publicKeyHex: ed25519Pem, checkoutTtlSeconds: null, verifyResponseSignatures: true }));
  insert.run('cl', 'cryptlex', 'Cryptlex', JSON.stringify({ baseUrl: 'https://api.cryptlex.com', responseValiditySeconds: 600, productPublicKeyPem: '' }));
  v5.close();

  const db = openDatabase(file);
  t.after(() => db.close());
  const settings = (id: string) => JSON.parse((db.prepare('SELECT settings FROM connections WHERE id = ?').get(id) as { settings: string }).settings) as Record<string, unknown>;
  assert.deepEqual(settings('hex'), { ...old, publicKeyHex: 'ab'.repeat(32), checkoutTtlSeconds: 2_629_746, verifyResponseSignatures: true, clockSkewSeconds: 300 });
  assert.deepEqual(settings('rsa'), { ...old, publicKeyHex: rsaPem, checkoutTtlSeconds: 7200, verifyResponseSignatures: false, clockSkewSeconds: 300 }, 'an RSA key cannot check response signatures: left off, the chosen lifetime kept');
  assert.deepEqual(settings('pem'), { ...old, publicKeyHex: ed25519Pem, checkoutTtlSeconds: 2_629_746, verifyResponseSignatures: true, clockSkewSeconds: 300 });
  assert.deepEqual(settings('cl'), { baseUrl: 'https://api.cryptlex.com', responseValiditySeconds: 600, productPublicKeyPem: '' }, 'other vendors are untouched');
  for (const id of ['hex', 'rsa', 'pem']) assert.ok(keygenSettings.safeParse(settings(id)).success, `${id} reads as a Keygen connection's settings`);

  const audit = db.prepare("SELECT at, request_id, actor, event, detail FROM audit WHERE event = 'connection_migrated' ORDER BY seq").all() as { at: string; request_id: null; actor: string; event: string; detail: string }[];
  assert.equal(audit.length, 4);
  for (const entry of audit) {
    assert.equal(entry.actor, 'system');
    assert.equal(entry.request_id, null);
    assert.match(entry.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const details = audit.map((a) => a.detail);
  const ttl = details.filter((d) => /machine-file lifetime was empty/.test(d));
  assert.deepEqual(ttl.map((d) => /^Keygen connection "([^"]+)"/.exec(d)?.[1]), ['Keygen hex', 'Keygen Ed25519 PEM']);
  assert.match(ttl[0] ?? '', /now Keygen's default of one month \(2629746 s\)\. "No expiry" could not be chosen before this version, so every empty lifetime was changed; choose "No expiry" in Settings if that was meant\./);
  assert.ok(details.includes('Keygen connection "Keygen hex": Keygen\'s response signatures are now checked on every answer (Keygen-Signature, Digest, and a Date within 300 s of this laptop\'s clock), as for new connections; turn it off in Settings only for a server that does not sign its answers.'));
  assert.ok(details.some((d) => d.startsWith('Keygen connection "Keygen RSA": response signatures stay unchecked, because it holds an RSA or ECDSA verify key')));
});

test('version 7 lets a request be a licence-file request and keeps requests, responses and their links', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const v6 = new Database(file);
  v6.pragma('foreign_keys = ON');
  migrate(v6, 6);
  v6.prepare(
    "INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, captured_at, updated_at, nonce) VALUES ('r1','keygen-qr','f','refresh','file','a.txt','{}','{}','K','D','{}','fulfilled','t','t','n1')",
  ).run();
  v6.prepare("INSERT INTO responses (request_id, artifact, file_name, media_type, verified_at, received_at) VALUES ('r1', x'01', 'a.lic', 'application/octet-stream', 't', 't')").run();
  assert.throws(() => v6.prepare("UPDATE requests SET kind = 'license-file' WHERE id = 'r1'").run(), /CHECK constraint/);
  v6.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(schemaVersion(db), LATEST_VERSION);
  assert.deepEqual(db.prepare('SELECT id, kind, state, nonce FROM requests').all(), [{ id: 'r1', kind: 'refresh', state: 'fulfilled', nonce: 'n1' }]);
  db.prepare("UPDATE requests SET kind = 'license-file' WHERE id = 'r1'").run();
  assert.throws(() => db.prepare("UPDATE requests SET kind = 'steal' WHERE id = 'r1'").run(), /CHECK constraint/);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.throws(() => db.prepare("INSERT INTO responses (request_id, artifact, file_name, media_type, verified_at, received_at) VALUES ('nobody', x'01', 'a', 'b', 't', 't')").run(), /FOREIGN KEY/);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'requests' AND type = 'index' AND name NOT LIKE 'sqlite_%'").pluck().all();
  assert.ok(indexes.includes('requests_by_state'), 'the rebuilt table keeps its index (later versions add the list indexes)');
});
