// The relay's HTTP(S) transport: JSON calls from kiosks (enrolment unsigned, everything else signed by
// the kiosk's enrolled key) and the operator's read-only page. Every refusal is JSON with a sentence.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { isDbUnavailable } from './db.ts';
import type { PeopleStore } from './people-store.ts';
import { RefusedError, type Caller, type RelayService } from './relay-service.ts';
import { checkCall, REPLAY_WINDOW_SECONDS } from './signed-call.ts';
import { enrolBody, submitBody } from './wire.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export interface RelayServerOptions {
  service: RelayService;
  people: PeopleStore;
  /** Serves HTTPS with these; without them, plain HTTP (for loopback behind a TLS proxy). */
  tls?: { cert: string; key: string };
  host: string;
  port: number;
  /** Extra GET routes (the operator page), answered before the kiosk calls. */
  pages?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
}

export interface RelayServer {
  url: string;
  close(): Promise<void>;
}

class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new CallError(413, 'too_large', `The call is larger than the relay accepts (${MAX_BODY_BYTES / 1024} KB).`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parse<T extends z.ZodType>(schema: T, body: Buffer): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CallError(400, 'bad_request', 'The call is not JSON; update the kiosk.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CallError(400, 'bad_request', `The call is not one the relay understands (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message}); update the kiosk.`);
  return parsed.data;
}

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const { service, people } = options;

  /** The enrolled kiosk behind a signed call, read afresh so a revocation takes effect on this very call. */
  async function authenticate(req: http.IncomingMessage, path: string, body: Buffer): Promise<Caller> {
    let caller: Caller | null = null;
    const check = await checkCall(req.headers, { method: req.method ?? '', path, body }, async (kioskId) => {
      caller = await people.caller(kioskId);
      return caller?.kiosk.publicKey ?? null;
    });
    if (!check.ok) throw new CallError(401, 'relay_auth', check.message);
    const found = caller as Caller | null;
    if (!found) throw new CallError(401, 'relay_auth', 'This kiosk is not enrolled with the relay; connect it again with a new enrolment code from your relay operator.');
    if (found.kiosk.revoked) throw new CallError(401, 'relay_revoked', 'The relay operator revoked this kiosk; ask them for a new enrolment code.');
    if (found.engineer.revoked) throw new CallError(401, 'relay_revoked', `The relay operator revoked the engineer "${found.engineer.name}"; ask them for a new enrolment code.`);
    if (!(await people.spendNonce(found.kiosk.id, check.nonce, REPLAY_WINDOW_SECONDS))) throw new CallError(401, 'relay_replay', 'The relay has already seen this exact call (a replay); it was refused.');
    return found;
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://relay');
    if (req.method === 'GET' && options.pages && (await options.pages(req, res))) return;
    const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    if (req.method === 'POST' && url.pathname === '/v1/enrol') {
      const input = parse(enrolBody, body);
      try {
        return send(res, 200, await service.enrol(input.code, input.publicKey, input.label));
      } catch (error) {
        if (error instanceof RefusedError) throw new CallError(403, 'relay_enrolment', error.message);
        throw error;
      }
    }
    if (req.method === 'GET' && url.pathname === '/v1/hello') return send(res, 200, await service.hello(await authenticate(req, url.pathname, body)));
    if (req.method === 'POST' && url.pathname === '/v1/requests') {
      const caller = await authenticate(req, url.pathname, body);
      return send(res, 200, await service.submit(caller, parse(submitBody, body)));
    }
    throw new CallError(404, 'not_found', 'The relay has no such call; check the relay address in Settings.');
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      if (error instanceof CallError) return send(res, error.status, { ok: false, retryable: false, code: error.code, message: error.message, retryAfterMs: null });
      if (isDbUnavailable(error)) return send(res, 503, { ok: false, retryable: true, code: 'relay_database', message: "The relay's database is not reachable right now; the request waits and is sent again.", retryAfterMs: 2000 });
      console.error(`relay: ${(error as Error).stack ?? String(error)}`);
      send(res, 500, { ok: false, retryable: true, code: 'relay_error', message: 'The relay failed to answer this call; the request waits and is sent again.', retryAfterMs: 5000 });
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
