// Rogue licensing servers against the Cryptlex and Keygen connectors: real HTTP servers on 127.0.0.1
// that sign with real keys and then tamper, so every byte the kiosk would export has to be covered by
// the signature and has to say what the kiosk asked for.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { createCryptlexConnector } from '../../electron/connectors/cryptlex/cryptlex-connector.ts';
import { createKeygenConnector, machineIdFor, type KeygenSettings } from '../../electron/connectors/keygen/keygen-connector.ts';
import type { ConnectorRequest, Failure, Outcome, Reconciled } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { makeOfflineRequest } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, machineFileText, startKeygenServer } from '../servers/keygen/index.ts';
import { tempDir } from '../support/temp.ts';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>;

async function serve(t: TestContext, handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function refused(outcome: Reconciled, code: string): Failure {
  assert.equal(outcome.ok, false, `expected a refusal (${code}), got ${JSON.stringify({ ...outcome, artifact: undefined })}`);
  assert.ok(!('notApplied' in outcome));
  const f = outcome as Failure;
  assert.equal(f.code, code, f.message);
  assert.match(f.message, /^[A-Z].+[.)]$/, 'a sentence');
  return f;
}

function accepted(outcome: Reconciled): Extract<Outcome, { ok: true }> {
  assert.equal(outcome.ok, true, `expected success, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<Outcome, { ok: true }>;
}

// ---------------------------------------------------------------- Cryptlex

const CL = { licenseId: 'lic-rogue-0001', key: 'A1B2C3-D4E5F6-A7B8C9-D0E1F2', pid: 'prod-1', fp: 'c0ffee00c0ffee00c0ffee00c0ffee00', token: 'cl-pat-rogue-0123456789abcdef0123456789' };
const PRODUCT_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRODUCT_PUBLIC_PEM = PRODUCT_KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A JWT signed with the product key; header and claims given as JSON text so they can hold duplicates. */
function jwt(claimsText: string, headerText = '{"alg":"RS256","typ":"JWT"}', key: KeyObject = PRODUCT_KEY.privateKey): string {
  const input = `${b64url(headerText)}.${b64url(claimsText)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

interface Sent {
  offlineRequest: string;
  now: number;
}

function goodClaims(sent: Sent, over: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(sent.now / 1000);
  return { aid: 'act-1', lid: CL.licenseId, pid: CL.pid, fp: CL.fp, iat, eat: iat + 86_400, type: 'offline', orh: createHash('sha256').update(sent.offlineRequest).digest('hex'), suspended: false, ...over };
}

/** A rogue Cryptlex: resolves the key, and answers offline-activate with whatever `respond` forges. */
async function rogueCryptlex(t: TestContext, respond: (sent: Sent) => string, productPublicKeyPem: string | null = PRODUCT_PUBLIC_PEM) {
  const url = await serve(t, (req, body, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('Content-Type', 'application/json');
    if (req.method === 'GET' && path === '/v3/licenses') return void res.end(JSON.stringify([{ id: CL.licenseId, key: CL.key }]));
    if (req.method === 'POST' && path === '/v3/activations/offline-activate') {
      const { offlineRequest } = JSON.parse(body.toString()) as { offlineRequest: string };
      return void res.end(JSON.stringify({ offlineResponse: respond({ offlineRequest, now: Date.now() }) }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  await secrets.set('cl', CL.token);
  return createCryptlexConnector({ baseUrl: url, accessTokenSecretId: 'cl', productPublicKeyPem }, { secrets, timeoutMs: 3000 });
}

function cryptlexRequest(over: Partial<ConnectorRequest> = {}): ConnectorRequest {
  const requestBody = makeOfflineRequest({ type: 'activation', key: CL.key, fp: CL.fp, pid: CL.pid, hostname: 'ctrl-4' });
  return { id: 'r1', kind: 'activate', licenseKey: CL.key, deviceId: CL.fp, deviceLabel: 'Controller 4', deviceDetails: {}, requestBody, ...over };
}

const claimsJson = (sent: Sent, over: Record<string, unknown> = {}) => JSON.stringify(goodClaims(sent, over));
const without = (sent: Sent, name: string) => {
  const claims = goodClaims(sent);
  delete claims[name];
  return JSON.stringify(claims);
};

test('Cryptlex: a refusal whose code echoes the token or the licence key never puts it in the stored code or the sentence', async (t) => {
  let echo = '';
  const url = await serve(t, (req, _body, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.method === 'GET') return void res.end(JSON.stringify([{ id: CL.licenseId, key: CL.key }]));
    res.statusCode = 400;
    res.end(JSON.stringify({ code: echo, message: `refused ${echo}` }));
  });
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  await secrets.set('cl', CL.token);
  const connector = createCryptlexConnector({ baseUrl: url, accessTokenSecretId: 'cl' }, { secrets, timeoutMs: 3000 });
  for (const secret of [CL.token, CL.key, CL.token.toUpperCase()]) {
    echo = secret;
    // The code is what the Queue shows and the store keeps next to the sentence.
    const f = refused(await connector.fulfil(cryptlexRequest()), 'unexpected_status');
    for (const text of [f.code, f.message]) assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `the secret reached "${text}"`);
    assert.match(f.message, /Cryptlex said: "refused .*…/, 'the echo is masked, not dropped');
  }
});

test('Cryptlex: the rogue server itself issues a response the kiosk accepts when nothing is tampered with', async (t) => {
  const connector = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent)));
  accepted(await connector.fulfil(cryptlexRequest()));
});

test('Cryptlex: a signed response whose fp names another device is refused', async (t) => {
  const connector = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent, { fp: 'beef0000beef0000beef0000beef0000' })));
  assert.match(refused(await connector.fulfil(cryptlexRequest()), 'response_mismatch').message, /another device/);
});

test('Cryptlex: a signed response without lid, or without eat, is refused', async (t) => {
  for (const claim of ['lid', 'eat']) {
    const connector = await rogueCryptlex(t, (sent) => jwt(without(sent, claim)));
    assert.match(refused(await connector.fulfil(cryptlexRequest()), 'response_unbound').message, new RegExp(`"${claim}"`));
  }
});

test('Cryptlex: an expired eat is refused, also when no product key is configured', async (t) => {
  for (const key of [PRODUCT_PUBLIC_PEM, null]) {
    const connector = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent, { eat: Math.floor(sent.now / 1000) - 3600 })), key);
    refused(await connector.fulfil(cryptlexRequest()), 'response_expired');
  }
});

test('Cryptlex: junk appended to the signature part is refused', async (t) => {
  for (const junk of ['~~', '!!', '%00']) {
    const connector = await rogueCryptlex(t, (sent) => `${jwt(claimsJson(sent))}${junk}`);
    assert.match(refused(await connector.fulfil(cryptlexRequest()), 'signature_invalid').message, /signature part is not canonical base64url/);
  }
});

test('Cryptlex: a signature part with different unused trailing bits (same signature bytes, other exported text) is refused', async (t) => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const connector = await rogueCryptlex(t, (sent) => {
    const token = jwt(claimsJson(sent));
    // 256 signature bytes fill 342 characters with 4 bits to spare in the last one: set one of those.
    const last = ALPHABET.indexOf(token.at(-1)!);
    const altered = `${token.slice(0, -1)}${ALPHABET[last ^ 1]}`;
    assert.deepEqual(Buffer.from(altered.split('.')[2]!, 'base64url'), Buffer.from(token.split('.')[2]!, 'base64url'));
    return altered;
  });
  assert.match(refused(await connector.fulfil(cryptlexRequest()), 'signature_invalid').message, /signature part is not canonical base64url/);
});

test('Cryptlex: padding or whitespace in a part is refused', async (t) => {
  const variants: Array<(token: string) => string> = [
    (token) => `${token}==`,
    (token) => `${token}\n`,
    (token) => token.replace(/\.([^.]{10})/, '.$1 '), // a space inside the claims part
    (token) => `${b64url('{"alg":"RS256"}')}=.${token.split('.').slice(1).join('.')}`,
  ];
  for (const [i, variant] of variants.entries()) {
    // The header variant is checked without a key, where no signature would catch it.
    const connector = await rogueCryptlex(t, (sent) => variant(jwt(claimsJson(sent))), i === 3 ? null : PRODUCT_PUBLIC_PEM);
    refused(await connector.fulfil(cryptlexRequest()), 'signature_invalid');
  }
});

test('Cryptlex: duplicate claims are refused even when the signature covers them', async (t) => {
  const cases: Array<(sent: Sent) => string> = [
    // Another licence first, ours last: JSON.parse keeps the last, another reader the first.
    (sent) => claimsJson(sent).replace('{', '{"lid":"lic-someone-else",'),
    (sent) => claimsJson(sent).replace('{', `{"eat":${Math.floor(sent.now / 1000) + 10 * 365 * 86_400},`),
    (sent) => claimsJson(sent).replace('{', '{"__proto__":{"suspended":true},'),
  ];
  for (const claims of cases) {
    const connector = await rogueCryptlex(t, (sent) => jwt(claims(sent)));
    assert.match(refused(await connector.fulfil(cryptlexRequest()), 'signature_invalid').message, /claims are not strict JSON/);
  }
});

test('Cryptlex: an alg other than RS256 is refused: none, HS256, or a duplicate alg hiding behind RS256', async (t) => {
  const none = await rogueCryptlex(t, (sent) => `${b64url('{"alg":"none"}')}.${b64url(claimsJson(sent))}.${b64url('x')}`, null);
  assert.match(refused(await none.fulfil(cryptlexRequest()), 'signature_invalid').message, /"none", and only RS256/);
  const hs = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent), '{"alg":"HS256"}'));
  refused(await hs.fulfil(cryptlexRequest()), 'signature_invalid');
  const twice = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent), '{"alg":"none","alg":"RS256"}'));
  assert.match(refused(await twice.fulfil(cryptlexRequest()), 'signature_invalid').message, /header is not strict JSON/);
});

test('Cryptlex: a signed response that says the licence is suspended is refused', async (t) => {
  const connector = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent, { suspended: true })));
  assert.match(refused(await connector.fulfil(cryptlexRequest()), 'SUSPENDED_LICENSE').message, /suspended/);
});

test('Cryptlex: a response without the request hash, or for another request, is refused; a bare request file is bound by that hash alone', async (t) => {
  const missing = await rogueCryptlex(t, (sent) => jwt(without(sent, 'orh')));
  refused(await missing.fulfil(cryptlexRequest()), 'response_unbound');
  const other = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent, { orh: createHash('sha256').update(`${sent.offlineRequest}x`).digest('hex') })));
  refused(await other.fulfil(cryptlexRequest()), 'response_mismatch');
  // A bare request file does not show its fingerprint (the kiosk queues it under a stand-in id): fp
  // cannot be compared, the request hash still must match, and the note names the signed fp.
  const bare = cryptlexRequest();
  const body = bare.requestBody ?? '';
  const standIn = { ...bare, deviceId: `cryptlex:${body.slice(0, 48)}`, deviceLabel: null };
  const fine = await rogueCryptlex(t, (sent) => jwt(claimsJson(sent, { fp: 'device-named-by-cryptlex' })));
  assert.match(accepted(await fine.fulfil(standIn)).note, /tied to it by the request hash; it names device fingerprint device-named-by-cryptlex/);
  refused(await other.fulfil(standIn), 'response_mismatch');
});

// ---------------------------------------------------------------- Keygen

const KL = KEYGEN_SAMPLES.licenses.floating3;
const KFP = 'press-7:3f9a1c0d2e4b5a69';

interface ProxiedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The real Keygen test server behind a rogue proxy on 127.0.0.1. `tamper` sees each request and the
 * genuine answer (null when `forward` says not to send it on) and returns what the kiosk receives.
 */
async function rogueKeygen(
  t: TestContext,
  tamper: (req: IncomingMessage, reqBody: Buffer, genuine: ProxiedAnswer | null) => ProxiedAnswer,
  options: { forward?: (req: IncomingMessage) => boolean; settings?: Partial<KeygenSettings> } = {},
) {
  const server = await startKeygenServer(keygenSampleOptions());
  t.after(() => server.close());
  const target = new URL(server.origin);
  const proxy = await serve(t, async (req, body, res) => {
    const genuine =
      options.forward && !options.forward(req)
        ? null
        : await new Promise<ProxiedAnswer>((resolve, reject) => {
            // The Host header is passed on, so Keygen signs for the address the kiosk called.
            const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
              const chunks: Buffer[] = [];
              answer.on('data', (c: Buffer) => chunks.push(c));
              answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers as Record<string, string>, body: Buffer.concat(chunks) }));
            });
            out.on('error', reject);
            out.end(body);
          });
    const sent = tamper(req, body, genuine);
    const headers = Object.fromEntries(Object.entries(sent.headers).filter(([k]) => !['content-length', 'transfer-encoding', 'connection'].includes(k.toLowerCase())));
    res.writeHead(sent.status, headers);
    res.end(sent.status === 204 ? undefined : sent.body);
  });
  const connector = createKeygenConnector({ baseUrl: `${proxy}/v1/accounts/${server.accountId}`, publicKeyHex: server.publicKeyHex, auth: 'license-key', ...options.settings }, { timeoutMs: 3000 });
  return { server, connector };
}

const keygenRequest = (over: Partial<ConnectorRequest> = {}): ConnectorRequest => ({ id: 'k1', kind: 'activate', licenseKey: KL.key, deviceId: KFP, deviceLabel: 'Press 7', deviceDetails: {}, ...over });
const isDelete = (req: IncomingMessage) => req.method === 'DELETE';
const pass = (_req: IncomingMessage, _body: Buffer, genuine: ProxiedAnswer | null): ProxiedAnswer => genuine!;
const unsigned = (answer: ProxiedAnswer): ProxiedAnswer => ({ ...answer, headers: Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !['keygen-signature', 'digest'].includes(k))) });

test('Keygen: a genuine signed 204 releases the seat, and the record keeps the signed answer', async (t) => {
  const { server, connector } = await rogueKeygen(t, pass);
  accepted(await connector.fulfil(keygenRequest()));
  const outcome = accepted(await connector.fulfil(keygenRequest({ kind: 'deactivate' })));
  const record = JSON.parse(Buffer.from(outcome.artifact.bytes).toString()) as { proof: { keygenSignature: string; requestTarget: string } };
  assert.match(record.proof.keygenSignature, /algorithm="ed25519"/);
  assert.match(record.proof.requestTarget, /^delete \/v1\/accounts\/.+\/machines\//);
  assert.equal(server.state.machines().length, 0);
});

test('Keygen: an unsigned 204 to a deactivation that never reached Keygen is refused as unconfirmed', async (t) => {
  const { server, connector } = await rogueKeygen(t, (req, body, genuine) => (isDelete(req) ? { status: 204, headers: {}, body: Buffer.alloc(0) } : genuine!), { forward: (req) => !isDelete(req) });
  accepted(await connector.fulfil(keygenRequest()));
  const f = refused(await connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  assert.match(f.message, /could not confirm .*no Keygen-Signature header\. Keygen still answers HTTP 200 for the machine, in a signed answer\./);
  assert.equal(server.state.machines().length, 1, 'the seat is still taken, and the kiosk does not say otherwise');
});

test('Keygen: an unsigned 200 with `{}` or another machine as the body is refused as unconfirmed', async (t) => {
  for (const body of ['{}', JSON.stringify({ data: { id: machineIdFor('another-licence', 'another-device'), type: 'machines', attributes: { fingerprint: 'another-device' } } })]) {
    const { connector } = await rogueKeygen(t, (req, _b, genuine) => (isDelete(req) ? { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) } : genuine!), { forward: (req) => !isDelete(req) });
    accepted(await connector.fulfil(keygenRequest()));
    refused(await connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  }
});

test('Keygen: when a man in the middle strips every signature, a deletion that did happen is still not reported as confirmed', async (t) => {
  const { server, connector } = await rogueKeygen(t, (_req, _body, genuine) => unsigned(genuine!));
  accepted(await connector.fulfil(keygenRequest()));
  refused(await connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  assert.equal(server.state.machines().length, 0);
  // The interrupted-deactivation path says "the seat is free" only on a signed lookup too.
  refused(await connector.reconcile(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
});

test('Keygen: an unsigned 404 to the deletion does not make the kiosk say the seat is free', async (t) => {
  const notFound = { errors: [{ title: 'Not found', detail: 'The requested machine was not found', code: 'NOT_FOUND' }] };
  const { server, connector } = await rogueKeygen(t, (req, _body, genuine) => (isDelete(req) ? { status: 404, headers: { 'content-type': 'application/vnd.api+json' }, body: Buffer.from(JSON.stringify(notFound)) } : genuine!), { forward: (req) => !isDelete(req) });
  accepted(await connector.fulfil(keygenRequest()));
  const f = refused(await connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  assert.doesNotMatch(f.message, /seat is free/);
  assert.match(f.message, /Keygen still answers HTTP 200 for the machine, in a signed answer\./);
  assert.equal(server.state.machines().length, 1, 'the seat is still taken');

  // A machine that really went (deleted behind the proxy's back): the signed follow-up says so.
  const gone = await rogueKeygen(t, (req, _body, genuine) => (isDelete(req) ? { status: 404, headers: { 'content-type': 'application/vnd.api+json' }, body: Buffer.from(JSON.stringify(notFound)) } : genuine!));
  accepted(await gone.connector.fulfil(keygenRequest()));
  const g = refused(await gone.connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'MACHINE_NOT_FOUND');
  assert.match(g.message, /signed answer says it no longer exists\); the seat is free/);
  assert.equal(gone.server.state.machines().length, 0);
});

test('Keygen: an unsigned 204 is confirmed by the signed follow-up saying the machine is gone', async (t) => {
  const { server, connector } = await rogueKeygen(t, (req, _body, genuine) => (isDelete(req) ? unsigned(genuine!) : genuine!));
  accepted(await connector.fulfil(keygenRequest()));
  const outcome = accepted(await connector.fulfil(keygenRequest({ kind: 'deactivate' })));
  assert.match(outcome.note, /signed answer that the machine no longer exists/);
  const record = JSON.parse(Buffer.from(outcome.artifact.bytes).toString()) as { proof: { status: number; requestTarget: string } };
  assert.equal(record.proof.status, 404);
  assert.match(record.proof.requestTarget, /^get \/v1\/accounts\/.+\/machines\/[0-9a-f-]{36}$/);
  assert.equal(server.state.machines().length, 0);
});

test('Keygen: a forged signature on the 204, or a signed 204 of another request replayed, is refused as unconfirmed', async (t) => {
  const forger = generateKeyPairSync('ed25519').privateKey;
  const { server, connector } = await rogueKeygen(
    t,
    (req, _body, genuine) => {
      if (!isDelete(req)) return genuine!;
      // Well-formed, fresh, for this very request and account: only the key that signed it is wrong.
      const date = new Date().toUTCString();
      const digest = `sha-256=${createHash('sha256').update('').digest('base64')}`;
      const signing = [`(request-target): delete ${req.url}`, `host: ${req.headers.host}`, `date: ${date}`, `digest: ${digest}`].join('\n');
      const forged = sign(null, Buffer.from(signing), forger).toString('base64');
      return { status: 204, headers: { date, digest, 'keygen-signature': `keyid="${server.accountId}", algorithm="ed25519", signature="${forged}", headers="(request-target) host date digest"` }, body: Buffer.alloc(0) };
    },
    { forward: (req) => !isDelete(req) },
  );
  accepted(await connector.fulfil(keygenRequest()));
  refused(await connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  assert.equal(server.state.machines().length, 1);

  // The replay: the genuine, signed 204 of GET /ping, served as the answer to the DELETE.
  const ping = await fetch(`${server.url}/ping`);
  assert.equal(ping.status, 204);
  const replayed = await rogueKeygen(t, (req, _body, genuine) => (isDelete(req) ? { status: 204, headers: Object.fromEntries(ping.headers), body: Buffer.alloc(0) } : genuine!), { forward: (req) => !isDelete(req) });
  accepted(await replayed.connector.fulfil(keygenRequest()));
  refused(await replayed.connector.fulfil(keygenRequest({ kind: 'deactivate' })), 'deactivation_unconfirmed');
  assert.equal(replayed.server.state.machines().length, 1);
});

/** A machine file signed with the account's real key around `documentText` (JSON text, unencrypted). */
function signedMachineFile(privateKeyPem: string, documentText: string): string {
  const enc = Buffer.from(documentText).toString('base64');
  const sig = sign(null, Buffer.from(`machine/${enc}`), createPrivateKey(privateKeyPem)).toString('base64');
  return machineFileText({ enc, sig, alg: 'base64+ed25519' });
}

function machineDocument(over: { fingerprint?: string; licenseId?: string | null; includedId?: string; expiry?: string | null } = {}): Record<string, unknown> {
  const issued = new Date(Date.now() - 60_000);
  const licenseId = over.licenseId === undefined ? KL.id : over.licenseId;
  return {
    data: {
      id: machineIdFor(KL.id, KFP),
      type: 'machines',
      attributes: { fingerprint: over.fingerprint ?? KFP },
      ...(licenseId === null ? {} : { relationships: { license: { data: { type: 'licenses', id: licenseId } } } }),
    },
    included: [{ type: 'licenses', id: over.includedId ?? KL.id, attributes: {} }],
    meta: { issued: issued.toISOString(), expiry: over.expiry === undefined ? new Date(issued.getTime() + 3_600_000).toISOString() : over.expiry, ttl: 3600 },
  };
}

/** A rogue Keygen whose check-out answers with a machine file it crafts (signed with the account key). */
async function rogueCheckout(t: TestContext, documentText: string) {
  let privateKeyPem = '';
  const rogue = await rogueKeygen(
    t,
    (req, _body, genuine) => {
      if (!req.url?.endsWith('/actions/check-out')) return genuine!;
      const certificate = signedMachineFile(privateKeyPem, documentText);
      return { status: 200, headers: { 'content-type': 'application/vnd.api+json' }, body: Buffer.from(JSON.stringify({ data: { id: 'f1', type: 'machine-files', attributes: { certificate } } })) };
    },
    { forward: (req) => !req.url?.endsWith('/actions/check-out'), settings: { encrypt: false, checkoutTtlSeconds: 3600 } },
  );
  privateKeyPem = rogue.server.privateKeyPem;
  return rogue.connector;
}

test('Keygen: the crafted machine file the rogue check-out serves is accepted when it is right', async (t) => {
  const connector = await rogueCheckout(t, JSON.stringify(machineDocument()));
  accepted(await connector.fulfil(keygenRequest()));
});

test('Keygen: a signed machine file for another fingerprint is refused, also when ours follows as a duplicate', async (t) => {
  const other = await rogueCheckout(t, JSON.stringify(machineDocument({ fingerprint: 'lathe-2:0a1b2c3d4e5f6a7b' })));
  refused(await other.fulfil(keygenRequest()), 'machine_file_mismatch');
  const hidden = JSON.stringify(machineDocument()).replace(`"fingerprint":"${KFP}"`, `"fingerprint":"lathe-2:0a1b2c3d4e5f6a7b","fingerprint":"${KFP}"`);
  const connector = await rogueCheckout(t, hidden);
  assert.match(refused(await connector.fulfil(keygenRequest()), 'machine_file_invalid').message, /not strict JSON .*"fingerprint" appears twice/);
});

test('Keygen: a signed machine file for another licence, or naming none, is refused', async (t) => {
  for (const over of [{ licenseId: null, includedId: '00000000-0000-4000-8000-00000000beef' }, { licenseId: null }, { includedId: '00000000-0000-4000-8000-00000000beef' }]) {
    const connector = await rogueCheckout(t, JSON.stringify(machineDocument(over)));
    refused(await connector.fulfil(keygenRequest()), 'machine_file_mismatch');
  }
});

test('Keygen: a signed machine file whose data carries duplicate keys or a __proto__ member is refused', async (t) => {
  const good = JSON.stringify(machineDocument());
  const doctored = [
    good.replace('"meta":{', '"meta":{"expiry":"2099-01-01T00:00:00.000Z",'),
    good.replace('"data":{', `"data":{"id":"${machineIdFor(KL.id, 'someone-else')}",`),
    good.replace('"attributes":{', '"attributes":{"__proto__":{"fingerprint":"x"},'),
  ];
  for (const text of doctored) {
    const connector = await rogueCheckout(t, text);
    assert.match(refused(await connector.fulfil(keygenRequest()), 'machine_file_invalid').message, /not strict JSON/);
  }
});

test('Keygen: a signed machine file without expiry, when the connection asked for one, is refused', async (t) => {
  const connector = await rogueCheckout(t, JSON.stringify(machineDocument({ expiry: null })));
  assert.match(refused(await connector.fulfil(keygenRequest()), 'machine_file_invalid').message, /never expires/);
});
