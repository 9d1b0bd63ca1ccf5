// The device receipt: round trip, signature over a domain-separated message, one QR, and a decoder
// that refuses altered or random bytes with a FormatError (seeded, reproducible).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateDeviceKeyPair, makeReceipt } from '../../shared/device/kit.ts';
import { decodeDeterministic, encodeDeterministic } from '../../shared/formats/cbor.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { signCanonical } from '../../shared/formats/device-signature.ts';
import { decodeReceipt, encodeReceipt, looksLikeReceiptUr, receiptFromUr, signReceipt, verifyReceipt, type Receipt } from '../../shared/formats/receipt.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import { UrError } from '../../shared/qr/errors.ts';
import { seeded } from '../support/seeded.ts';

const device = generateDeviceKeyPair(new Uint8Array(32).fill(7));
const other = generateDeviceKeyPair(new Uint8Array(32).fill(8));
const receipt: Receipt = { requestId: 'ab'.repeat(32), nonce: 'nonce-0001', appliedAt: 1_790_000_000, outcome: 'applied' };

/** The receipt's CBOR without its signature (key 7): the canonical body. */
function unsigned(bytes: Uint8Array): Uint8Array {
  const map = decodeDeterministic(bytes, 'test') as Map<number, unknown>;
  map.delete(7);
  return encodeDeterministic(map);
}

test('a receipt round-trips through CBOR and UR, verifies with its device key only, and fits one QR', () => {
  const made = makeReceipt({ pending: { requestId: receipt.requestId, request: { kind: 'activate', licenseKey: 'K', fingerprint: 'f', nonce: receipt.nonce, createdAt: 1 } }, outcome: 'applied', now: new Date(receipt.appliedAt * 1000) }, device.secretKey);
  assert.match(made.ur, /^UR:KIOSK-RECEIPT\/[A-Z]+$/);
  assert.ok(made.ur.length < 300, `${made.ur.length} characters`);
  assert.ok(looksLikeReceiptUr(made.ur.toLowerCase()));
  const back = receiptFromUr(made.ur);
  assert.deepEqual(back.receipt, receipt);
  assert.ok(verifyReceipt(back, device.publicKey));
  assert.equal(verifyReceipt(back, other.publicKey), false);
  assert.equal(verifyReceipt({ ...back, receipt: { ...back.receipt, nonce: 'nonce-0002' } }, device.publicKey), false);
  assert.deepEqual(encodeReceipt(back), encodeReceipt(made.receipt));
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
  assert.throws(() => decodeReceipt(new Uint8Array([0xa1, 0x01, 0x02])), /version 2 is newer than this app reads/);
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
  assert.equal(fixture.receipts.length, 2);
  for (const v of fixture.receipts as { input: Receipt; envelopeHex: string; ur: string }[]) {
    const fromUr = receiptFromUr(v.ur);
    assert.deepEqual(fromUr.receipt, v.input);
    assert.deepEqual(encodeReceipt(fromUr), fromHex(v.envelopeHex));
    assert.ok(verifyReceipt(fromUr, fromHex(fixture.publicKeyHex)));
    assert.ok(spec.includes(v.ur) && spec.includes(v.envelopeHex), `SPEC.md lacks the ${v.input.outcome} receipt`);
  }
});
