// When to try a failed request again: exponential backoff with jitter, never before the server's
// own retry time.
const BASE_MS = 5_000;
const CAP_MS = 15 * 60_000;

export function nextAttemptAt(now: number, attempts: number, serverRetryAt: number | null, random: () => number = Math.random, baseMs = BASE_MS): number {
  const exponential = Math.min(CAP_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.max(now + jittered, serverRetryAt ?? 0);
}
