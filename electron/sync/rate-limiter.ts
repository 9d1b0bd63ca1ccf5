// Keeps one connection under its licensing API's rate limit without idling. It learns the window from
// each answer's rate-limit headers (limit, remaining, reset) and from 429s (Retry-After), sends freely
// while the window has room, and waits for the reset only when the room is used up.
// Answers still in flight may or may not be counted in the `remaining` an answer reports, so they are
// subtracted from it: at worst the limiter waits for those answers near the end of a window, and
// never sends a request the server would refuse.
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimit } from '../connectors/types.ts';
import { LaneConcurrency, type CallObservation, type ConcurrencyView } from './lane-concurrency.ts';

export interface RateLimitView {
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
  /** Epoch ms before which nothing is sent (a 429's Retry-After, or a used-up window's reset). */
  waitingUntil: number | null;
  /** How many requests the connection's lane sends at once now, and what that follows. */
  concurrency: ConcurrencyView;
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
  /** The window's length, learned from how far apart consecutive windows' reset times are. */
  private windowMs: number | null = null;
  private stepSeen = false;
  private readonly lane = new LaneConcurrency();
  /** Aborted when sync stops, so no wait for a window outlasts the app. */
  private readonly closing = new AbortController();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
  ) {
    // Every request the lane has waiting listens for the close (up to 16 at once, plus checks).
    setMaxListeners(64, this.closing.signal);
  }

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

  /** One answer arrived (or the request failed): what it said about the window, a 429's retry time, and the call's status and latency. */
  release(rateLimit: RateLimit | null, retryAt: number | null, call?: CallObservation): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (call) this.lane.observe(call);
    if (retryAt !== null) {
      this.blockedUntil = Math.max(this.blockedUntil, retryAt);
      this.remaining = 0;
    }
    if (!rateLimit || rateLimit.resetAt <= this.endedWindow) return;
    if (this.resetAt === null || rateLimit.resetAt > this.resetAt) {
      this.learnWindow(rateLimit.resetAt);
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
    return { limit: this.limit, remaining: this.remaining, resetAt: this.resetAt, waitingUntil: waiting > 0 ? this.now() + waiting : null, concurrency: this.lane.view(this.allowedPerSecond()) };
  }

  /** Requests the lane should have in flight to use the allowed rate at the latency it measures. */
  concurrency(): number {
    return this.lane.current(this.allowedPerSecond());
  }

  private allowedPerSecond(): number | null {
    return this.limit !== null && this.windowMs ? (this.limit * 1000) / this.windowMs : null;
  }

  /**
   * Fixed windows move their reset time by whole windows, so the shortest step seen is the window. Until
   * a second window is seen, the time left in the first one stands in (never longer than the window, so
   * the rate is over- rather than underestimated: the limiter still keeps the calls under the limit).
   */
  private learnWindow(nextResetAt: number): void {
    const previous = this.resetAt ?? (this.endedWindow || null);
    const step = previous === null ? 0 : nextResetAt - previous;
    if (step > 0) {
      this.windowMs = this.stepSeen && this.windowMs !== null ? Math.min(this.windowMs, step) : step;
      this.stepSeen = true;
    } else if (this.windowMs === null) this.windowMs = Math.max(1, nextResetAt - this.now());
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
