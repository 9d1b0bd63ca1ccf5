// The device receipt: round trip (version 2, which names its response, and version 1, still read),
// signature over a domain-separated message, one QR, and a decoder that refuses altered or random
// bytes with a FormatError (seeded, reproducible).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateDeviceKeyPair, makeReceipt } from '../../shared/device/kit.ts';
import { decodeDeterministic, encodeDeterministic } from '../../shared/formats/cbor.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { signCanonical } from '../../shared/formats/device-signature.ts';
import { decodeReceipt, encodeReceipt, looksLikeReceiptUr, receiptFromUr, receiptVersion, responseDigestOf, signReceipt, verifyReceipt, type Receipt } from '../../shared/formats/receipt.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import { UrError } from '../../shared/qr/errors.ts';
import { seeded } from '../support/seeded.ts';

const device = generateDeviceKeyPair(new Uint8Array(32).fill(7));
const other = generateDeviceKeyPair(new Uint8Array(32).fill(8));
const artifact = new TextEncoder().encode('{"data":{},"signature":"c2ln"}');
const receipt: Receipt = { requestId: 'ab'.repeat(32), nonce: 'nonce-0001', appliedAt: 1_790_000_000, outcome: 'applied', responseDigest: responseDigestOf(artifact) };
const receiptV1: Receipt = { requestId: receipt.requestId, nonce: receipt.nonce, appliedAt: receipt.appliedAt, outcome: receipt.outcome };

/** The receipt's CBOR without its signature (key 7): the canonical body. */
function unsigned(bytes: Uint8Array): Uint8Array {
  const map = decodeDeterministic(bytes, 'test') as Map<number, unknown>;
  map.delete(7);
  return encodeDeterministic(map);
}

test('a receipt round-trips through CBOR and UR, verifies with its device key only, and fits one QR', () => {
  const made = makeReceipt({ pending: { requestId: receipt.requestId, request: { kind: 'activate', licenseKey: 'K', fingerprint: 'f', nonce: receipt.nonce, createdAt: 1 } }, outcome: 'applied', now: new Date(receipt.appliedAt * 1000), responseDigest: receipt.responseDigest! }, device.secretKey);
  assert.match(made.ur, /^UR:KIOSK-RECEIPT\/[A-Z]+$/);
  // Version 2's digest adds 35 bytes (70 characters): with the kit's 32-character nonce a receipt is one QR of version 11 at level L.
  assert.ok(made.ur.length < 395, `${made.ur.length} characters`);
  assert.ok(looksLikeReceiptUr(made.ur.toLowerCase()));
  const back = receiptFromUr(made.ur);
  assert.deepEqual(back.receipt, receipt);
  assert.ok(verifyReceipt(back, device.publicKey));
  assert.equal(verifyReceipt(back, other.publicKey), false);
  assert.equal(verifyReceipt({ ...back, receipt: { ...back.receipt, nonce: 'nonce-0002' } }, device.publicKey), false);
  assert.deepEqual(encodeReceipt(back), encodeReceipt(made.receipt));
  assert.equal(receipt.responseDigest, createHash('sha256').update(artifact).digest('hex'), 'the digest is plain SHA-256 of the artifact');
  assert.equal(verifyReceipt({ ...back, receipt: { ...back.receipt, responseDigest: 'cd'.repeat(32) } }, device.publicKey), false, 'the digest is signed');
});

test('a version 1 receipt (no digest) still round-trips and verifies; versions cannot pass as each other', () => {
  const v1 = signReceipt(receiptV1, device.secretKey);
  const bytes = encodeReceipt(v1);
  assert.equal((decodeDeterministic(bytes, 'test') as Map<number, unknown>).get(1), 1);
  const back = decodeReceipt(bytes);
  assert.deepEqual(back.receipt, receiptV1);
  assert.equal(receiptVersion(back.receipt), 1);
  assert.ok(verifyReceipt(back, device.publicKey));
  // A version 2 receipt with its digest cut away (version set to 1) no longer verifies, nor the reverse.
  const v2 = signReceipt(receipt, device.secretKey);
  assert.equal(verifyReceipt({ receipt: receiptV1, signature: v2.signature }, device.publicKey), false);
  assert.equal(verifyReceipt({ receipt, signature: v1.signature }, device.publicKey), false);
});

test('a refusal carries its reason, and only a refusal does', () => {
  const refused = signReceipt({ ...receipt, outcome: 'refused', reason: 'wrong-device' }, device.secretKey);
  assert.deepEqual(decodeReceipt(encodeReceipt(refused)).receipt.reason, 'wrong-device');
  assert.throws(() => encodeReceipt(signReceipt({ ...receipt, reason: 'expired' }, device.secretKey)), /a reason comes with a refusal, and only then/);
  assert.throws(() => signReceipt({ ...receipt, outcome: 'refused' }, device.secretKey), FormatError);
});

test('the receipt signature is domain-separated from the request signature', () => {
  // The same key signing the same bytes as a request must not make a valid receipt.
  const signed = signReceipt(receipt, device.secretKey);
  const body = unsigned(encodeReceipt(signed));
  const asRequest = signCanonical(body, device.secretKey);
  assert.equal(verifyReceipt({ receipt, signature: asRequest }, device.publicKey), false);
});

test('named refusals: unsigned, newer version, wrong type, frames', () => {
  const signed = encodeReceipt(signReceipt(receipt, device.secretKey));
  assert.throws(() => decodeReceipt(unsigned(signed)), /a receipt is always signed/);
  assert.throws(() => receiptFromUr('ur:kiosk-response/aeadaolazmjendeoti'), /not a ur:kiosk-receipt/);
  assert.throws(() => decodeReceipt(new Uint8Array([0xa1, 0x01, 0x03])), /version 3 is newer than this app reads \(version 2\)/);
  const withDigest = decodeDeterministic(signed, 'test') as Map<number, unknown>;
  const v1WithDigest = new Map(withDigest).set(1, 1);
  assert.throws(() => decodeReceipt(encodeDeterministic(v1WithDigest)), /a version 1 receipt carries no response_digest/);
  const v2WithoutDigest = new Map(withDigest);
  v2WithoutDigest.delete(8);
  assert.throws(() => decodeReceipt(encodeDeterministic(v2WithoutDigest)), /response_digest \(key 8\) must be 32 bytes in a version 2 receipt/);
});

test('the decoder refuses mutated and random bytes with a FormatError (seed 20261123, 3000 rounds)', () => {
  const r = seeded(20261123);
  const good = encodeReceipt(signReceipt(receipt, device.secretKey));
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    const bytes = i % 3 === 0 ? Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)) : good.slice();
    if (i % 3 !== 0) for (let n = 1 + Math.floor(r() * 4); n > 0; n--) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    try {
      const back = decodeReceipt(bytes);
      // Whatever still decodes must not verify unless it is the original receipt.
      if (verifyReceipt(back, device.publicKey)) assert.deepEqual(encodeReceipt(back), good);
      else refused++;
    } catch (error) {
      assert.ok(error instanceof FormatError || error instanceof UrError, `threw ${(error as Error).name}: ${(error as Error).message}`);
      refused++;
    }
  }
  assert.ok(refused > 2900, `${refused} refused or not verified`);
});

test('SPEC.md §9 receipt vectors read back and verify with the vector key', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/kiosk-vectors.json', import.meta.url), 'utf8'));
  const spec = readFileSync(new URL('../../shared/device/SPEC.md', import.meta.url), 'utf8').replace(/\s+/g, '');
  const receipts = fixture.receipts as { version: number; input: Receipt; signedHex: string; envelopeHex: string; ur: string }[];
  assert.deepEqual(receipts.map((r) => r.version), [1, 1, 2, 2]);
  const artifact = new TextEncoder().encode(fixture.response.input.artifact.bytesUtf8);
  for (const v of receipts) {
    const fromUr = receiptFromUr(v.ur);
    assert.deepEqual(fromUr.receipt, v.input);
    assert.deepEqual(encodeReceipt(fromUr), fromHex(v.envelopeHex));
    assert.ok(verifyReceipt(fromUr, fromHex(fixture.publicKeyHex)));
    if (v.version === 2) assert.equal(v.input.responseDigest, responseDigestOf(artifact), 'version 2 names the response of §9.5');
    assert.ok(spec.includes(v.ur) && spec.includes(v.envelopeHex) && spec.includes(v.signedHex), `SPEC.md lacks the version ${v.version} ${v.input.outcome} receipt`);
  }
});
