// Seeded fuzzing of every parser: random bytes, truncations, bit flips, huge lengths, deep nesting
// and wrong types must end in a typed refusal (FormatError/UrError or {ok:false}), never another
// exception, and quickly. Reproducible: FUZZ_SEED and FUZZ_ROUNDS override the defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encode as cborEncode } from 'cborg';
import { checkResponse } from '../../shared/device/kit.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { decodeKioskEnvelope, kioskEnvelopeFromUr } from '../../shared/formats/kiosk-request.ts';
import { detect } from '../../shared/formats/request.ts';
import { decodeResponseEnvelope, responseFromUr } from '../../shared/formats/response.ts';
import { decodeBytewordsMinimal, encodeBytewordsMinimal } from '../../shared/qr/bytewords.ts';
import { UrError } from '../../shared/qr/errors.ts';
import { decodePart } from '../../shared/qr/fountain.ts';
import { parseUrText, UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { seeded } from '../support/seeded.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 400);
const vectors = JSON.parse(readFileSync(new URL('../fixtures/kiosk-vectors.json', import.meta.url), 'utf8'));
const urVectors = JSON.parse(readFileSync(new URL('../fixtures/ur-vectors.json', import.meta.url), 'utf8'));
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

function rng(seed: number) {
  const next = seeded(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(a: readonly T[]) => a[int(a.length)]! };
}

type R = ReturnType<typeof rng>;

function mutateBytes(r: R, input: Uint8Array): Uint8Array {
  const b = Array.from(input);
  switch (r.int(8)) {
    case 0:
      return Uint8Array.from({ length: r.int(300) }, () => r.int(256));
    case 1:
      return input.slice(0, r.int(input.length + 1));
    case 2:
      for (let i = 0, n = 1 + r.int(4); i < n && b.length; i++) b[r.int(b.length)]! ^= 1 << r.int(8);
      return Uint8Array.from(b);
    case 3: // huge declared lengths: byte/text string, array, map with 4- and 8-byte lengths
      b.splice(r.int(b.length + 1), 0, r.pick([0x5a, 0x7a, 0x9a, 0xba, 0x5b, 0x9b]), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0);
      return Uint8Array.from(b);
    case 4: // deep nesting
      return Uint8Array.from([...new Array(r.pick([100, 5000, 100_000])).fill(r.pick([0x81, 0xa1])), 0x00]);
    case 5: // wrong types: a well-formed map of random keys and values of the wrong type
      return cborEncode(new Map<number, unknown>(Array.from({ length: 1 + r.int(17) }, (_, i) => [i + 1, r.pick<unknown>([1, -1, 'x', new Uint8Array(3), [1], true, null, 2 ** 40, 'a'.repeat(600)])])));
    case 6:
      b.splice(r.int(b.length + 1), r.int(4), ...Array.from({ length: r.int(6) }, () => r.int(256)));
      return Uint8Array.from(b);
    default:
      return Uint8Array.from([...b, ...b.slice(0, r.int(b.length))]);
  }
}

function mutateText(r: R, input: string): string {
  switch (r.int(7)) {
    case 0:
      return input.slice(0, r.int(input.length + 1));
    case 1: {
      const i = r.int(input.length);
      return input.slice(0, i) + String.fromCharCode(r.int(0x2000)) + input.slice(i + 1);
    }
    case 2:
      return '['.repeat(r.pick([10, 1000, 200_000])) + ']'.repeat(r.pick([0, 10, 200_000]));
    case 3:
      return `{"license_key":"ABCDE-12345-FGHIJ-67890-KLMNO","machine_id":"${'a'.repeat(64)}","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    case 4:
      return JSON.stringify({ format: 'activation-kiosk/request', version: r.pick([1, '1', 2, null]), kind: r.pick(['activate', 3, []]), license_key: r.pick(['k', 5, {}]), fingerprint: r.pick(['fp', '', 9]), nonce: r.pick(['nonce-0000', 1]), created_at: r.pick(['2026-01-01T00:00:00Z', 0, 'x']) });
    case 5:
      return `ur:kiosk-request/${encodeBytewordsMinimal(mutateBytes(r, unhex(r.pick(vectors.requests as { envelopeHex: string }[]).envelopeHex)))}`;
    default:
      return Buffer.from(mutateBytes(r, new TextEncoder().encode(input))).toString(r.pick(['latin1', 'base64', 'utf8'] as const));
  }
}

const typed = (e: unknown) => e instanceof FormatError || e instanceof UrError;

function expectTypedOrOk(name: string, fn: () => unknown, input: unknown) {
  const start = performance.now();
  try {
    fn();
  } catch (e) {
    assert.ok(typed(e), `${name} threw ${(e as Error)?.name}: ${(e as Error)?.message} for ${String(input).slice(0, 120)}`);
  }
  const ms = performance.now() - start;
  assert.ok(ms < 2000, `${name} took ${ms.toFixed(0)} ms`);
}

const textCorpus: string[] = [
  ...vectors.requests.map((v: { ur: string }) => v.ur),
  ...vectors.requests.map((v: { json: unknown }) => JSON.stringify(v.json)),
  vectors.keygenQr,
  vectors.response.ur,
  'eyJ2IjoxfQ.cGF5bG9hZA.c2ln',
  '{"license_key":"ABCDE-12345-FGHIJ-67890-KLMNO","machine_id":"' + 'a'.repeat(64) + '"}',
  ...urVectors.urEncoder256x30,
];
const byteCorpus: Uint8Array[] = [...vectors.requests.map((v: { envelopeHex: string }) => unhex(v.envelopeHex)), unhex(vectors.response.envelopeHex), ...urVectors.fountainEncoderCbor256x30.map(unhex)];

test(`detect() never throws on mutated text (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  const r = rng(SEED);
  for (let i = 0; i < ROUNDS; i++) {
    const input = mutateText(r, r.pick(textCorpus));
    const start = performance.now();
    const result = detect(input);
    assert.equal(typeof result.ok, 'boolean');
    if (!result.ok) assert.ok(result.problem.length > 0);
    assert.ok(performance.now() - start < 2000);
  }
});

test(`binary readers refuse mutated CBOR with typed errors (seed ${SEED})`, () => {
  const r = rng(SEED + 1);
  for (let i = 0; i < ROUNDS; i++) {
    const input = mutateBytes(r, r.pick(byteCorpus));
    expectTypedOrOk('decodeKioskEnvelope', () => decodeKioskEnvelope(input), Buffer.from(input).toString('hex'));
    expectTypedOrOk('decodeResponseEnvelope', () => decodeResponseEnvelope(input), Buffer.from(input).toString('hex'));
    expectTypedOrOk('decodePart', () => decodePart(input), Buffer.from(input).toString('hex'));
  }
});

test(`UR text readers and the multi-part decoder survive mutated frames (seed ${SEED})`, () => {
  const r = rng(SEED + 2);
  const decoder = new UrDecoder();
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor: unhex(vectors.requests[1].envelopeHex) }, 30);
  for (let i = 0; i < ROUNDS; i++) {
    const good = encoder.nextPart();
    const input = r.next() < 0.5 ? mutateText(r, good) : good;
    expectTypedOrOk('parseUrText', () => parseUrText(input), input);
    expectTypedOrOk('kioskEnvelopeFromUr', () => kioskEnvelopeFromUr(input), input);
    expectTypedOrOk('responseFromUr', () => responseFromUr(input), input);
    expectTypedOrOk('decodeBytewordsMinimal', () => decodeBytewordsMinimal(input.split('/').pop() ?? ''), input);
    const res = decoder.receivePart(input);
    assert.equal(typeof res.accepted, 'boolean');
  }
});

test('hostile multi-part headers (huge seqLen, lying lengths) are refused fast', () => {
  const frames = [
    [1, 10_000, 1_048_576, 1, new Uint8Array(105)],
    [20_000, 10_000, 10_000, 1, new Uint8Array(1)],
    [1, 2 ** 31, 4, 1, new Uint8Array(2)],
    [1, 1, 2 ** 40, 1, new Uint8Array(2)],
    [1, 3, 10, 1, 'not bytes'],
    [1, 3, 10],
  ];
  const decoder = new UrDecoder();
  for (const f of frames) {
    const text = `ur:bytes/${f[0]}-${f[1]}/${encodeBytewordsMinimal(cborEncode(f))}`;
    const start = performance.now();
    decoder.receivePart(text);
    assert.ok(performance.now() - start < 2000);
  }
});

test('checkResponse refuses mutated responses with reasons, never throws', async () => {
  const r = rng(SEED + 3);
  const v = vectors.requests[1];
  const pending = { requestId: v.requestId, request: decodeKioskEnvelope(unhex(v.envelopeHex)).request };
  for (let i = 0; i < 60; i++) {
    const input = r.next() < 0.5 ? mutateText(r, vectors.response.ur) : mutateBytes(r, new TextEncoder().encode(vectors.response.input.artifact.bytesUtf8));
    const result = await checkResponse(input, { pending, vendor: { kind: 'seed004', publicKeyPem: 'not a pem' }, now: new Date('2026-11-18T12:00:00Z') });
    assert.equal(result.ok, false);
  }
});
