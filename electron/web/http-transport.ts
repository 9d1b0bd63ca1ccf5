// The contract over loopback HTTP, for browsers, tests and machines without Electron.
// Guards: bound to 127.0.0.1 only; the Host header must name the loopback address (against DNS
// rebinding); API calls from another origin (another port of 127.0.0.1 included) are refused; a
// one-time launch link is exchanged for a per-tab session key sent as a header (never a cookie: a
// browser would send it to every local port); exact JSON content type, a body cap, timeouts for slow
// headers and bodies and a cap on connections; every answer carries the security headers, and no
// exception text ever leaves the process.
import fs from 'node:fs';
import http from 'node:http';
import { t } from '../../shared/i18n/index.ts';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_CALL_BODY_BYTES } from '../../shared/api/contract.ts';
import { CALL_NAMES, type CallName } from '../../shared/api/methods.ts';
import { CALL_PATH_PREFIX, EVENTS_PATH, LINK_FRAGMENT_KEY, SESSION_END_PATH, SESSION_EXCHANGE_PATH, SESSION_HEADER } from '../../shared/api/web-session.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import { SECURITY_HEADERS, rawSecurityHeaders } from '../security/response-headers.ts';
import { resolveStatic } from '../security/static-files.ts';
import { WebSessions, type Session } from './web-sessions.ts';
import { PRINT_PATH_PREFIX, type PrintPages } from './print-pages.ts';

export interface WebHostLimits {
  /** A session without a call for this long ends. */
  idleMs: number;
  /** A session whose page left (stream closed, pagehide) ends unless the page is back within this. */
  closeGraceMs: number;
  /** Connections beyond this are dropped at once. */
  maxConnections: number;
  /** A client must have sent its request headers within this. */
  headersTimeoutMs: number;
  /** ...and its whole request (headers and body) within this. */
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: WebHostLimits = {
  idleMs: 30 * 60_000,
  closeGraceMs: 10_000,
  maxConnections: 32,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxBodyBytes: MAX_CALL_BODY_BYTES,
};

export interface WebHostOptions {
  rendererDir: string;
  port?: number;
  limits?: Partial<WebHostLimits>;
  /** Where unexpected errors are written (never to a client). */
  log?: (message: string) => void;
  /** One-time pages for the browser to print (visit reports), with their own content policy. */
  printPages?: { pages: PrintPages; contentPolicy: string };
}

export interface WebHost {
  /** The host's root URL (no key: opening it alone shows how to log in). */
  url: string;
  /** A new one-time launch link (the key is in the fragment, which no server or Referer ever sees). */
  newLink(): string;
  close(): Promise<void>;
}

type Refusal = { ok: false; error: { code: 'invalid_input' | 'not_found' | 'not_allowed' | 'internal'; message: string } };
const refusal = (code: Refusal['error']['code'], message: string): Refusal => ({ ok: false, error: { code, message } });

const genericFailure = (): string => t('host:web.genericFailure');

export async function startWebHost(core: KioskCore, options: WebHostOptions): Promise<WebHost> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((message: string) => console.error(message));
  const sessions = new WebSessions(limits);
  const sockets = new Set<Socket>();
  const streams = new Set<http.ServerResponse>();
  let hosts = new Set<string>();
  let origins = new Set<string>();

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks both timeouts on this beat (30 s by default, too coarse for the limits above).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    },
    (req, res) => {
      void handle(req, res).catch((error: unknown) => {
        // A client that went away (or was cut off for being slow) needs no answer and no log line.
        if (req.socket.destroyed) return;
        log(`Activation Kiosk (web): ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}`);
        if (!res.headersSent) sendJson(res, 500, refusal('internal', genericFailure()), true);
        else res.destroy();
      });
    },
  );
  server.maxConnections = limits.maxConnections;

  // Malformed requests and timeouts (slow headers, slow bodies) are answered here, with the same
  // headers as everything else and no parser detail.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !pending?.headersSent) {
      const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const text = timeout ? t('host:web.timeout') : t('host:web.malformed');
      const status = timeout ? '408 Request Timeout' : '400 Bad Request';
      // ui-text-ok: the HTTP status line and headers
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n${rawSecurityHeaders()}Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    }
    socket.destroy();
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hosts.has(req.headers.host ?? '')) return sendText(res, 421, t('host:web.loopbackOnly'));
    const target = req.url ?? '';
    if (!target.startsWith('/')) return sendText(res, 400, t('host:web.badPath'));
    const pathname = target.split('?')[0]!;
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, t('host:web.onlyGet'));
    if (pathname.startsWith(PRINT_PATH_PREFIX) && options.printPages && req.method === 'GET') return sendPrintPage(res, pathname, options.printPages);
    const file = resolveStatic(options.rendererDir, pathname);
    if (!file) return sendText(res, 404, t('host:web.notFound'));
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.mediaType });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file.file).on('error', () => res.destroy()).pipe(res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const fetchSite = req.headers['sec-fetch-site'];
    if ((req.headers.origin !== undefined && !origins.has(req.headers.origin)) || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
      return sendJson(res, 403, refusal('not_allowed', t('host:web.crossSite')), true);
    }
    if (pathname === SESSION_EXCHANGE_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, refusal('invalid_input', t('host:web.usePost')), true);
      const body = await readJson(req, res);
      if (body === undefined) return;
      const link = (body as { link?: unknown } | null)?.link;
      if (typeof link !== 'string') return sendJson(res, 400, refusal('invalid_input', t('host:web.sendLink')));
      const exchanged = sessions.exchange(link);
      if (!exchanged.ok) return sendJson(res, exchanged.status, refusal('not_allowed', exchanged.message));
      return sendJson(res, 200, { ok: true, value: { session: exchanged.key } });
    }
    const header = req.headers[SESSION_HEADER.toLowerCase()];
    const used = sessions.use(typeof header === 'string' ? header : undefined);
    if (!used.ok) return sendJson(res, used.status, refusal('not_allowed', used.message), true);
    if (pathname === SESSION_END_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, refusal('invalid_input', t('host:web.usePost')), true);
      sessions.pageLeft(used.session);
      res.writeHead(204, SECURITY_HEADERS);
      return void res.end();
    }
    if (pathname === EVENTS_PATH) {
      if (req.method !== 'GET') return sendJson(res, 405, refusal('invalid_input', t('host:web.useGet')), true);
      return openEventStream(res, used.session);
    }
    if (!pathname.startsWith(CALL_PATH_PREFIX)) return sendJson(res, 404, refusal('not_found', t('host:web.noSuchCall')), true);
    const name = pathname.slice(CALL_PATH_PREFIX.length) as CallName;
    if (!CALL_NAMES.includes(name)) return sendJson(res, 404, refusal('not_found', t('host:web.unknownCall', { name: name.slice(0, 64) })), true);
    if (req.method !== 'POST') return sendJson(res, 405, refusal('invalid_input', t('host:web.usePost')), true);
    const input = await readJson(req, res);
    if (input === undefined) return;
    const result = await core.call(name, input ?? {});
    return sendJson(res, result.ok ? 200 : result.error.code === 'internal' ? 500 : 400, result);
  }

  /** The request's JSON body, or undefined once a refusal is sent (wrong type, too large, not JSON). */
  async function readJson(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
    if (!isJsonType(req.headers['content-type'])) {
      sendJson(res, 415, refusal('invalid_input', t('host:web.sendJson')), true);
      return undefined;
    }
    const tooLarge = () => sendJson(res, 413, refusal('invalid_input', t('host:web.tooLarge')), true);
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) return void tooLarge();
    const body = await readBody(req, limits.maxBodyBytes);
    if (body === null) return void tooLarge();
    if (body.length === 0) return null;
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      sendJson(res, 400, refusal('invalid_input', t('host:web.notJson')));
      return undefined;
    }
  }

  function openEventStream(res: http.ServerResponse, session: Session): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = core.subscribe(({ event, payload }) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const detach = sessions.streamOpened(session, () => res.end());
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
      detach();
    });
  }

  // Node's headers timeout starts only with a request's first byte: a connection that never sends
  // one would hold its place under the cap for ever. It gets the same time for its first request.
  const silent = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    silent.set(socket, setTimeout(() => socket.destroy(), limits.headersTimeoutMs).unref());
    socket.on('close', () => {
      clearTimeout(silent.get(socket));
      sockets.delete(socket);
    });
  });
  server.on('request', (req: http.IncomingMessage) => clearTimeout(silent.get(req.socket)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  // A browser leaves the port out of Host and Origin when it is HTTP's default.
  hosts = new Set(port === 80 ? ['127.0.0.1', 'localhost'] : [`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    newLink: () => `${url}#${LINK_FRAGMENT_KEY}=${sessions.newLink()}`,
    close: () =>
      new Promise<void>((resolve) => {
        sessions.closeAll();
        for (const s of streams) s.end();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** A one-time print page under its own policy (its inline style and print script, by hash), or 404. */
function sendPrintPage(res: http.ServerResponse, pathname: string, print: NonNullable<WebHostOptions['printPages']>): void {
  const html = print.pages.take(pathname);
  if (html === undefined) return sendText(res, 404, t('host:web.printGone'));
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Security-Policy': print.contentPolicy, 'Content-Type': 'text/html; charset=utf-8' }); // ui-text-ok: a media type
  res.end(html);
}

/** The whole body, or null past `max` bytes (the rest is left unread; the answer closes the connection). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => reject(new Error(t('host:web.clientGone'))));
  });
}

/** Exactly `application/json`, optionally with `charset=utf-8`: nothing else a form or a script could send. */
function isJsonType(header: string | undefined): boolean {
  const [type, ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  return type === 'application/json' && params.every((p) => p === 'charset=utf-8') && params.length <= 1;
}

/** `close` when the rest of the request may be unread: the connection is not reused. */
function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', ...(close ? { Connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }); // ui-text-ok: a media type
  res.end(text);
}
