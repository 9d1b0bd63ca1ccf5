import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, pythonSortedJson } from '../../shared/crypto/canonical-json.ts';
import { importRsaPublicKey, verifySignedData } from '../../shared/crypto/rsa.ts';

const vendor = generateKeyPairSync('rsa', { modulusLength: 2048 });
const vendorPublicPem = vendor.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signWithVendor = (text: string): string => sign('sha256', Buffer.from(text, 'utf8'), vendor.privateKey).toString('base64');

const data = {
  machine_id: 'ab'.repeat(32),
  license_key: 'ACTIV-THREE-SEATS-DEMO0-00001',
  valid: true,
  features: { zeta: 1, alpha: [3, 1, { y: 2, x: 'é' }] },
  expires_at: null,
};

test('canonicalJson sorts keys at every depth, keeps array order and prints compactly', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson([3, 1, 2]), '[3,1,2]');
  assert.equal(canonicalJson({ B: 1, a: 2, _: 3 }), '{"B":1,"_":3,"a":2}');
});

test('pythonSortedJson prints what json.dumps(sort_keys=True) prints', () => {
  assert.equal(pythonSortedJson({ b: 'é', a: [1, 2], c: { y: true, x: null } }), '{"a": [1, 2], "b": "\\u00e9", "c": {"x": null, "y": true}}');
});

test('verifySignedData accepts a signature over the compact sorted form', async () => {
  const key = await importRsaPublicKey(vendorPublicPem);
  assert.equal(await verifySignedData(key, data, signWithVendor(canonicalJson(data))), true);
});

test('verifySignedData accepts a signature over the Python-style sorted form', async () => {
  const key = await importRsaPublicKey(vendorPublicPem);
  const signature = signWithVendor(pythonSortedJson(data));
  assert.notEqual(pythonSortedJson(data), canonicalJson(data));
  assert.equal(await verifySignedData(key, data, signature), true);
});

test('verifySignedData rejects changed data, a changed signature, garbage and another key', async () => {
  const key = await importRsaPublicKey(vendorPublicPem);
  const signature = signWithVendor(canonicalJson(data));
  assert.equal(await verifySignedData(key, { ...data, valid: false }, signature), false);
  assert.equal(await verifySignedData(key, { ...data, features: { zeta: 1, alpha: [1, 3, { y: 2, x: 'é' }] } }, signature), false);

  const flipped = Buffer.from(signature, 'base64');
  flipped[10] = (flipped[10] ?? 0) ^ 0x80;
  assert.equal(await verifySignedData(key, data, flipped.toString('base64')), false);
  assert.equal(await verifySignedData(key, data, 'not base64!'), false);
  assert.equal(await verifySignedData(key, data, ''), false);

  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = await importRsaPublicKey(other.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  assert.equal(await verifySignedData(otherKey, data, signature), false);
});
