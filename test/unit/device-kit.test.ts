// The reference device kit: SPEC.md's test vectors, and checking responses (signature, binding,
// expiry) with every refusal explained.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { checkResponse, generateDeviceKeyPair, makeRequest, requestFrames } from '../../shared/device/kit.ts';
import { responseToUr, type ResponseEnvelope } from '../../shared/formats/response.ts';
import { kioskRequestJsonSchema, kioskEnvelopeFromJson, kioskEnvelopeToUr } from '../../shared/formats/kiosk-request.ts';
import { detect } from '../../shared/formats/request.ts';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { UrDecoder } from '../../shared/qr/ur.ts';
import { formatTime } from '../../shared/i18n/time.ts';
import { buildVectors } from '../device/vectors.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/kiosk-vectors.json', import.meta.url), 'utf8'));
const spec = readFileSync(new URL('../../shared/device/SPEC.md', import.meta.url), 'utf8');

test('the code reproduces the fixture vectors exactly', async () => {
  assert.deepEqual(JSON.parse(JSON.stringify(await buildVectors())), fixture);
});

test('each vector reads back: JSON → canonical bytes, signature, UR, request id; SPEC.md shows them', async () => {
  assert.ok(spec.includes('test/fixtures/kiosk-vectors.json'));
  for (const v of fixture.requests) {
    const envelope = kioskEnvelopeFromJson(kioskRequestJsonSchema.parse(v.json));
    assert.equal(kioskEnvelopeToUr(envelope), v.ur, v.name);
    const parsed = detect(v.ur);
    assert.ok(parsed.ok, v.name);
    assert.equal(parsed.request.canonical, `kiosk-request-v1:${v.canonicalHex}`);
    assert.equal(await sha256Hex(parsed.request.canonical), v.requestId);
    assert.equal(parsed.request.signature, v.signatureHex ? 'verified' : 'unsigned');
    for (const value of [v.canonicalHex, v.ur, v.requestId]) assert.ok(spec.replace(/\s+/g, '').includes(value), `SPEC.md lacks ${v.name}: ${value.slice(0, 20)}…`);
    if (v.signatureHex) assert.ok(spec.replace(/\s+/g, '').includes(v.signatureHex));
  }
  assert.ok(spec.replace(/\s+/g, '').includes(fixture.response.envelopeHex));
});

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signed = (data: Record<string, unknown>) => JSON.stringify({ data, signature: sign('sha256', Buffer.from(canonicalJson(data)), rsa.privateKey).toString('base64') });
const NOW = new Date('2026-11-23T12:00:00Z');
const created = Math.floor(NOW.getTime() / 1000) - 600;

async function setup() {
  const pair = generateDeviceKeyPair();
  const made = await makeRequest(
    { kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: 'a'.repeat(64), nonce: 'nonce-device-1', createdAt: created, expiresAt: created + 86400 },
    pair.secretKey,
  );
  const data = { license_key: 'ABCDE-12345-FGHIJ-67890-KLMNO', machine_id: 'a'.repeat(64), activated_at: '2026-11-23T11:55:00Z', expires_at: '2027-11-23T00:00:00Z', max_activations: 3, status: 'active', valid: true };
  const envelope = (doc: string, patch: Partial<ResponseEnvelope> = {}): string =>
    responseToUr({ requestId: made.requestId, nonce: made.envelope.request.nonce, issuedAt: created + 300, artifact: { fileName: 'activation.json', mediaType: 'application/json', bytes: new TextEncoder().encode(doc) }, ...patch });
  const options = { pending: { requestId: made.requestId, request: made.envelope.request }, vendor: { kind: 'seed004' as const, publicKeyPem: pem }, now: NOW };
  return { made, data, envelope, options };
}

test('a genuine response for this device is accepted, artifact byte for byte', async () => {
  const { data, envelope, options } = await setup();
  const doc = signed(data);
  const result = await checkResponse(envelope(doc), options);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(new TextDecoder().decode(result.bytes), doc);
  assert.equal(result.fileName, 'activation.json');
  assert.equal(result.licenseExpiresAt, '2027-11-23T00:00:00.000Z');
  const bare = await checkResponse(new TextEncoder().encode(doc), options);
  assert.ok(bare.ok);
});

test('refusals say why: tampered, other device, other request, replayed nonce, expired', async () => {
  const { data, envelope, options } = await setup();
  const cases: [string, string, RegExp][] = [
    ['tampered', JSON.stringify({ ...JSON.parse(signed(data)), data: { ...data, max_activations: 99 } }), /vendor signature does not verify/],
    ['other device', signed({ ...data, machine_id: 'b'.repeat(64) }), /about another machine/],
    ['other key', signed({ ...data, license_key: 'ZZZZZ-12345-FGHIJ-67890-KLMNO' }), /another licence key/],
    ['expired licence', signed({ ...data, expires_at: '2026-01-01T00:00:00Z' }), new RegExp(`licence expired at ${formatTime('2026-01-01T00:00:00Z', 'en')}$`)],
    ['future', signed({ ...data, activated_at: '2026-12-30T00:00:00Z' }), /issued in the future/],
    ['not json', 'nope', /not strict JSON/],
  ];
  for (const [name, doc, reason] of cases) {
    const r = await checkResponse(envelope(doc), options);
    assert.equal(r.ok, false, name);
    assert.match((r as { reasons: string[] }).reasons.join('; '), reason, name);
  }
  const other = await checkResponse(envelope(signed(data), { requestId: 'cd'.repeat(32) }), options);
  assert.match((other as { reasons: string[] }).reasons.join(), /answers another request/);
  const replay = await checkResponse(envelope(signed(data), { nonce: 'nonce-older-0' }), options);
  assert.match((replay as { reasons: string[] }).reasons.join(), /nonce does not match/);
  const late = await checkResponse(envelope(signed(data)), { ...options, now: new Date(NOW.getTime() + 3 * 86400_000) });
  assert.match((late as { reasons: string[] }).reasons.join(), /request expired/);
});

test('request frames reassemble into the same request', async () => {
  const { made } = await setup();
  const frames = requestFrames(made, 40, 2);
  assert.ok(frames.length > 5);
  const decoder = new UrDecoder();
  for (const f of frames) decoder.receivePart(f);
  assert.deepEqual(decoder.result!.cbor, made.cbor);
});
