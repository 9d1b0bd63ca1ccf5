// A machine file produced by the Keygen path (test server → connector artifact) checked by a separate,
// minimal implementation written from ../shared/reference/keygen.md alone (node:crypto only), and the
// other way round: files made by that implementation go through the connector's checkMachineFile.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { createKeygenConnector } from '../../electron/connectors/keygen/keygen-connector.ts';
import { checkMachineFile } from '../../electron/connectors/keygen/machine-file.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';

const KEY = KEYGEN_SAMPLES.licenses.floating3.key;
const FP = 'hmi-panel-12:77aa55cc';

// ---- the minimal reader, from keygen.md only ----
function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

function readMachineFile(text: string, publicKeyHex: string, licenseKey: string, fingerprint: string): Record<string, unknown> {
  const body = text.replace('-----BEGIN MACHINE FILE-----', '').replace('-----END MACHINE FILE-----', '').replace(/\s+/g, '');
  const { enc, sig, alg } = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { enc: string; sig: string; alg: string };
  if (!verify(null, Buffer.from(`machine/${enc}`), publicKeyFromHex(publicKeyHex), Buffer.from(sig, 'base64'))) throw new Error('signature');
  if (alg === 'base64+ed25519') return JSON.parse(Buffer.from(enc, 'base64').toString('utf8')) as Record<string, unknown>;
  assert.equal(alg, 'aes-256-gcm+ed25519');
  const [ciphertext, iv, tag] = enc.split('.').map((p) => Buffer.from(p, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', createHash('sha256').update(licenseKey + fingerprint).digest(), iv as Buffer);
  decipher.setAuthTag(tag as Buffer);
  return JSON.parse(Buffer.concat([decipher.update(ciphertext as Buffer), decipher.final()]).toString('utf8')) as Record<string, unknown>;
}

function writeMachineFile(privateKey: KeyObject, document: unknown, licenseKey: string, fingerprint: string, encrypt: boolean): string {
  const plain = Buffer.from(JSON.stringify(document));
  let enc: string;
  if (encrypt) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(licenseKey + fingerprint).digest(), iv);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    enc = `${ciphertext.toString('base64')}.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}`;
  } else enc = plain.toString('base64');
  const sig = sign(null, Buffer.from(`machine/${enc}`), privateKey).toString('base64');
  const b64 = Buffer.from(JSON.stringify({ enc, sig, alg: `${encrypt ? 'aes-256-gcm' : 'base64'}+ed25519` })).toString('base64');
  return `-----BEGIN MACHINE FILE-----\n${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n-----END MACHINE FILE-----\n`;
}
// ---- end of the minimal implementation ----

test('the artifact of the Keygen path verifies and decrypts with the minimal reader', async (t) => {
  const server = await startKeygenServer(keygenSampleOptions());
  t.after(() => server.close());
  const connector = createKeygenConnector({ baseUrl: server.url, publicKeyHex: server.publicKeyHex, auth: 'license-key', checkoutTtlSeconds: 86_400 });
  const outcome = await connector.fulfil({ id: 'r', kind: 'activate', licenseKey: KEY, deviceId: FP, deviceLabel: 'HMI 12', deviceDetails: {} });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  const text = Buffer.from(outcome.artifact.bytes).toString('utf8');

  const doc = readMachineFile(text, server.publicKeyHex, KEY, FP) as {
    data: { id: string; type: string; attributes: { fingerprint: string } };
    included: Array<{ type: string; attributes: { key: string } }>;
    meta: { issued: string; expiry: string; ttl: number };
  };
  assert.equal(doc.data.type, 'machines');
  assert.equal(doc.data.attributes.fingerprint, FP);
  assert.equal(doc.data.id, server.state.machines(KEY)[0]?.id);
  assert.equal(doc.included[0]?.type, 'licenses');
  assert.equal(doc.included[0]?.attributes.key, KEY);
  assert.equal(doc.meta.ttl, 86_400);
  assert.equal(Date.parse(doc.meta.expiry) - Date.parse(doc.meta.issued), 86_400_000);
  assert.ok(Date.parse(doc.meta.issued) <= Date.now());

  // The same file must not open for another device or key, nor verify with another account key.
  assert.throws(() => readMachineFile(text, server.publicKeyHex, KEY, 'another-device'));
  assert.throws(() => readMachineFile(text, server.publicKeyHex, `${KEY}x`, FP));
  const otherHex = Buffer.from((generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
  assert.throws(() => readMachineFile(text, otherHex, KEY, FP), /signature/);
});

test("files made by the minimal writer pass the connector's checks, and each defect is refused", async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyHex = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
  const now = Date.parse('2030-01-01T00:00:00Z');
  const doc = (fingerprint: string, issued: string, expiry: string | null) => ({
    data: { id: '0b6c2a9e-1f3d-4c5b-8a7e-9d0c1b2a3f4e', type: 'machines', attributes: { fingerprint }, relationships: { license: { data: { type: 'licenses', id: 'lic' } } } },
    included: [{ type: 'licenses', id: 'lic', attributes: { key: KEY } }],
    meta: { issued, expiry, ttl: 3600 },
  });
  const base = { publicKeyHex, licenseKey: KEY, fingerprint: FP, licenseId: 'lic', now, clockSkewMs: 60_000 };
  const good = doc(FP, '2029-12-31T23:30:00Z', '2030-01-01T00:30:00Z');

  for (const encrypt of [true, false]) {
    const result = await checkMachineFile(writeMachineFile(privateKey, good, KEY, FP, encrypt), { ...base, encrypted: encrypt });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.machineId, good.data.id);
    assert.equal(result.expiry, '2030-01-01T00:30:00Z');
  }
  const codeOf = async (text: string, over: Partial<typeof base> & { encrypted?: boolean; ttlSeconds?: number | null } = {}) => {
    const r = await checkMachineFile(text, { ...base, ...over });
    return r.ok ? 'ok' : r.code;
  };
  const other = generateKeyPairSync('ed25519').privateKey;
  assert.equal(await codeOf(writeMachineFile(other, good, KEY, FP, true)), 'signature_invalid');
  assert.equal(await codeOf(writeMachineFile(privateKey, doc('elsewhere', '2029-12-31T23:30:00Z', null), KEY, 'elsewhere', false)), 'machine_file_mismatch');
  assert.equal(await codeOf(writeMachineFile(privateKey, good, KEY, 'elsewhere', true)), 'machine_file_invalid'); // encrypted for another device
  assert.equal(await codeOf(writeMachineFile(privateKey, doc(FP, '2029-12-31T22:00:00Z', '2029-12-31T23:00:00Z'), KEY, FP, true)), 'machine_file_expired');
  assert.equal(await codeOf(writeMachineFile(privateKey, doc(FP, '2030-01-01T01:00:00Z', null), KEY, FP, true)), 'machine_file_expired');
  assert.equal(await codeOf(writeMachineFile(privateKey, good, KEY, FP, false), { encrypted: true }), 'machine_file_invalid');
  // The file must name this licence, and carry an expiry within the TTL asked for (none only when none was asked).
  assert.equal(await codeOf(writeMachineFile(privateKey, good, KEY, FP, true), { licenseId: 'another-licence' }), 'machine_file_mismatch');
  const noLicence = { ...good, data: { ...good.data, relationships: {} } };
  assert.equal(await codeOf(writeMachineFile(privateKey, noLicence, KEY, FP, true)), 'machine_file_mismatch');
  const forever = doc(FP, '2029-12-31T23:30:00Z', null);
  assert.equal(await codeOf(writeMachineFile(privateKey, forever, KEY, FP, true)), 'machine_file_invalid');
  assert.equal(await codeOf(writeMachineFile(privateKey, forever, KEY, FP, true), { ttlSeconds: null }), 'ok');
  assert.equal(await codeOf(writeMachineFile(privateKey, good, KEY, FP, true), { ttlSeconds: 3600 }), 'ok');
  assert.equal(await codeOf(writeMachineFile(privateKey, doc(FP, '2029-12-31T23:30:00Z', '2030-02-01T00:00:00Z'), KEY, FP, true), { ttlSeconds: 3600 }), 'machine_file_invalid');
  assert.equal(await codeOf('-----BEGIN LICENSE FILE-----\nAAAA\n-----END LICENSE FILE-----\n'), 'machine_file_invalid');
  // One changed character of enc breaks the signature.
  const text = writeMachineFile(privateKey, good, KEY, FP, false);
  const inner = JSON.parse(Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64').toString()) as { enc: string; sig: string; alg: string };
  const flipped = { ...inner, enc: `${inner.enc.slice(0, 10)}${inner.enc[10] === 'A' ? 'B' : 'A'}${inner.enc.slice(11)}` };
  assert.equal(await codeOf(`-----BEGIN MACHINE FILE-----\n${Buffer.from(JSON.stringify(flipped)).toString('base64')}\n-----END MACHINE FILE-----\n`), 'signature_invalid');
});
