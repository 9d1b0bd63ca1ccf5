// How many requests one connection's lane sends at once. A fixed number is wrong on both ends: on a
// slow link the lane idles below the API's rate limit (4 at a time at 200 ms is 20/s, whatever the
// limit), and on a fast one extra calls only wait. By Little's law the calls in flight needed to
// reach a rate is rate × latency, so the lane follows the API's own rate (limit per window, learned
// from its rate-limit headers) and the latency it measures. Without a known limit it probes upward
// one step per round of successful calls; a 429 or a 5xx halves what it allows (the server is
// struggling or counting differently), and it climbs back slowly.

export interface CallObservation {
  /** HTTP status, or null when the call failed without an answer. */
  status: number | null;
  latencyMs: number;
}

export interface ConcurrencyView {
  current: number;
  latencyMs: number | null;
  /** Calls per second the API allows, when its rate-limit headers told. */
  allowedPerSecond: number | null;
}

export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 16;
/** Where a lane starts before it has measured anything (the engine's old fixed number). */
export const START_CONCURRENCY = 4;
/** Room above rate × latency, so latency jitter does not leave the limit unused. */
const HEADROOM = 1.25;
/** Weight of the newest latency in the moving average. */
const LATENCY_WEIGHT = 0.2;

export class LaneConcurrency {
  private latency: number | null = null;
  /** The most the lane may send at once after trouble; rises by one per round of clean answers. */
  private ceiling = MAX_CONCURRENCY;
  /** Without a known limit: the probing level, starting where the fixed engine was. */
  private probing = START_CONCURRENCY;
  private cleanInRound = 0;
  /** What the lane was last told to send at once: what a 429 halves. */
  private lastWidth = START_CONCURRENCY;

  /** One call ended: its latency and whether the server pushed back. */
  observe(call: CallObservation): void {
    if (call.status !== null) this.latency = this.latency === null ? call.latencyMs : this.latency + LATENCY_WEIGHT * (call.latencyMs - this.latency);
    if (call.status === 429 || (call.status !== null && call.status >= 500)) {
      this.ceiling = Math.max(MIN_CONCURRENCY, Math.floor(this.lastWidth / 2));
      this.lastWidth = this.ceiling;
      this.probing = Math.min(this.probing, this.ceiling);
      this.cleanInRound = 0;
      return;
    }
    if (call.status === null) return;
    // One step up per round: as many clean answers as calls the lane allows now.
    this.cleanInRound += 1;
    if (this.cleanInRound >= this.lastWidth) {
      this.cleanInRound = 0;
      this.ceiling = Math.min(MAX_CONCURRENCY, this.ceiling + 1);
      this.probing = Math.min(MAX_CONCURRENCY, this.probing + 1);
    }
  }

  /** How many requests the lane sends at once now, given the calls per second the API allows (null: not known). */
  current(allowedPerSecond: number | null): number {
    const wanted = allowedPerSecond !== null && this.latency !== null ? Math.ceil((allowedPerSecond * this.latency * HEADROOM) / 1000) + 1 : this.probing;
    this.lastWidth = clamp(Math.min(wanted, this.ceiling));
    return this.lastWidth;
  }

  view(allowedPerSecond: number | null): ConcurrencyView {
    return { current: this.current(allowedPerSecond), latencyMs: this.latency === null ? null : Math.round(this.latency), allowedPerSecond };
  }
}

const clamp = (n: number) => Math.max(MIN_CONCURRENCY, Math.min(MAX_CONCURRENCY, n));
