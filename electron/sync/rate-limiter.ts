// Keeps one connection under its licensing API's rate limit without idling. It learns the window from
// each answer's rate-limit headers (limit, remaining, reset) and from 429s (Retry-After), sends freely
// while the window has room, and waits for the reset only when the room is used up.
// Answers still in flight may or may not be counted in the `remaining` an answer reports, so they are
// subtracted from it: at worst the limiter waits for those answers near the end of a window, and
// never sends a request the server would refuse.
import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimit } from '../connectors/types.ts';

export interface RateLimitView {
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
  /** Epoch ms before which nothing is sent (a 429's Retry-After, or a used-up window's reset). */
  waitingUntil: number | null;
}

/** Sent a little after the reset, so a server clock a few ms behind ours still counts a new window. */
const RESET_MARGIN_MS = 25;
/** With no reset time known, how long to wait for an answer to say more before trying again. */
const UNKNOWN_RESET_WAIT_MS = 250;

export class RateLimiter {
  private limit: number | null = null;
  private remaining: number | null = null;
  private resetAt: number | null = null;
  /** The reset time of a window that has ended: answers still naming it are stale. */
  private endedWindow = 0;
  private blockedUntil = 0;
  private inFlight = 0;
  /** Aborted when sync stops, so no wait for a window outlasts the app. */
  private readonly closing = new AbortController();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
  ) {}

  /** Waits until one more request may go out, and counts it as in flight; false once sync has stopped. */
  async acquire(): Promise<boolean> {
    if (!(await this.ready())) return false;
    this.inFlight += 1;
    return true;
  }

  /** Waits until the window has room, without taking it (sync waits here before claiming a request). */
  async ready(): Promise<boolean> {
    for (;;) {
      if (this.closing.signal.aborted) return false;
      const wait = this.waitMs();
      if (wait <= 0) return true;
      await this.sleep(wait, this.closing.signal);
    }
  }

  /** Sync stops: waits end at once and nothing more is let through. */
  close(): void {
    this.closing.abort();
  }

  /** One answer arrived (or the request failed): what it said about the window, and a 429's retry time. */
  release(rateLimit: RateLimit | null, retryAt: number | null): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (retryAt !== null) {
      this.blockedUntil = Math.max(this.blockedUntil, retryAt);
      this.remaining = 0;
    }
    if (!rateLimit || rateLimit.resetAt <= this.endedWindow) return;
    if (this.resetAt === null || rateLimit.resetAt > this.resetAt) {
      this.resetAt = rateLimit.resetAt;
      this.remaining = rateLimit.remaining;
    } else if (rateLimit.resetAt === this.resetAt) {
      // Answers of one window can arrive out of order: the lowest count is the latest.
      this.remaining = Math.min(this.remaining ?? rateLimit.remaining, rateLimit.remaining);
    }
    this.limit = rateLimit.limit;
  }

  view(): RateLimitView {
    const waiting = this.waitMs();
    return { limit: this.limit, remaining: this.remaining, resetAt: this.resetAt, waitingUntil: waiting > 0 ? this.now() + waiting : null };
  }

  /** 0 when a request may go now, else how long to wait. */
  private waitMs(): number {
    const now = this.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    if (this.resetAt !== null && now >= this.resetAt + RESET_MARGIN_MS) {
      // The window ended: a fresh one has its full limit (learned again from the next answer).
      this.endedWindow = this.resetAt;
      this.resetAt = null;
      this.remaining = this.limit;
    }
    if (this.remaining === null || this.remaining - this.inFlight > 0) return 0;
    if (this.resetAt !== null) return this.resetAt + RESET_MARGIN_MS - now;
    // Nothing left and no reset known (a 429 without headers after its Retry-After passed): probe with one.
    return this.inFlight > 0 ? UNKNOWN_RESET_WAIT_MS : 0;
  }
}
