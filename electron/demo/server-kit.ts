// Pieces every licence server of ours shares (the demo service that ships in the app, and the
// Keygen and Cryptlex test servers): fault switches, a fixed-window rate limiter, a capped body
// reader and listen/close helpers. The fault switches stay off in the demo; tests turn them on.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Run-time fault switches; each server applies them to its API routes only (never to health). */
export interface Faults {
  /** Delay before each answer. */
  latencyMs: number;
  /** Answer the next n requests with this status (503 by default) without touching state, with Retry-After when given. */
  failNext(n: number, status?: number, retryAfterSeconds?: number): void;
  /** Destroy the socket of the next n requests, before or after the change is committed. */
  dropNext(n: number, when?: 'before' | 'after'): void;
  /** Corrupt the next n signed answers (what "signature" / "data" means is up to each server). */
  tamperNext(n: number, how?: 'signature' | 'data'): void;
  /** Answer the next n requests with 429 (the server's own 429 body and headers), as a burst would. */
  throttleNext(n: number, retryAfterSeconds?: number): void;
  reset(): void;
}

export class FaultSwitches implements Faults {
  latencyMs = 0;
  private fail = { left: 0, status: 503, retryAfter: null as number | null };
  private drop = { left: 0, when: 'before' as 'before' | 'after' };
  private tamper = { left: 0, how: 'signature' as 'signature' | 'data' };
  private throttle = { left: 0, retryAfter: 1 };

  failNext(n: number, status = 503, retryAfterSeconds?: number): void {
    this.fail = { left: n, status, retryAfter: retryAfterSeconds ?? null };
  }
  dropNext(n: number, when: 'before' | 'after' = 'before'): void {
    this.drop = { left: n, when };
  }
  tamperNext(n: number, how: 'signature' | 'data' = 'signature'): void {
    this.tamper = { left: n, how };
  }
  throttleNext(n: number, retryAfterSeconds = 1): void {
    this.throttle = { left: n, retryAfter: retryAfterSeconds };
  }
  reset(): void {
    this.latencyMs = 0;
    this.failNext(0);
    this.dropNext(0);
    this.tamperNext(0);
    this.throttleNext(0);
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
  /** The status (and Retry-After header, if any) to fail this request with, else null. */
  takeFail(): { status: number; headers: Record<string, string> } | null {
    if (this.fail.left <= 0) return null;
    this.fail.left -= 1;
    return { status: this.fail.status, headers: this.fail.retryAfter === null ? {} : { 'Retry-After': String(this.fail.retryAfter) } };
  }
  takeDrop(): 'before' | 'after' | null {
    if (this.drop.left <= 0) return null;
    this.drop.left -= 1;
    return this.drop.when;
  }
  takeTamper(): 'signature' | 'data' | null {
    if (this.tamper.left <= 0) return null;
    this.tamper.left -= 1;
    return this.tamper.how;
  }
  /** Seconds to put in Retry-After when this request is to be throttled, else null. */
  takeThrottle(): number | null {
    if (this.throttle.left <= 0) return null;
    this.throttle.left -= 1;
    return this.throttle.retryAfter;
  }
}

export interface WindowResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  windowSeconds: number;
  /** Epoch seconds when the window resets. */
  resetSeconds: number;
  retryAfterSeconds: number;
}

/** A fixed window per client (address, or address + credential). */
export class FixedWindow {
  private readonly counts = new Map<string, number>();
  private windowStart = Number.NaN;

  constructor(private readonly config: { limit: number; windowMs: number }) {}

  take(client: string, now: number): WindowResult {
    const { limit, windowMs } = this.config;
    const start = Math.floor(now / windowMs) * windowMs;
    if (start !== this.windowStart) {
      this.counts.clear();
      this.windowStart = start;
    }
    const count = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, count);
    const resetMs = start + windowMs;
    return {
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      windowSeconds: Math.round(windowMs / 1000),
      resetSeconds: Math.ceil(resetMs / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)),
    };
  }
}

/** Reads at most maxBytes; null when the body is larger. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > maxBytes) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Close and listen again on the same port, keeping everything else ("server down, then up"). */
  restart(): Promise<void>;
}

/** Listens on 127.0.0.1 with a handler whose thrown errors become 500s (or a dropped socket). */
export async function runServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
        res.end('{"errors":[{"title":"Internal server error"}]}');
      } else res.destroy();
    });
  };
  let server = createServer(handler);
  const bound = await listenOn(server, port, host);
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    close,
    async restart() {
      await close();
      server = createServer(handler);
      await listenOn(server, bound, host);
    },
  };
}
