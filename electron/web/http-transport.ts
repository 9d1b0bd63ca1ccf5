// The contract over loopback HTTP, for browsers, tests and machines without Electron.
// Guards: bound to 127.0.0.1 only; a per-launch token (from the printed URL) exchanged for an
// HttpOnly SameSite=Strict cookie; the Host header must name the loopback address (against DNS
// rebinding) and a cross-site Origin is refused.
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CALL_BODY_BYTES } from '../../shared/api/contract.ts';
import { CALL_NAMES, type CallName } from '../../shared/api/methods.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import { CONTENT_SECURITY_POLICY } from '../security/content-policy.ts';
import { resolveStatic } from '../security/static-files.ts';

const COOKIE = 'kiosk_session';

export interface WebHost {
  url: string;
  /** The URL that opens a session (carries the token). */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(core: KioskCore, options: { rendererDir: string; token: string; port?: number }): Promise<WebHost> {
  const sockets = new Set<import('node:net').Socket>();
  const streams = new Set<http.ServerResponse>();
  let origin = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      return sendText(res, 421, 'This service answers only on its loopback address.');
    }
    if (req.headers.origin && req.headers.origin !== origin && req.headers.origin !== `http://localhost:${new URL(origin).port}`) {
      return sendText(res, 403, 'Cross-site requests are refused.');
    }
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? '', options.token)) return sendText(res, 401, 'This link is from another session. Open the URL that `npm run web` printed most recently.');
      res.writeHead(303, { 'Set-Cookie': `${COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`, Location: '/' });
      return void res.end();
    }
    if (!authorised(req, options.token)) {
      if (url.pathname.startsWith('/api/')) return sendJson(res, 401, { ok: false, error: { code: 'not_allowed', message: 'Session key missing: open the URL printed by `npm run web`.' } });
      return sendText(res, 401, 'Activation Kiosk: open the URL printed by `npm run web`; it carries this session\'s key.');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (call) {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST.');
      const name = call[1] as CallName;
      if (!CALL_NAMES.includes(name)) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: `Unknown call ${name}.` } });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Send JSON (Content-Type: application/json).' } });
      }
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: 'Too much data in one call; send fewer files at once.' } });
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The call body is not JSON.' } });
      }
      const result = await core.call(name, input);
      return sendJson(res, result.ok ? 200 : result.error.code === 'internal' ? 500 : 400, result);
    }
    if (req.method !== 'GET') return sendText(res, 405, 'Not allowed.');
    const file = resolveStatic(options.rendererDir, url.pathname);
    if (!file) return sendText(res, 404, 'Not found.');
    res.writeHead(200, {
      'Content-Type': file.mediaType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file.file).pipe(res);
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = core.subscribe(({ event, payload }) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    openUrl: `${origin}/?token=${options.token}`,
    token: options.token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function authorised(req: http.IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return sameToken(bearer, token);
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
  return cookie ? sameToken(cookie.slice(COOKIE.length + 1), token) : false;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CALL_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
