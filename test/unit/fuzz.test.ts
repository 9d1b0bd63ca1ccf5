// Seeded fuzzing of every parser that reads outside input (the registry in test/fuzz/targets.ts):
// mutated inputs must end in a typed refusal or a result, never another exception, each within 1 s.
// Reproducible: FUZZ_SEED and FUZZ_ROUNDS (inputs in all) override the defaults; `npm run fuzz` runs more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as cborEncode } from 'cborg';
import { replayForm } from '../fuzz/mutate.ts';
import { fuzzTarget, targetSeed } from '../fuzz/run.ts';
import { TARGETS } from '../fuzz/targets.ts';
import { encodeBytewordsMinimal } from '../../shared/qr/bytewords.ts';
import { UrDecoder } from '../../shared/qr/ur.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const TOTAL = Number(process.env.FUZZ_ROUNDS ?? 20_400);
const PER_TARGET = Math.ceil(TOTAL / TARGETS.length);
console.log(`fuzz seed ${SEED}, ${PER_TARGET} inputs for each of ${TARGETS.length} targets`);

for (const target of TARGETS) {
  test(`${target.name}: ${PER_TARGET} mutated inputs end in a typed refusal or a result (seed ${SEED})`, async () => {
    const report = await fuzzTarget(target, targetSeed(SEED, target.name), PER_TARGET);
    assert.equal(report.failure, null, report.failure ? `${report.failure.kind}: ${report.failure.message}; input ${replayForm(report.failure.input).slice(0, 2000)}` : '');
    assert.equal(report.inputs, PER_TARGET);
    assert.equal(report.refused + report.accepted, PER_TARGET);
  });
}

test('hostile multi-part headers (huge seqLen, lying lengths) are refused', () => {
  const frames = [
    [1, 10_000, 1_048_576, 1, new Uint8Array(105)],
    [20_000, 10_000, 10_000, 1, new Uint8Array(1)],
    [1, 2 ** 31, 4, 1, new Uint8Array(2)],
    [1, 1, 2 ** 40, 1, new Uint8Array(2)],
    [1, 3, 10, 1, 'not bytes'],
    [1, 3, 10],
  ];
  for (const f of frames) {
    const decoder = new UrDecoder();
    const result = decoder.receivePart(`ur:bytes/${f[0]}-${f[1]}/${encodeBytewordsMinimal(cborEncode(f))}`);
    assert.equal(result.accepted, false);
  }
});
