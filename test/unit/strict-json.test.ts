import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { parseStrictJson, parseStrictJsonBytes, StrictJsonError } from '../../shared/crypto/strict-json.ts';
import { seeded } from '../support/seeded.ts';

const refuses = (text: string, reason: RegExp) => assert.throws(() => parseStrictJson(text), (e: unknown) => e instanceof StrictJsonError && reason.test(e.message), text);

test('reads what JSON.parse reads, value for value', () => {
  const docs = [
    '{"data":{"license_key":"ABCDE-12345","machine_id":"ab","n":[1,-2,3.5,1e-7,null,true,false]},"signature":"x=="}',
    ' [ "a\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t", {} , [] ] ',
    '"\\ud83d\\ude00 and a lone \\ud800"',
    '0',
    '-12.25',
    '{"a":{"b":{"c":{}}}}',
  ];
  for (const doc of docs) assert.deepEqual(parseStrictJson(doc), JSON.parse(doc));
});

test('round-trips random documents made by JSON.stringify', () => {
  const next = seeded(7);
  const gen = (depth: number): unknown => {
    const r = next();
    if (depth > 4 || r < 0.3) return [null, true, false, Math.round(next() * 1e6) - 5e5, next() * 100, `s${String.fromCharCode(Math.floor(next() * 0x3000))}"\\`][Math.floor(next() * 6)];
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => gen(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}${Math.floor(next() * 9)}`, gen(depth + 1)]));
  };
  for (let i = 0; i < 500; i++) {
    const text = JSON.stringify(gen(0));
    assert.equal(canonicalJson(parseStrictJson(text)), canonicalJson(JSON.parse(text)));
  }
});

test('refuses what would make the exported bytes differ from what was signed', () => {
  refuses('{"a":1,"a":2}', /appears twice/);
  refuses('{"data":{"x":1},"data":{"x":2}}', /"data" appears twice/);
  refuses('{"__proto__":{"valid":true}}', /"__proto__" is not allowed/);
  refuses('{"a":{"constructor":1}}', /"constructor" is not allowed/);
  refuses('{"prototype":1}', /not allowed/);
  refuses('{"n":9007199254740993}', /does not survive a round trip/);
  refuses('{"n":1.0}', /round trip/);
  refuses('{"n":1e3}', /round trip/);
  refuses('-0', /round trip/);
  refuses('1e400', /round trip/);
});

test('refuses text outside the grammar', () => {
  for (const bad of ['', '{', '{"a" 1}', '{"a":1,}', '[1,]', '[01]', '{a:1}', "'x'", '"\u0001"', '"\\x41"', '"\\u12g4"', 'nul', 'true false', 'NaN', '+1', '.5', '1.', '{"a":1}x']) {
    assert.throws(() => parseStrictJson(bad), StrictJsonError, JSON.stringify(bad));
  }
});

test('bounded: depth and length limits, invalid UTF-8 and a byte-order mark refused', () => {
  assert.throws(() => parseStrictJson('['.repeat(100) + ']'.repeat(100)), /nested more than 64 levels deep/);
  assert.deepEqual(parseStrictJson('[[1]]', { maxDepth: 2 }), [[1]]);
  assert.throws(() => parseStrictJson('"' + 'a'.repeat(100) + '"', { maxLength: 50 }), /longer than 50/);
  assert.throws(() => parseStrictJsonBytes(new Uint8Array([0x22, 0xff, 0x22])), /not valid UTF-8/);
  assert.throws(() => parseStrictJsonBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x31])), StrictJsonError);
  assert.equal(parseStrictJsonBytes(new TextEncoder().encode('"é"')), 'é');
});
