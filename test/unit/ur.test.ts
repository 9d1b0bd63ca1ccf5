// BC-UR: the published test vectors, and round trips with lost frames.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encode as cborEncode } from 'cborg';
import { decodeBytewordsMinimal, decodeBytewordsStandard, encodeBytewordsMinimal, encodeBytewordsStandard } from '../../shared/qr/bytewords.ts';
import { crc32 } from '../../shared/qr/crc32.ts';
import { chooseDegree, chooseFragments, encodePart, findNominalFragmentLength, FountainEncoder, partitionMessage } from '../../shared/qr/fountain.ts';
import { decodeSinglePartUr, encodeSinglePartUr, parseUrText, UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { Xoshiro256 } from '../../shared/qr/xoshiro.ts';
import { seeded } from '../support/seeded.ts';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/ur-vectors.json', import.meta.url), 'utf8'));
const te = new TextEncoder();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const makeMessage = (len: number, seed = 'Wolf') => new Xoshiro256(te.encode(seed)).nextData(len);
const bytesUr = (len: number) => ({ type: 'bytes', cbor: cborEncode(makeMessage(len)) });

test('crc32 vectors', () => {
  for (const [input, expected] of vectors.crc32) assert.equal(crc32(te.encode(input)).toString(16), expected);
});

test('bytewords vectors, both styles, and checksum refusal', () => {
  for (const v of vectors.bytewords) {
    assert.equal(encodeBytewordsMinimal(unhex(v.hex)), v.minimal);
    assert.equal(hex(decodeBytewordsMinimal(v.minimal.toUpperCase())), v.hex);
    if (v.standard) {
      assert.equal(encodeBytewordsStandard(unhex(v.hex)), v.standard);
      assert.equal(hex(decodeBytewordsStandard(v.standard)), v.hex);
    }
  }
  assert.throws(() => decodeBytewordsMinimal('aeadaolazmjendeowf'), /checksum/);
  assert.throws(() => decodeBytewordsMinimal('wolf'), /too short|not a byteword/);
});

test('Xoshiro256** vectors', () => {
  const rng = new Xoshiro256(te.encode('Wolf'));
  assert.deepEqual(Array.from({ length: 100 }, () => Number(rng.next() % 100n)), vectors.rngMod100);
  const rng2 = new Xoshiro256(te.encode('Wolf'));
  assert.deepEqual(Array.from({ length: 100 }, () => rng2.nextInt(1, 10)), vectors.rngNextInt1to10);
  assert.equal(hex(new Xoshiro256(te.encode('Wolf')).nextData(10)), '916ec65cf77cadf55cd7');
});

test('fragment length, degrees and fragment choice vectors', () => {
  for (const [len, min, max, expected] of vectors.findNominalFragmentLength) assert.equal(findNominalFragmentLength(len, min, max), expected);
  const message = makeMessage(1024);
  const fragmentLen = findNominalFragmentLength(message.length, 10, 100);
  const fragments = partitionMessage(message, fragmentLen);
  const degrees = Array.from({ length: 200 }, (_, i) => chooseDegree(fragments.length, new Xoshiro256(te.encode(`Wolf-${i + 1}`))));
  assert.deepEqual(degrees, vectors.chooseDegreeWolfN);
  const checksum = crc32(message);
  assert.deepEqual(
    Array.from({ length: 30 }, (_, i) => chooseFragments(i + 1, fragments.length, checksum)),
    vectors.chooseFragments1024,
  );
});

test('fountain encoder parts (CBOR) vectors', () => {
  const encoder = new FountainEncoder(makeMessage(256), 30);
  assert.deepEqual(
    Array.from({ length: 20 }, () => hex(encodePart(encoder.nextPart()))),
    vectors.fountainEncoderCbor256x30,
  );
});

test('UR encoder: single part and multi-part vectors, upper case', () => {
  assert.equal(encodeSinglePartUr(bytesUr(50)), vectors.singlePartUr50.toUpperCase());
  assert.equal(new UrEncoder(bytesUr(50), 9999).nextPart(), vectors.singlePartUr50.toUpperCase());
  const encoder = new UrEncoder(bytesUr(256), 30);
  assert.deepEqual(
    Array.from({ length: 20 }, () => encoder.nextPart()),
    vectors.urEncoder256x30.map((s: string) => s.toUpperCase()),
  );
});

test('UR decoder reads the published frames and a part whose CRC has a leading zero', () => {
  const decoder = new UrDecoder();
  for (const part of vectors.urEncoder256x30) {
    decoder.receivePart(part);
    if (decoder.isComplete) break;
  }
  assert.ok(decoder.isSuccess);
  assert.deepEqual(decoder.result?.cbor, bytesUr(256).cbor);
  const d2 = new UrDecoder();
  assert.equal(d2.receivePart(vectors.shortCrcPart).accepted, true);
  assert.deepEqual(decodeSinglePartUr(vectors.singlePartUr50).cbor, bytesUr(50).cbor);
});

test('round trip through 20+ frames with 30 % of frames dropped at random (20 seeded runs)', () => {
  for (let run = 0; run < 20; run++) {
    const random = seeded(1000 + run);
    const message = makeMessage(2000 + run * 37, `run-${run}`);
    const ur = { type: 'kiosk-request', cbor: message };
    const encoder = new UrEncoder(ur, 80);
    assert.ok(encoder.seqLen >= 20, `seqLen ${encoder.seqLen}`);
    const decoder = new UrDecoder('kiosk-request');
    let sent = 0;
    while (!decoder.isComplete) {
      const frame = encoder.nextPart();
      sent++;
      assert.ok(sent < encoder.seqLen * 10, 'decoding must complete');
      if (random() < 0.3) continue;
      const r = decoder.receivePart(run % 2 ? frame.toLowerCase() : frame);
      assert.equal(r.accepted, true, 'reason' in r ? r.reason : '');
    }
    assert.ok(decoder.isSuccess);
    assert.deepEqual(decoder.result!.cbor, message);
    assert.deepEqual(decodeSinglePartUr(decoder.resultText()!).cbor, message);
  }
});

test('frames shuffled into any order (and lower case) still decode', () => {
  const random = seeded(77);
  const message = makeMessage(3000, 'shuffle');
  const encoder = new UrEncoder({ type: 'bytes', cbor: message }, 100);
  const frames = Array.from({ length: encoder.seqLen * 3 }, () => encoder.nextPart());
  for (let i = frames.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [frames[i], frames[j]] = [frames[j]!, frames[i]!];
  }
  const decoder = new UrDecoder();
  for (const f of frames) if (!decoder.isComplete) decoder.receivePart(f.toLowerCase());
  assert.ok(decoder.isSuccess);
  assert.deepEqual(decoder.result!.cbor, message);
});

test('decoder reports foreign, malformed and duplicate frames without dropping progress', () => {
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor: makeMessage(600) }, 50);
  const other = new UrEncoder({ type: 'kiosk-request', cbor: makeMessage(700, 'other') }, 50);
  const decoder = new UrDecoder();
  const first = encoder.nextPart();
  assert.equal(decoder.receivePart(first).accepted, true);
  const before = decoder.progress;
  const foreign = decoder.receivePart(other.nextPart());
  assert.equal(foreign.accepted, false);
  assert.match((foreign as { reason: string }).reason, /another code/);
  assert.equal(decoder.receivePart('UR:BYTES/1-2/LPAD').accepted, false);
  assert.equal(decoder.receivePart('hello').accepted, false);
  assert.equal(decoder.receivePart(first).accepted, true);
  assert.equal(decoder.progress, before);
  while (!decoder.isComplete) decoder.receivePart(encoder.nextPart());
  assert.ok(decoder.isSuccess);
});

test('parseUrText refuses malformed UR strings with reasons', () => {
  for (const [text, reason] of [
    ['ur:', /not a UR type/],
    ['ur:Bad_Type/aeadaolazmjendeoti', /not a UR type/],
    ['ur:bytes/0-3/aeadaolazmjendeoti', /sequence/],
    ['ur:bytes/1-2/3/x', /form/],
    ['http://x', /must start with/],
  ] as const) {
    assert.throws(() => parseUrText(text), reason);
  }
  assert.throws(() => decodeSinglePartUr(vectors.urEncoder256x30[0]), /frame 1 of an animated QR code of 9 frames/);
});
