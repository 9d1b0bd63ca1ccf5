// The camera's UR assembler: progress, losses, unrelated codes in view, and a second message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UrAssembler } from '../../renderer/src/camera/ur-assembler.ts';
import { UrEncoder } from '../../shared/qr/ur.ts';
import { seeded } from '../support/seeded.ts';

function frames(seed: number, bytes: number, fragment: number, count: number) {
  const random = seeded(seed);
  const cbor = Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256));
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor }, fragment);
  return { seqLen: encoder.seqLen, frames: Array.from({ length: count }, () => encoder.nextPart()), single: new UrEncoder({ type: 'kiosk-request', cbor }, 1_000_000).nextPart() };
}

test('single codes and non-UR texts pass straight through', () => {
  const assembler = new UrAssembler();
  assert.deepEqual(assembler.receive('eyJrZXkiOiJBQkMifQ=='), { kind: 'message', text: 'eyJrZXkiOiJBQkMifQ==', parts: 1 });
  const { single } = frames(1, 40, 1000, 1);
  assert.deepEqual(assembler.receive(single), { kind: 'message', text: single, parts: 1 });
});

test('an animated code completes with a third of its frames missing, an unrelated code in between', () => {
  const a = frames(2, 2600, 100, 120);
  assert.ok(a.seqLen >= 20);
  const assembler = new UrAssembler();
  let last = null;
  let steps = 0;
  for (const [i, frame] of a.frames.entries()) {
    if (i % 3 === 1) continue;
    if (i === 10) assert.equal(assembler.receive('an unrelated code').kind, 'message');
    const step = assembler.receive(frame);
    steps++;
    if (step.kind === 'progress') {
      assert.equal(step.progress.total, a.seqLen);
      assert.ok(step.progress.percent >= 0 && step.progress.percent < 100);
    }
    if (step.kind === 'message') {
      last = step;
      break;
    }
  }
  assert.ok(last, `complete after ${steps} frames`);
  assert.equal(last.text, a.single);
  assert.equal(last.parts, a.seqLen);
  assert.equal(assembler.receive(a.frames[0]!).kind, 'ignored', 'the looping animation does not capture it again');
  // A capture that never reached the kiosk service: the next pass of the animation assembles it again.
  assembler.forget(last.text);
  const again = a.frames.map((f) => assembler.receive(f)).find((step) => step.kind === 'message');
  assert.deepEqual(again, { kind: 'message', text: a.single, parts: a.seqLen });
});

test('two animated codes interleaved both complete; reset starts clean', () => {
  const a = frames(3, 1500, 100, 80);
  const b = frames(4, 1300, 100, 80);
  const assembler = new UrAssembler();
  const done: string[] = [];
  for (let i = 0; i < 80; i++) {
    for (const f of [a.frames[i]!, b.frames[i]!]) {
      const step = assembler.receive(f);
      if (step.kind === 'message') done.push(step.text);
    }
  }
  assert.deepEqual(done.sort(), [a.single, b.single].sort());
  assembler.reset();
  const step = assembler.receive(a.frames[0]!);
  assert.equal(step.kind, 'progress');
  if (step.kind === 'progress') assert.deepEqual(step.progress, { received: 1, total: a.seqLen, percent: Math.floor(100 / a.seqLen) });
});
