// One interface for every licensing API. The sync engine only speaks this; each vendor lives in its
// own folder and turns its HTTP dialect into these outcomes.
import type { ConnectionVendor } from '../../shared/api/contract.ts';
import type { RequestKind } from '../../shared/formats/request.ts';

/** What a connector needs to fulfil one queued request. */
export interface ConnectorRequest {
  id: string;
  kind: RequestKind;
  licenseKey: string;
  deviceId: string;
  deviceLabel: string | null;
  deviceDetails: Record<string, string>;
  /**
   * The device's own request, verbatim, for APIs that take an opaque request file (Cryptlex: the
   * LexActivator offline activation/deactivation request, at most 16,384 characters). Optional: APIs
   * that only need licenseKey + deviceId ignore it.
   */
  requestBody?: string;
  /**
   * A deactivation the engineer asked for without the device (a dead or replaced device's seat return):
   * licence key and device id only, plus what the vendor needs besides (LicenseSpring: `product` in deviceDetails).
   */
  seatReturn?: boolean;
  /** The vendor the request's form must go to, when it says (a relay connection forwards it there). */
  vendor?: ConnectionVendor;
}

/**
 * The verified file the device imports: byte for byte as the vendor sent it, except where a vendor's
 * document carries parts its signature does not cover (the generic connector then exports the
 * document rebuilt from the verified parse, without them).
 */
export interface Artifact {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  /** When the device stops accepting it (ISO time), when the vendor says; null when it never expires. */
  expiresAt?: string | null;
}

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  resetAt: number;
}

/**
 * Paces one connection's HTTP calls (the sync engine's rate limiter): every call waits for `acquire`
 * and reports what its answer said about the rate limit to `release`.
 */
export interface CallGate {
  /** Resolves when the call may go; false when sync has stopped (the call is not made). */
  acquire(): Promise<boolean>;
  /**
   * `retryAt`: a 429's Retry-After (epoch ms); null for any other answer or a failed call. `call`: the
   * answer's status (null: no answer) and how long it took, which sets how many calls go at once.
   */
  release(rateLimit: RateLimit | null, retryAt: number | null, call?: { status: number | null; latencyMs: number }): void;
}

export type Outcome =
  | { ok: true; artifact: Artifact; note: string; rateLimit: RateLimit | null }
  | Failure;

export interface Failure {
  ok: false;
  /** Retryable failures keep the request waiting; permanent ones need the engineer. */
  retryable: boolean;
  /** The vendor's code, or ours (network, timeout, signature_invalid, bad_response). */
  code: string;
  /** One sentence the engineer can act on. Never contains a licence key or a token. */
  message: string;
  /** Epoch milliseconds before which the request must not be retried, when the server said so. */
  retryAt: number | null;
  rateLimit: RateLimit | null;
}

/** The answer to "did the interrupted request take effect on the server?". */
export type Reconciled = Outcome | { ok: false; notApplied: true };

export interface HealthCheck {
  name: string;
  ok: boolean;
  message: string;
  /** The check could not run now (its message says why and when it will); shown as "not run", not as passed or failed. */
  notRun?: boolean;
}

export interface Connector {
  /** Reachability and configuration checks, each with a sentence. */
  health(): Promise<HealthCheck[]>;
  fulfil(request: ConnectorRequest): Promise<Outcome>;
  /** For a request interrupted in flight: find out whether it already took effect, without re-sending it. */
  reconcile(request: ConnectorRequest): Promise<Reconciled>;
}
