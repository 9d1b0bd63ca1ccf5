// When to try a failed request again. When the server named a time (Retry-After, a rate-limit reset)
// that time is the answer, plus a little jitter so waiting requests do not all go in the same
// millisecond; otherwise exponential backoff with jitter.
const BASE_MS = 5_000;
const CAP_MS = 15 * 60_000;
const SERVER_TIME_JITTER_MS = 250;
/** Even a server that says "retry now" is not asked again within this (a broken one would loop). */
const MIN_SERVER_WAIT_MS = 1_000;

export function nextAttemptAt(now: number, attempts: number, serverRetryAt: number | null, random: () => number = Math.random, baseMs = BASE_MS): number {
  if (serverRetryAt !== null) return Math.max(now + MIN_SERVER_WAIT_MS, serverRetryAt) + SERVER_TIME_JITTER_MS * random();
  const exponential = Math.min(CAP_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return now + exponential * (0.8 + 0.4 * random());
}
