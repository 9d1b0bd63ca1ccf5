import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextAttemptAt } from '../../electron/sync/backoff.ts';

test('backoff doubles per attempt, with jitter, up to a cap', () => {
  const now = 1_000_000;
  const at = (attempts: number, random: number) => nextAttemptAt(now, attempts, null, () => random) - now;
  assert.equal(at(1, 0.5), 5_000);
  assert.equal(at(2, 0.5), 10_000);
  assert.equal(at(4, 0.5), 40_000);
  assert.equal(at(1, 0), 4_000);
  assert.equal(at(1, 1), 6_000);
  assert.equal(at(30, 0.5), 15 * 60_000);
});

test("the server's retry time is kept (not the backoff), with a little jitter and a floor of one second", () => {
  assert.equal(nextAttemptAt(0, 1, 90_000, () => 0.5), 90_125);
  assert.equal(nextAttemptAt(0, 4, 2_000, () => 0), 2_000, 'not the 40 s of a fourth attempt');
  assert.equal(nextAttemptAt(0, 1, 0, () => 0), 1_000, '"retry now" waits a second');
});
