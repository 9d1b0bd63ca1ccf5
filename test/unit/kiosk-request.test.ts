// The kiosk request envelope v1: canonical CBOR, JSON and UR forms, device signatures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { generateDeviceKeyPair } from '../../shared/formats/device-signature.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import {
  canonicalRequestBytes,
  decodeKioskEnvelope,
  encodeKioskEnvelope,
  kioskEnvelopeFromJson,
  kioskEnvelopeFromUr,
  kioskEnvelopeToJson,
  kioskEnvelopeToJsonText,
  kioskEnvelopeToUr,
  kioskRequestJsonSchema,
  signKioskRequest,
  type KioskRequest,
} from '../../shared/formats/kiosk-request.ts';
import { detect } from '../../shared/formats/request.ts';
import { UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';

const base: KioskRequest = {
  kind: 'activate',
  licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO',
  fingerprint: 'fp-press-7',
  nonce: 'nonce-000000001',
  createdAt: 1_795_000_000,
  expiresAt: 1_795_086_400,
  device: { hostname: 'press-7', os: 'Linux', appVersion: '1.0.0' },
  target: { product: 'press' },
};

test('canonical bytes do not depend on property order and are deterministic CBOR', () => {
  const shuffled: KioskRequest = { target: { product: 'press' }, device: { appVersion: '1.0.0', os: 'Linux', hostname: 'press-7' }, nonce: base.nonce, expiresAt: base.expiresAt, createdAt: base.createdAt, fingerprint: base.fingerprint, licenseKey: base.licenseKey, kind: 'activate' };
  assert.deepEqual(canonicalRequestBytes(shuffled), canonicalRequestBytes(base));
  const decoded = decodeKioskEnvelope(encodeKioskEnvelope({ request: base, signature: null }));
  assert.deepEqual(decoded.request, base);
  assert.equal(decoded.signature, null);
});

test('JSON → envelope → UR → envelope → JSON keeps every field and the same canonical bytes', () => {
  const pair = generateDeviceKeyPair();
  const signed = signKioskRequest(base, pair.secretKey);
  const json = JSON.parse(kioskEnvelopeToJsonText(signed));
  const back = kioskEnvelopeFromJson(kioskRequestJsonSchema.parse(json));
  const viaUr = kioskEnvelopeFromUr(kioskEnvelopeToUr(back));
  assert.deepEqual(canonicalRequestBytes(viaUr.request), canonicalRequestBytes(signed.request));
  assert.deepEqual(kioskEnvelopeToJson(viaUr), json);
});

test('the JSON file and the QR of one request get the same request id; the signature is verified', async () => {
  const pair = generateDeviceKeyPair();
  const signed = signKioskRequest(base, pair.secretKey);
  const fromJson = detect(kioskEnvelopeToJsonText(signed));
  const fromUr = detect(kioskEnvelopeToUr(signed));
  assert.ok(fromJson.ok && fromUr.ok);
  assert.equal(fromJson.request.canonical, fromUr.request.canonical);
  assert.equal(await sha256Hex(fromJson.request.canonical), await sha256Hex(fromUr.request.canonical));
  assert.equal(fromUr.request.signature, 'verified');
  assert.equal(fromUr.request.nonce, base.nonce);
  assert.equal(fromUr.request.expiresAt, '2026-11-19T11:06:40Z');
  assert.match(fromUr.request.formatLabel, /QR.*signed/);
});

test('an altered signed request is refused, in JSON and in CBOR', () => {
  const pair = generateDeviceKeyPair();
  const signed = signKioskRequest(base, pair.secretKey);
  const json = kioskEnvelopeToJson(signed);
  const altered = detect(JSON.stringify({ ...json, license_key: 'ZZZZZ-12345-FGHIJ-67890-KLMNO' }));
  assert.equal(altered.ok, false);
  assert.match((altered as { problem: string }).problem, /signature does not verify/);
  const other = generateDeviceKeyPair();
  const swapped = kioskEnvelopeToUr({ request: { ...signed.request, devicePublicKey: other.publicKey }, signature: signed.signature });
  assert.match((detect(swapped) as { problem: string }).problem, /signature does not verify/);
  const noKey = detect(JSON.stringify({ ...json, device_public_key: undefined }));
  assert.match((noKey as { problem: string }).problem, /device_public_key is missing/);
});

test('non-deterministic CBOR, unknown keys, newer versions and wrong types are refused with FormatError', () => {
  const good = encodeKioskEnvelope({ request: base, signature: null });
  const longForm = Uint8Array.from([0xb9, 0x00, good[0]! & 0x1f, ...good.subarray(1)]);
  assert.throws(() => decodeKioskEnvelope(longForm), (e: unknown) => e instanceof FormatError && /deterministic|not valid/.test(e.message));
  assert.throws(() => decodeKioskEnvelope(Uint8Array.from([0xa1, 0x18, 0x63, 0x01])), /unexpected map key 99/);
  assert.throws(() => decodeKioskEnvelope(Uint8Array.from([0xa1, 0x01, 0x02])), /version 2 is newer/);
  assert.throws(() => decodeKioskEnvelope(Uint8Array.from([0xa2, 0x01, 0x01, 0x02, 0x01])), /kind must be/);
  assert.throws(() => decodeKioskEnvelope(Uint8Array.from([0x83, 0x01, 0x02, 0x03])), /must be a map/);
});

test('a kiosk envelope wrapping a Cryptlex request may leave the licence key out', () => {
  const r: KioskRequest = { kind: 'activate', fingerprint: 'bay-3', nonce: 'nonce-cryptlex', createdAt: 1_795_000_000, vendorRequest: { vendor: 'cryptlex', body: 'aaa.bbb.ccc' } };
  const parsed = detect(kioskEnvelopeToUr({ request: r, signature: null }));
  assert.ok(parsed.ok);
  assert.equal(parsed.request.licenseKey, '');
  assert.equal(parsed.request.needsLicenseKey, true);
  assert.equal(parsed.request.vendorHint, 'cryptlex');
  assert.equal(parsed.request.requestBody, 'aaa.bbb.ccc');
  assert.throws(() => canonicalRequestBytes({ ...r, vendorRequest: undefined }), /license_key is missing/);
});

test('a large request travels as an animated QR and reassembles to identical bytes', () => {
  const big: KioskRequest = { ...base, vendorRequest: { vendor: 'cryptlex', body: `${'A'.repeat(3000)}.${'B'.repeat(1000)}.${'C'.repeat(500)}` } };
  const bytes = encodeKioskEnvelope({ request: big, signature: null });
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor: bytes }, 200);
  assert.ok(encoder.seqLen >= 20);
  const decoder = new UrDecoder('kiosk-request');
  while (!decoder.isComplete) decoder.receivePart(encoder.nextPart());
  assert.deepEqual(decoder.result!.cbor, bytes);
  const parsed = detect(decoder.resultText()!);
  assert.ok(parsed.ok);
  assert.equal(parsed.request.requestBody, big.vendorRequest!.body);
});
