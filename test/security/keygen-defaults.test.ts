// Issue 12, items 2 and 4, as attacks on a Keygen connection saved with the defaults (nothing but the
// address and the verify key): a proxy between the kiosk and Keygen rewrites Keygen's answer, or drops
// the machine file's expiry by rewriting the check-out request. The genuine Keygen test server stands
// behind the proxy and signs what it sends; the default connection must refuse both, with a sentence,
// and export nothing.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { keygenSampleOptions, KEYGEN_SAMPLES, startKeygenServer, type KeygenServerHandle } from '../servers/keygen/index.ts';
import { openCore } from '../support/core.ts';
import { item, keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

type Rewrite = (path: string, body: Buffer) => Buffer;

const read = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** A proxy on 127.0.0.1 in front of `target` that keeps the Host header (so Keygen signs the host the kiosk asked) and may rewrite bodies. */
async function proxy(t: TestContext, target: KeygenServerHandle, rewrite: { request?: Rewrite; response?: Rewrite }): Promise<string> {
  const upstream = new URL(target.url);
  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const body = (rewrite.request ?? ((_, b) => b))(path, await read(req));
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers }, (answer) => {
        void read(answer).then((bytes) => {
          const out = (rewrite.response ?? ((_, b) => b))(path, bytes);
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(out.length) });
          res.end(out);
        });
      });
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`;
}

async function defaultConnectionBehind(t: TestContext, rewrite: { request?: Rewrite; response?: Rewrite }) {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  // The defaults: no lifetime, no signature or clock choice.
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: await proxy(t, keygen, rewrite), publicKeyHex: keygen.publicKeyHex });
  const captured = await kiosk.call('capture', { items: [item('press-7.txt', keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId('press-7')))] });
  const id = captured.results[0]?.requestId;
  assert.ok(id, captured.results[0]?.message);
  await kiosk.call('syncNow', {});
  return { keygen, detail: await kiosk.call('getRequest', { id }) };
}

test("a default Keygen connection checks response signatures: an answer rewritten on the way is refused", async (t) => {
  const { keygen, detail } = await defaultConnectionBehind(t, {
    // A harmless-looking change to the validation answer: only the signature can tell.
    response: (path, body) => (path.endsWith('/licenses/actions/validate-key') ? Buffer.from(body.toString('utf8').replace('"detail":"', '"detail":"(checked by proxy) ')) : body),
  });
  assert.notEqual(detail.state, 'fulfilled', detail.lastError ?? '');
  assert.equal(detail.lastErrorCode, 'response_signature_invalid');
  assert.match(detail.lastError ?? '', /The Keygen answer body does not match its Digest header \(changed in transit\)\. This connection requires signed answers; the answer was refused and nothing was stored\./);
  assert.equal(keygen.state.machines().length, 0, 'refused at the first answer: no seat taken');
});

test('a default Keygen connection asks for a one-month machine file and refuses one that never expires', async (t) => {
  const asked: unknown[] = [];
  const { detail } = await defaultConnectionBehind(t, {
    // A proxy (or a misconfigured server) turning the check-out into "no expiry".
    request: (path, body) => {
      if (!path.endsWith('/actions/check-out')) return body;
      const doc = JSON.parse(body.toString('utf8')) as { meta: Record<string, unknown> };
      asked.push(doc.meta.ttl);
      return Buffer.from(JSON.stringify({ meta: { ...doc.meta, ttl: null } }));
    },
  });
  assert.deepEqual(asked, [2_629_746], 'the kiosk sent Keygen its default lifetime explicitly');
  assert.notEqual(detail.state, 'fulfilled');
  assert.equal(detail.lastErrorCode, 'machine_file_invalid');
  assert.match(detail.lastError ?? '', /The machine file says it never expires, although this connection asks for files with an expiry; nothing was stored\./);
  assert.equal(detail.responseFileName, null, 'no machine file stored');
});

test("a proxy that swaps the key in the validate request gets a genuinely signed answer for another licence: refused before any seat is taken", async (t) => {
  // Keygen's response signature covers the request line and the answer's body, not what the kiosk
  // sent: the request body can be rewritten and the (fresh, signed) answer then names another licence.
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const { floating3, nodeLocked } = KEYGEN_SAMPLES.licenses;
  const baseUrl = await proxy(t, keygen, {
    request: (path, body) => (path.endsWith('/licenses/actions/validate-key') ? Buffer.from(body.toString('utf8').replace(floating3.key, nodeLocked.key)) : body),
  });
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product });
  const captured = await kiosk.call('capture', { items: [item('press-7.txt', keygenQrText(floating3.key, machineId('press-7')))] });
  const id = captured.results[0]?.requestId;
  assert.ok(id, captured.results[0]?.message);
  await kiosk.call('syncNow', {});
  const detail = await kiosk.call('getRequest', { id });
  assert.notEqual(detail.state, 'fulfilled');
  assert.equal(keygen.state.machines(nodeLocked.key).length, 0, "no seat taken on the other licence");
  assert.equal(keygen.state.machines().length, 0);
  assert.equal(detail.lastErrorCode, 'validation_mismatch');
  assert.match(detail.lastError ?? '', /Keygen's signed validation answer is about another licence key than the one sent/);
});

test('a proxy that swaps the fingerprint in the validate request is caught by the scope Keygen echoes in its signed answer', async (t) => {
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const { floating3 } = KEYGEN_SAMPLES.licenses;
  const press = machineId('press-7');
  const baseUrl = await proxy(t, keygen, {
    request: (path, body) => (path.endsWith('/licenses/actions/validate-key') ? Buffer.from(body.toString('utf8').replace(press, machineId('lathe-2'))) : body),
  });
  const kiosk = openCore(tempDir(t), { chooseFolder: async () => tempDir(t) });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl, publicKeyHex: keygen.publicKeyHex });
  const captured = await kiosk.call('capture', { items: [item('press-7.txt', keygenQrText(floating3.key, press))] });
  const id = captured.results[0]?.requestId;
  assert.ok(id, captured.results[0]?.message);
  await kiosk.call('syncNow', {});
  const detail = await kiosk.call('getRequest', { id });
  assert.equal(detail.lastErrorCode, 'validation_mismatch', detail.lastError ?? detail.state);
  assert.equal(keygen.state.machines().length, 0);
});
