// Attacks on the web host (`npm run web`), tried from where an attacker sits: another web server on
// this laptop that the engineer's browser visits, a script that got hold of the browser history, a
// page elsewhere that rebinds its DNS name to 127.0.0.1, a local program holding connections or
// trickling bytes. The host runs as its own process where the defaults matter, in-process where a
// test needs short limits; pages are real Chromium.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost, type WebHostLimits } from '../../electron/web/http-transport.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/content-policy.ts';
import { launchChromium } from '../support/browser.ts';
import { openCore } from '../support/core.ts';
import { repoRoot, tempDir } from '../support/temp.ts';
import { spawnHostProcess, type SpawnedHost } from '../support/web-host-process.ts';

const RENDERER = path.join(repoRoot, 'out', 'renderer');
/** The headers that can carry a credential a server could replay. */
const CREDENTIAL_HEADERS = ['cookie', 'authorization', 'x-kiosk-session'];
/** What exception text or a stack looks like. */
const EXCEPTION_TEXT = /\b\w*Error\b|\n\s+at |node:internal|\.(?:ts|cjs|js):\d+/;

async function host(t: TestContext): Promise<SpawnedHost> {
  assert.ok(fs.existsSync(path.join(RENDERER, 'index.html')), 'run `npm run build` first');
  const spawned = await spawnHostProcess(tempDir(t));
  t.after(() => spawned.stop());
  return spawned;
}

async function inProcessHost(t: TestContext, limits: Partial<WebHostLimits>): Promise<WebHost> {
  const { core } = openCore(tempDir(t));
  const started = await startWebHost(core, { rendererDir: RENDERER, limits, log: () => undefined });
  t.after(async () => {
    await started.close();
    await core.close();
  });
  return started;
}

async function browser(t: TestContext): Promise<Browser> {
  const chromium = await launchChromium();
  t.after(() => chromium.close());
  return chromium;
}

/** A page of its own browser context, logged in with `link`; the credential headers its API calls carry are collected. */
async function loggedIn(chromium: Browser, link: string): Promise<{ page: Page; credentials: Record<string, string>[] }> {
  const context = await chromium.newContext();
  const page = await context.newPage();
  const credentials: Record<string, string>[] = [];
  page.on('request', (request) => {
    if (!request.url().includes('/api/call/')) return;
    void request.allHeaders().then((headers) => credentials.push(Object.fromEntries(Object.entries(headers).filter(([name]) => CREDENTIAL_HEADERS.includes(name)))));
  });
  await page.goto(link);
  await page.locator('nav').waitFor({ timeout: 15_000 });
  await waitFor(() => credentials.length > 0, 'the page made a call');
  return { page, credentials };
}

/** A fetch from inside the page with the credential the page itself uses (its session key, or on a cookie host, the cookie). */
function pageFetch(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; withSession?: boolean }) {
  return page.evaluate(
    async ({ url, init }) => {
      const key = sessionStorage.getItem('activation-kiosk-session');
      const headers = { ...init.headers, ...(key && init.withSession !== false ? { 'X-Kiosk-Session': key } : {}) };
      const controller = new AbortController();
      const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, signal: controller.signal });
      const seen = Object.fromEntries(res.headers.entries());
      const text = url.endsWith('/api/events') ? '' : await res.text();
      controller.abort();
      return { status: res.status, headers: seen, text };
    },
    { url, init },
  );
}

/** POSTs a call with exactly these headers (a replay of what some server received). */
async function callWith(origin: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${origin}/api/call/getStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
  return res.status;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes raw bytes to the host and returns all it answers until it closes the connection. */
function raw(origin: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(origin).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(bytes);
  });
}

function headersOf(answer: string): Record<string, string> {
  const head = answer.split('\r\n\r\n')[0]!.split('\r\n').slice(1);
  return Object.fromEntries(head.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

function assertSecurityHeaders(headers: Record<string, string | undefined>, what: string): void {
  assert.equal(headers['content-security-policy'], CONTENT_SECURITY_POLICY, `${what}: CSP`);
  assert.match(headers['content-security-policy']!, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(headers['cache-control'], 'no-store', `${what}: Cache-Control`);
  assert.equal(headers['set-cookie'], undefined, `${what}: sets no cookie`);
}

test('a launch link opens one session, once: its second use is refused with a sentence on the page, and it leaves the address bar', async (t) => {
  const kiosk = await host(t);
  const link = await kiosk.nextLink();
  const chromium = await browser(t);
  const first = await loggedIn(chromium, link);
  assert.equal(first.page.url(), `${kiosk.origin}/`, 'the secret is gone from the address bar and this history entry');

  // The same link again (from the history, a shoulder-surfed screen, another tab): refused.
  const second = await (await chromium.newContext()).newPage();
  await second.goto(link);
  const refused = second.getByTestId('session-closed');
  await refused.waitFor({ timeout: 10_000 });
  assert.match(await refused.innerText(), /This link was already used.*press Enter in the terminal running `npm run web` for a new link/s);
  assert.equal(await second.locator('nav').count(), 0);

  // Over HTTP too, with a sentence.
  const secret = new URLSearchParams(new URL(link).hash.slice(1)).get('key');
  const again = await fetch(`${kiosk.origin}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ link: secret }) });
  assert.equal(again.status, 410);
  assert.match(((await again.json()) as { error: { message: string } }).error.message, /already used/);
});

test('another web server on 127.0.0.1 that the logged-in browser visits receives no credential and nothing it could replay', async (t) => {
  const kiosk = await host(t);
  const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
  const other = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>another local app</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => other.close(resolve)));
  const otherOrigin = `http://127.0.0.1:${(other.address() as net.AddressInfo).port}`;

  const link = await kiosk.nextLink();
  const { page, credentials } = await loggedIn(await browser(t), link);
  // The kiosk's own credential works (so there is something to leak).
  assert.equal(await callWith(kiosk.origin, credentials[0]!), 200);

  // The kiosk page loads something from the other server, then the same tab and another tab of the context go there.
  await page.evaluate((url) => new Promise((resolve) => Object.assign(new Image(), { onload: resolve, onerror: resolve, src: `${url}/from-kiosk.png` })), otherOrigin);
  await page.goto(`${otherOrigin}/visited`);
  const sibling = await page.context().newPage();
  await sibling.goto(`${otherOrigin}/sibling`);
  await waitFor(() => seen.length >= 4, 'the other server saw the visits');

  const secrets = [new URLSearchParams(new URL(link).hash.slice(1)).get('key') ?? link, ...credentials.flatMap((c) => Object.values(c))];
  for (const request of seen) {
    assert.equal(request.headers.cookie, undefined, `a Cookie header reached the other server on ${request.url}`);
    const everything = JSON.stringify(request);
    for (const secret of secrets) assert.ok(!everything.includes(secret), `the kiosk's credential reached the other server on ${request.url}`);
    // Whatever it received, replayed against the kiosk, opens nothing.
    const replay = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection', 'origin', 'referer', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest'].includes(name)) as [string, string][]);
    assert.equal(await callWith(kiosk.origin, replay), 401, `replaying ${request.url}'s headers`);
  }
});

test('calls and the event stream without the session header are refused, even from the logged-in page itself', async (t) => {
  const kiosk = await host(t);
  const { page } = await loggedIn(await browser(t), await kiosk.nextLink());
  const json = { 'Content-Type': 'application/json' };
  const withKey = await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: json, body: '{}' });
  assert.equal(withKey.status, 200);
  const bare = await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: json, body: '{}', withSession: false });
  assert.equal(bare.status, 401, 'what the browser adds by itself must not be enough');
  assert.match(bare.text, /open the link that `npm run web` printed/i);
  assert.equal((await pageFetch(page, '/api/events', { withSession: false })).status, 401);
  assert.equal((await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: { ...json, 'X-Kiosk-Session': 'guessed' }, body: '{}', withSession: false })).status, 401);
  assert.equal(await callWith(kiosk.origin, {}), 401);
});

test('a session survives a reload but ends once its page is closed', async (t) => {
  const kiosk = await host(t);
  const { page, credentials } = await loggedIn(await browser(t), await kiosk.nextLink());
  const credential = credentials[0]!;
  await page.reload();
  await page.locator('nav').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('session-closed').count(), 0);
  assert.equal(await callWith(kiosk.origin, credential), 200, 'a reload keeps the session');

  await page.close({ runBeforeUnload: true });
  // The host waits a short grace (10 s) for a reloading page to come back, then ends the session.
  await waitFor(async () => (await callWith(kiosk.origin, credential)) === 401, 'the closed page\'s session ended', 20_000);
  const body = (await (await fetch(`${kiosk.origin}/api/call/getStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...credential }, body: '{}' })).json()) as { error: { message: string } };
  assert.match(body.error.message, /ended when its page was closed/);
});

test('a session ends after idle time, and the open page says so', async (t) => {
  const kiosk = await inProcessHost(t, { idleMs: 1500 });
  const { page, credentials } = await loggedIn(await browser(t), kiosk.newLink());
  const closed = page.getByTestId('session-closed');
  await closed.waitFor({ timeout: 10_000 });
  assert.match(await closed.innerText(), /ended after 2 seconds without use/);
  assert.equal(await callWith(new URL(kiosk.url).origin, credentials[0]!), 401);
});

test('every kind of answer carries the CSP, nosniff, no framing, no referrer and no caching', async (t) => {
  const kiosk = await host(t);
  const { page } = await loggedIn(await browser(t), await kiosk.nextLink());
  const asset = fs.readdirSync(path.join(RENDERER, 'assets')).find((name) => name.endsWith('.js'))!;
  const json = { 'Content-Type': 'application/json' };
  const answers: [string, { status: number; headers: Record<string, string> }][] = [
    ['the page', await pageFetch(page, '/', {})],
    ['a script', await pageFetch(page, `/assets/${asset}`, {})],
    ['a missing file', await pageFetch(page, '/no-such-file.js', {})],
    ['a call', await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: json, body: '{}' })],
    ['a failed call', await pageFetch(page, '/api/call/getRequest', { method: 'POST', headers: json, body: '{"id":"x"}' })],
    ['an unknown call', await pageFetch(page, '/api/call/dropTables', { method: 'POST', headers: json, body: '{}' })],
    ['the event stream', await pageFetch(page, '/api/events', {})],
    ['a refused call', await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: json, body: '{}', withSession: false })],
  ];
  for (const [what, answer] of answers) assertSecurityHeaders(answer.headers, `${what} (${answer.status})`);
  assert.deepEqual(answers.map(([, a]) => a.status), [200, 200, 404, 200, 400, 404, 200, 401]);

  const port = new URL(kiosk.origin).port;
  const rawAnswers: [string, string][] = [
    ['a preflight', `OPTIONS /api/call/getStatus HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:1\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n`],
    ['a foreign host', `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`],
    ['a malformed request', `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nNo colon here\r\n\r\n`],
  ];
  for (const [what, bytes] of rawAnswers) {
    const answer = await raw(kiosk.origin, bytes);
    assert.match(answer, /^HTTP\/1\.1 4\d\d /, what);
    assertSecurityHeaders(headersOf(answer), what);
    assert.equal(headersOf(answer)['access-control-allow-origin'], undefined, `${what}: no CORS`);
  }
});

test('a call whose content type is not exactly JSON is refused with 415', async (t) => {
  const kiosk = await host(t);
  const { page } = await loggedIn(await browser(t), await kiosk.nextLink());
  const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'application/json; charset=latin1', 'text/json'];
  const answers = [];
  for (const type of types) answers.push(await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: { 'Content-Type': type }, body: '{}' }));
  assert.deepEqual(Object.fromEntries(answers.map((a, i) => [types[i], a.status])), Object.fromEntries(types.map((type) => [type, 415])));
  for (const answer of answers) assert.match(answer.text, /Send the call as JSON \(Content-Type: application\/json\)/);
  assert.equal((await pageFetch(page, '/api/call/getStatus', { method: 'POST', body: '{}' })).status, 415, 'no content type (a string body is sent as text/plain)');
  assert.equal((await pageFetch(page, '/api/call/getStatus', { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' })).status, 200);
});

test('a request whose headers or body trickle in is cut off', async (t) => {
  const kiosk = await inProcessHost(t, { headersTimeoutMs: 500, requestTimeoutMs: 1500 });
  const port = Number(new URL(kiosk.url).port);
  const trickle = (head: string, drip: string) =>
    new Promise<{ ms: number; answer: string }>((resolve) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.write(head);
      const timer = setInterval(() => socket.write(drip), 100);
      // Gives up (and reports it) after 6 s.
      const limit = setTimeout(() => socket.destroy(), 6000);
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(limit);
        resolve({ ms: Date.now() - started, answer });
      });
    });
  // No login needed for either: the exchange endpoint reads a body before any session exists.
  const slowBody = await trickle(`POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`, ' ');
  assert.ok(slowBody.ms < 5000, `a slow body was cut off after ${slowBody.ms} ms`);
  assert.match(slowBody.answer, /^HTTP\/1\.1 408 /);
  assertSecurityHeaders(headersOf(slowBody.answer), 'the slow body\'s 408');
  const slowHeaders = await trickle(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X-Drip: a\r\n');
  assert.ok(slowHeaders.ms < 5000, `slow headers were cut off after ${slowHeaders.ms} ms`);
});

test('connections beyond the cap are dropped at once, and the host serves again when the hoarder is cut off', async (t) => {
  const kiosk = await inProcessHost(t, { maxConnections: 6, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
  const port = Number(new URL(kiosk.url).port);
  const closed: boolean[] = [];
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 10; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    closed.push(false);
    socket.on('close', () => (closed[i] = true));
    await new Promise((resolve) => socket.once('connect', resolve));
    sockets.push(socket);
  }
  t.after(() => sockets.forEach((s) => s.destroy()));
  await waitFor(() => closed.filter(Boolean).length >= 4, 'the connections over the cap were dropped', 3000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(closed, [false, false, false, false, false, false, true, true, true, true]);
  // The six idle connections sent nothing: the headers timeout frees them, and a real client gets in.
  await waitFor(() => closed.every(Boolean), 'the idle connections were cut off', 15_000);
  assert.equal((await fetch(kiosk.url)).status, 200);
});

test('nothing answered before login carries exception text or a stack', async (t) => {
  const kiosk = await host(t);
  const port = new URL(kiosk.origin).port;
  const json = (body: string) => `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  const hostile = [
    `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    `GET //[::1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    `GET /../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    json('{"link": {"toString": 1}}'),
    json('{"link": '),
    json('null'),
    json('"__proto__"'),
    `POST /api/call/getStatus HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{[`,
  ];
  for (const bytes of hostile) {
    const answer = await raw(kiosk.origin, bytes);
    const [statusLine] = answer.split('\r\n');
    assert.match(statusLine!, /^HTTP\/1\.1 [1-5]\d\d /, bytes);
    assert.doesNotMatch(answer.split('\r\n\r\n').slice(1).join(''), EXCEPTION_TEXT, bytes);
  }
});

test('a request naming another host (DNS rebinding) is refused, with the security headers and none of the page', async (t) => {
  const kiosk = await host(t);
  const port = new URL(kiosk.origin).port;
  const foreign = [`evil.example:${port}`, '127.0.0.1:1', `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, '127.0.0.1', `[::1]:${port}`];
  for (const name of foreign) {
    for (const request of [`GET / HTTP/1.1\r\nHost: ${name}\r\nConnection: close\r\n\r\n`, `POST /api/session HTTP/1.1\r\nHost: ${name}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`]) {
      const answer = await raw(kiosk.origin, request);
      assert.match(answer, /^HTTP\/1\.1 421 /, `${name}: ${request.split(' ')[0]}`);
      assertSecurityHeaders(headersOf(answer), name);
      assert.doesNotMatch(answer, /<script|"session"/, name);
    }
  }
});

test('a page on another local port is refused by its Origin, even with a valid session key and JSON', async (t) => {
  const kiosk = await inProcessHost(t, {});
  const origin = kiosk.url.replace(/\/$/, '');
  const other = `http://127.0.0.1:${Number(new URL(origin).port) === 65535 ? 65534 : Number(new URL(origin).port) + 1}`;
  const json = { 'Content-Type': 'application/json' };
  const exchange = (headers: Record<string, string>) => fetch(`${origin}/api/session`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ link: new URLSearchParams(new URL(kiosk.newLink()).hash.slice(1)).get('key') }) });

  // A launch link that leaked to another local page is not spent there.
  const foreign: Record<string, string>[] = [{ Origin: other }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'cross-site' }];
  for (const headers of foreign) {
    const refused = await exchange(headers);
    assert.equal(refused.status, 403, `the exchange with ${JSON.stringify(headers)}`);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /another site or another local port/);
  }
  const opened = await exchange({ Origin: origin, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(opened.status, 200);
  const key = ((await opened.json()) as { value: { session: string } }).value.session;
  assert.equal(await callWith(origin, { 'X-Kiosk-Session': key, Origin: origin, 'Sec-Fetch-Site': 'same-origin' }), 200);
  // The same key from another origin opens nothing.
  for (const headers of foreign.slice(0, 3)) {
    assert.equal(await callWith(origin, { 'X-Kiosk-Session': key, ...headers }), 403, `a call with ${JSON.stringify(headers)}`);
  }
});
