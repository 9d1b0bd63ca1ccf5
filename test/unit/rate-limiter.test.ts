// The per-connection rate limiter, on a hand-driven clock: it sends freely while the window has room,
// counts answers still in flight, waits for the reset when the room is used up, obeys 429s, and lets
// no wait outlast sync.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../electron/sync/rate-limiter.ts';

function clocked() {
  let now = 1_000_000;
  const slept: number[] = [];
  const limiter = new RateLimiter(
    () => now,
    async (ms) => {
      slept.push(ms);
      now += ms;
    },
  );
  return { limiter, slept, advance: (ms: number) => (now += ms), now: () => now };
}

test('unknown limits: requests go at once', async () => {
  const { limiter, slept } = clocked();
  for (let i = 0; i < 10; i++) await limiter.acquire();
  assert.deepEqual(slept, []);
});

test('a used-up window waits for its reset, then the full limit is available again', async () => {
  const { limiter, slept, now } = clocked();
  const resetAt = now() + 5000;
  await limiter.acquire();
  limiter.release({ limit: 3, remaining: 2, resetAt }, null);
  await limiter.acquire();
  await limiter.acquire();
  assert.deepEqual(slept, [], 'two more fit');
  // Both still in flight: the third waits for the window to end.
  const third = limiter.acquire();
  await third;
  assert.equal(slept.length, 1);
  assert.ok(now() >= resetAt, 'waited until the reset');
  limiter.release({ limit: 3, remaining: 1, resetAt }, null);
  limiter.release({ limit: 3, remaining: 0, resetAt }, null);
  // Answers of the ended window do not shrink the new one.
  await limiter.acquire();
  await limiter.acquire();
  assert.equal(slept.length, 1, 'the new window has room for the rest');
});

test('in-flight requests count against what an answer says is left', async () => {
  const { limiter, slept, now } = clocked();
  for (let i = 0; i < 4; i++) await limiter.acquire();
  // The first answer says 3 left, but three others are still in flight.
  limiter.release({ limit: 4, remaining: 3, resetAt: now() + 1000 }, null);
  assert.ok(limiter.view().waitingUntil !== null, 'no room until the others answer');
  limiter.release({ limit: 4, remaining: 2, resetAt: now() + 1000 }, null);
  limiter.release({ limit: 4, remaining: 1, resetAt: now() + 1000 }, null);
  limiter.release({ limit: 4, remaining: 2, resetAt: now() + 1000 }, null); // arrived out of order
  assert.equal(limiter.view().remaining, 1);
  await limiter.acquire();
  assert.deepEqual(slept, []);
});

test('a 429 blocks until its Retry-After', async () => {
  const { limiter, slept, now } = clocked();
  await limiter.acquire();
  limiter.release(null, now() + 2000);
  await limiter.acquire();
  assert.deepEqual(slept, [2000]);
});

test('closing ends a long wait at once: nothing more is let through', async () => {
  const limiter = new RateLimiter(); // the real clock and timers
  assert.equal(await limiter.acquire(), true);
  limiter.release(null, Date.now() + 60_000); // a 429 asking for a minute
  const waiting = limiter.acquire();
  setTimeout(() => limiter.close(), 20);
  assert.equal(await waiting, false, 'the wait ended without letting the request go');
  assert.equal(await limiter.ready(), false);
});
