// How many requests a connection's lane sends at once: rate × latency when the API's limit is known,
// probing upward one step per round of clean answers when it is not, halved by a 429 or a 5xx, and
// always between 1 and 16. The rate limiter learns the window's length from the reset times.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaneConcurrency, MAX_CONCURRENCY, START_CONCURRENCY } from '../../electron/sync/lane-concurrency.ts';
import { RateLimiter } from '../../electron/sync/rate-limiter.ts';

const ok = (latencyMs: number) => ({ status: 200, latencyMs });

test('an unknown limit: starts at 4 and climbs one step per round of clean answers, up to 16', () => {
  const lane = new LaneConcurrency();
  assert.equal(lane.current(null), START_CONCURRENCY);
  for (let i = 0; i < START_CONCURRENCY; i++) lane.observe(ok(50));
  assert.equal(lane.current(null), START_CONCURRENCY + 1, 'one round of 4 clean answers: one more');
  for (let i = 0; i < 1000; i++) lane.observe(ok(50));
  assert.equal(lane.current(null), MAX_CONCURRENCY);
});

test('a known limit: rate × latency with headroom, bounded', () => {
  const slow = new LaneConcurrency();
  slow.observe(ok(200));
  assert.equal(slow.current(40), 11, '40/s at 200 ms needs 8 in flight; with headroom and one spare: 11');
  const fast = new LaneConcurrency();
  fast.observe(ok(2));
  assert.equal(fast.current(40), 2, 'a fast link needs few');
  const far = new LaneConcurrency();
  far.observe(ok(5000));
  assert.equal(far.current(40), MAX_CONCURRENCY, 'never more than 16');
});

test('a 429 or a 5xx halves what the lane sends at once; it climbs back by one per round', () => {
  const lane = new LaneConcurrency();
  lane.observe(ok(200));
  assert.equal(lane.current(40), 11);
  lane.observe({ status: 429, latencyMs: 200 });
  assert.equal(lane.current(40), 5);
  lane.observe({ status: 503, latencyMs: 200 });
  assert.equal(lane.current(40), 2);
  for (let i = 0; i < 2; i++) lane.observe(ok(200));
  assert.equal(lane.current(40), 3, 'one round (2 clean answers at 2 at once): one step back up');
  for (let i = 0; i < 3; i++) lane.observe(ok(200));
  assert.equal(lane.current(40), 4, 'the next round is 3 answers');
});

test('calls that got no answer say nothing about latency or pressure', () => {
  const lane = new LaneConcurrency();
  lane.observe({ status: null, latencyMs: 30_000 });
  assert.equal(lane.view(40).latencyMs, null);
  assert.equal(lane.current(40), START_CONCURRENCY);
});

test('the rate limiter learns the window from consecutive reset times and sizes the lane from it', () => {
  let now = 10_000_000;
  const limiter = new RateLimiter(() => now);
  const answer = (resetAt: number, remaining: number, latencyMs: number) => limiter.release({ limit: 40, remaining, resetAt }, null, { status: 200, latencyMs });
  answer(now + 300, 39, 200); // 300 ms left in the first window: stands in for the window for now
  assert.equal(limiter.view().concurrency.allowedPerSecond, (40 * 1000) / 300);
  now += 400;
  answer(10_001_300, 39, 200); // the next window resets 1 s after the first
  assert.equal(limiter.view().concurrency.allowedPerSecond, 40);
  assert.equal(limiter.concurrency(), 11);
});
