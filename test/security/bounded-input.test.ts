// Hostile input costs bounded work: a paste of "{\n" 40,000 times is split in linear time, hostile
// animated-QR frames cost a bounded amount of work and memory per frame (and in a paste, in all),
// frames claiming absurd sizes are refused, and a licence document nested 100,000 levels deep is
// refused with a sentence instead of overflowing the stack.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encode as cborEncode } from 'cborg';
import { splitPastedText } from '../../renderer/src/capture/paste-text.ts';
import { checkResponse } from '../../shared/device/kit.ts';
import { decodeKioskEnvelope } from '../../shared/formats/kiosk-request.ts';
import { encodeBytewordsMinimal } from '../../shared/qr/bytewords.ts';
import { UrError } from '../../shared/qr/errors.ts';
import * as fountain from '../../shared/qr/fountain.ts';
import { seeded } from '../support/seeded.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The fastest of a few runs, each after a garbage collection (so pauses of a busy machine do not count), in ms; stops at one under `enough`. */
function fastest(fn: () => void, runs: number, enough = 0): number {
  let best = Infinity;
  for (let i = 0; i < runs && best >= enough; i++) {
    collectGarbage();
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

test('a paste of "{\\n" 40,000 times is split in linear time and refused with a sentence', { timeout: 120_000 }, () => {
  const paste = (n: number) => '{\n'.repeat(n);
  splitPastedText(paste(5_000)); // warm up
  // Four times the input: linear work takes about 4 times as long, the old quadratic splitter 16 times
  // (about 1.3 s for 20,000 lines and 21 s for 80,000 on this machine).
  // A few ms are noise on a loaded machine: growth counts only beyond 250 ms (the old splitter took 21 s).
  const small = Math.max(fastest(() => splitPastedText(paste(20_000)), 5), 1);
  const bound = Math.max(small * 10, 250);
  const large = fastest(() => splitPastedText(paste(80_000)), 3, bound);
  assert.ok(large < bound, `80,000 lines took ${large.toFixed(1)} ms, 20,000 took ${small.toFixed(1)} ms: more than linear growth`);
  const pieces = splitPastedText(paste(40_000));
  assert.equal(pieces.length, 1);
  assert.equal(pieces[0]!.kind, 'problem');
  assert.match(pieces[0]!.kind === 'problem' ? pieces[0]!.message : '', /more than 2,000 separate pieces\. Paste fewer requests at a time/);
});

// The worst case found for the old decoder: the largest code it takes (1,024 fragments of 64 bytes)
// and frames that only ever mix fragments, so every frame was compared with every stored mix and
// stored for good (within 2,500 frames, single frames took over 1 s, and memory grew with each frame).
const SEQ_LEN = 1024;
const FRAGMENT = 64;
function hostileParts(count: number): Uint8Array[] {
  const random = seeded(11);
  return Array.from({ length: count }, (_, k) =>
    cborEncode([SEQ_LEN + 1 + k, SEQ_LEN, SEQ_LEN * FRAGMENT, 0x5eed, Uint8Array.from({ length: FRAGMENT }, () => Math.floor(random() * 256))]),
  );
}

test('hostile animated-QR frames cost bounded work and memory per frame', { timeout: 120_000 }, () => {
  const { WORK_PER_PART, MIXED_PARTS_SLACK } = fountain;
  const decoder = new fountain.FountainDecoder();
  let mostWork = 0;
  let mostBytes = 0;
  for (const bytes of hostileParts(2500)) {
    decoder.receivePart(fountain.decodePart(bytes));
    mostWork = Math.max(mostWork, decoder.lastPartWork);
    mostBytes = Math.max(mostBytes, decoder.retainedBytes);
  }
  // One reduction may finish past the budget; never more than one more budget's worth.
  assert.ok(mostWork <= 2 * WORK_PER_PART, `a frame cost ${mostWork} work units (budget ${WORK_PER_PART})`);
  // Fragments known plus mixes kept: at most (3 seqLen + slack) fragments, about three times the message.
  assert.ok(mostBytes <= (3 * SEQ_LEN + MIXED_PARTS_SLACK) * FRAGMENT, `the decoder held ${mostBytes} bytes for a ${SEQ_LEN * FRAGMENT}-byte message`);
});

test('a paste of hostile animated-QR frames is refused within its work budget', { timeout: 120_000 }, () => {
  const lines = hostileParts(2500).map((bytes, k) => `ur:kiosk-request/${SEQ_LEN + 1 + k}-${SEQ_LEN}/${encodeBytewordsMinimal(bytes)}`);
  const pieces = splitPastedText(lines.join('\n'));
  assert.equal(pieces.length, 1);
  assert.equal(pieces[0]!.kind, 'problem');
  assert.match(pieces[0]!.kind === 'problem' ? pieces[0]!.message : '', /more work to assemble than any real code does/);
});

test('frames claiming more fragments, a longer message or a larger part than any kiosk code are refused', () => {
  const claims: [string, unknown[]][] = [
    ['10,000 fragments', [10_001, 10_000, 10_000, 1, new Uint8Array(1)]],
    ['a 1 MiB message', [1, 256, 1_048_576, 1, new Uint8Array(4096)]],
    ['a 60 KiB fragment', [1, 1, 61_440, 1, new Uint8Array(61_440)]],
  ];
  for (const [what, part] of claims) assert.throws(() => fountain.decodePart(cborEncode(part)), UrError, what);
});

test('a licence document nested 100,000 levels deep is refused with a sentence, not a stack overflow', async () => {
  const vectors = JSON.parse(readFileSync(new URL('../fixtures/kiosk-vectors.json', import.meta.url), 'utf8'));
  const v = vectors.requests[1];
  const pending = { requestId: v.requestId, request: decodeKioskEnvelope(new Uint8Array(Buffer.from(v.envelopeHex, 'hex'))).request };
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const deep = `{"data":{"machine_id":"x","n":${'['.repeat(100_000)}${']'.repeat(100_000)}},"signature":"AAAA"}`;
  const result = await checkResponse(deep, { pending, vendor: { kind: 'seed004', publicKeyPem: pem }, now: new Date('2026-11-20T12:00:00Z') });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reasons.join(' '), /nested more than \d+ levels/);
});
