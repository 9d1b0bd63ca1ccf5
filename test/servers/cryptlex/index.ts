// A Cryptlex Web API v3 stand-in on node:http, per ../shared/reference/cryptlex.md: offline
// activation/deactivation of a licence by licenseId, licence lookup by key (with the real pitfall:
// an empty `key=` is ignored and ALL licences come back), activation lookup, personal access tokens
// with per-module scopes, `{code, message}` errors, 50 requests per 5 s with X-Rate-Limit-* headers.
//
// Choices where the notes are silent or "unconfirmed" (kept in one place so they can change):
// - The device's offline request: `b64url(header).b64url(payload).b64url(sha256(header.payload))`,
//   payload {type: "activation"|"deactivation", key, fp, pid, hostname?, os?, nonce}. Real LexActivator
//   requests are encrypted for Cryptlex; the kiosk treats them as opaque either way.
// - The offline response is a JWT (RS256, the product's RSA key) with claims {aid, lid, pid, fp,
//   iat, eat, type: "offline", orh: SHA-256 hex of the offline request, suspended, leat: licence expiry
//   in epoch seconds or 0}; the product public key verifies it. As the notes say, a suspended or
//   expired licence is no activation error: the signed response carries `suspended` / `leat`.
// - Refusals as the notes' confirmed errors section says (Cryptlex's own activation example): 400 with
//   ACTIVATION_LIMIT_REACHED, REVOKED_LICENSE, INVALID_LICENSE_KEY (unknown key, or a request made for
//   another key or product), VM_ACTIVATION_NOT_ALLOWED (the request names a VM, the licence allows
//   none), COUNTRY_NOT_ALLOWED / IP_ADDRESS_NOT_ALLOWED (judged by the caller's address: `clientCountry`
//   stands in for the geo-IP lookup), INVALID_LICENSE_TYPE (a floating licence), METER_ATTRIBUTE_USES_
//   LIMIT_REACHED (the request's meter uses exceed what is left), INVALID_OFFLINE_REQUEST (missing,
//   oversized, malformed, or of the wrong kind); 409 DEACTIVATION_LIMIT_REACHED; 404 for an unknown
//   licence id or a missing activation; 429 with Retry-After; 500/503 by fault. Token problems: 401
//   UNAUTHORIZED / TOKEN_EXPIRED, 403 INSUFFICIENT_PERMISSIONS naming the scope. Guesses where the
//   notes are silent: the 404 body codes (LICENSE_NOT_FOUND / ACTIVATION_NOT_FOUND), 400
//   VALIDATION_ERROR for a licenseId or responseValidity of the wrong shape, and the order of checks.
// - Suspended and expired licences are activated (the signed response carries the state), never refused.
// - Offline-activating a fingerprint that already holds an activation on the licence reuses it (no
//   second seat) and issues a fresh response, as Cryptlex does for a known fingerprint.
// - Required scopes: license:read (GET /v3/licenses), activation:read (GET /v3/activations),
//   activation:write (offline activate/deactivate, and deactivating an activation by id).
// - POST /v3/activations/{id}/deactivate (changelog 3.53.0): deactivates one activation without the
//   device; 404 ACTIVATION_NOT_FOUND for an unknown id, 409 DEACTIVATION_LIMIT_REACHED when the licence's
//   allowed deactivations are used (it counts like an offline deactivation). Guesses where the changelog
//   is silent: an empty 204 on success, and activation:write as its scope.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSwitches, FixedWindow, readBody, runServer, type Faults } from '../../../electron/demo/server-kit.ts';

export interface CryptlexLicense {
  id: string;
  key: string;
  productId: string;
  allowedActivations: number;
  /** null = unlimited. */
  allowedDeactivations?: number | null;
  revoked?: boolean;
  suspended?: boolean;
  expiresAt?: string | null;
  /** Floating licences cannot be activated offline by a device (INVALID_LICENSE_TYPE). Default node-locked. */
  type?: 'node-locked' | 'hosted-floating' | 'on-premise-floating';
  /** false: a request that names a virtual machine is refused (VM_ACTIVATION_NOT_ALLOWED). Default true. */
  allowVmActivation?: boolean;
  /** ISO country codes activations may come from; empty or absent = any. */
  allowedCountries?: string[];
  /** Caller addresses activations may come from; empty or absent = any. */
  allowedIpAddresses?: string[];
  /** Meter attributes with their allowed and used counts; a new activation adds the uses its request names. */
  meterAttributes?: { name: string; allowedUses: number; totalUses: number }[];
}

export interface CryptlexToken {
  token: string;
  scopes: string[];
  expiresAt?: string | null;
}

export interface CryptlexActivation {
  id: string;
  licenseId: string;
  fingerprint: string;
  hostname: string | null;
  os: string | null;
  offline: true;
  createdAt: string;
}

export interface CryptlexServerOptions {
  licenses: CryptlexLicense[];
  tokens: CryptlexToken[];
  /** PKCS#8 PEM of the product's RSA key; generated when absent. */
  productPrivateKeyPem?: string;
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
  /** The country Cryptlex's geo-IP lookup gives for callers (loopback has none): for COUNTRY_NOT_ALLOWED. */
  clientCountry?: string | null;
}

export interface CryptlexServerHandle {
  url: string;
  port: number;
  productPublicKeyPem: string;
  productPrivateKeyPem: string;
  faults: Faults;
  /** Answers the next `n` offline activate/deactivate (or deactivate-by-id) calls (after the token check) with this refusal, e.g. a code the kiosk does not know. */
  refuseNext(n: number, status: number, body: unknown): void;
  state: {
    activations(licenseId?: string): CryptlexActivation[];
    deactivations(licenseId: string): number;
    update(licenseId: string, change: Partial<Omit<CryptlexLicense, 'id'>>): void;
    /** Every request seen per route, e.g. "GET /v3/licenses?key=" → count; for asserting the kiosk's calls. */
    requests(): string[];
    /** The bearer token each of those requests carried (null: none), in the same order: which token did what. */
    bearers(): { route: string; token: string | null }[];
    /** How many answers of each HTTP status the server sent (429s included), for rate benchmarks. */
    answers(): Record<number, number>;
  };
  close(): Promise<void>;
  restart(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_OFFLINE_REQUEST = 16_384;

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  signed?: boolean;
}

interface OfflinePayload {
  type: 'activation' | 'deactivation';
  key: string;
  fp: string;
  pid: string;
  hostname?: string;
  os?: string;
  /** The hypervisor LexActivator detected, when the device runs in a virtual machine. */
  vmName?: string;
  /** Meter attribute uses the activation asks for. */
  meterAttributes?: { name: string; uses: number }[];
  nonce: string;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** What a device (LexActivator stand-in) writes as its offline request file. */
export function makeOfflineRequest(payload: Omit<OfflinePayload, 'nonce'> & { nonce?: string }): string {
  const header = b64url(JSON.stringify({ typ: 'offline-request', v: 1 }));
  const body = b64url(JSON.stringify({ ...payload, nonce: payload.nonce ?? randomUUID() }));
  const check = b64url(createHash('sha256').update(`${header}.${body}`).digest());
  return `${header}.${body}.${check}`;
}

function readOfflineRequest(text: string): OfflinePayload | null {
  const parts = text.split('.');
  if (parts.length !== 3) return null;
  const [header, body, check] = parts as [string, string, string];
  if (b64url(createHash('sha256').update(`${header}.${body}`).digest()) !== check) return null;
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<OfflinePayload>;
    if ((p.type !== 'activation' && p.type !== 'deactivation') || typeof p.key !== 'string' || typeof p.fp !== 'string' || typeof p.pid !== 'string' || typeof p.nonce !== 'string') return null;
    if (p.vmName !== undefined && typeof p.vmName !== 'string') return null;
    if (p.meterAttributes !== undefined && !(Array.isArray(p.meterAttributes) && p.meterAttributes.every((m) => typeof m?.name === 'string' && Number.isInteger(m.uses) && m.uses >= 0))) return null;
    return p as OfflinePayload;
  } catch {
    return null;
  }
}

export async function startCryptlexServer(options: CryptlexServerOptions, listen: { port?: number } = {}): Promise<CryptlexServerHandle> {
  const productKey: KeyObject = options.productPrivateKeyPem ? createPrivateKey(options.productPrivateKeyPem) : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const productPublicKeyPem = createPublicKey(productKey).export({ type: 'spki', format: 'pem' }).toString();
  const productPrivateKeyPem = options.productPrivateKeyPem ?? productKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clock = options.now ?? Date.now;
  const limiter = new FixedWindow(options.rateLimit ?? { limit: 50, windowMs: 5_000 });
  const faults = new FaultSwitches();
  const licenses = new Map(options.licenses.map((l) => [l.id, { ...l, meterAttributes: l.meterAttributes?.map((m) => ({ ...m })) }]));
  const tokens = new Map(options.tokens.map((t) => [t.token, t]));
  const activations = new Map<string, CryptlexActivation>();
  const deactivations = new Map<string, number>();
  const seen: string[] = [];
  const bearers: { route: string; token: string | null }[] = [];
  const answered = new Map<number, number>();
  const refusal = { left: 0, status: 400, body: undefined as unknown };

  const licenseJson = (l: CryptlexLicense) => ({
    id: l.id,
    key: l.key,
    productId: l.productId,
    allowedActivations: l.allowedActivations,
    allowedDeactivations: l.allowedDeactivations ?? null,
    totalActivations: [...activations.values()].filter((a) => a.licenseId === l.id).length,
    totalDeactivations: deactivations.get(l.id) ?? 0,
    revoked: l.revoked ?? false,
    suspended: l.suspended ?? false,
    expiresAt: l.expiresAt ?? null,
    type: l.type ?? 'node-locked',
  });

  function authorize(req: IncomingMessage, scope: string): Answer | null {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = bearer ? tokens.get(bearer[1] ?? '') : undefined;
    if (!token) return err(401, 'UNAUTHORIZED', 'Access token is missing or invalid.');
    if (token.expiresAt && Date.parse(token.expiresAt) <= clock()) return err(401, 'TOKEN_EXPIRED', 'Access token has expired.');
    if (!token.scopes.includes(scope)) return err(403, 'INSUFFICIENT_PERMISSIONS', `The access token does not have the required permission: ${scope}.`);
    return null;
  }

  /**
   * Why Cryptlex refuses to activate this device on this licence, in the order checked; null: it
   * activates. Suspended and expired licences are no activation errors: the signed response carries
   * the state. The seat count and meter uses apply only to a fingerprint not yet on the licence.
   */
  function activationProblem(l: CryptlexLicense, request: OfflinePayload, caller: string, isNew: boolean): Answer | null {
    if (l.revoked) return err(400, 'REVOKED_LICENSE', 'The license has been revoked.');
    if (l.type !== undefined && l.type !== 'node-locked') return err(400, 'INVALID_LICENSE_TYPE', `A ${l.type} license cannot be activated offline.`);
    if (request.vmName && l.allowVmActivation === false) return err(400, 'VM_ACTIVATION_NOT_ALLOWED', 'Activation in a virtual machine is not allowed for this license.');
    const country = options.clientCountry ?? null;
    if (l.allowedCountries?.length && (country === null || !l.allowedCountries.includes(country))) return err(400, 'COUNTRY_NOT_ALLOWED', 'Activation from your country is not allowed for this license.');
    if (l.allowedIpAddresses?.length && !l.allowedIpAddresses.includes(caller)) return err(400, 'IP_ADDRESS_NOT_ALLOWED', 'Activation from your IP address is not allowed for this license.');
    if (!isNew) return null;
    if ([...activations.values()].filter((a) => a.licenseId === l.id).length >= l.allowedActivations) {
      return err(400, 'ACTIVATION_LIMIT_REACHED', `The license has reached its activation limit (${l.allowedActivations}).`);
    }
    for (const wanted of request.meterAttributes ?? []) {
      const meter = l.meterAttributes?.find((m) => m.name === wanted.name);
      if (meter && meter.totalUses + wanted.uses > meter.allowedUses) return err(400, 'METER_ATTRIBUTE_USES_LIMIT_REACHED', `The meter attribute ${meter.name} has reached its allowed uses.`);
    }
    return null;
  }

  function parseOffline(body: Record<string, unknown>, needValidity: boolean): { license: CryptlexLicense; request: OfflinePayload; raw: string; validity: number } | Answer {
    const { offlineRequest, licenseId, responseValidity } = body;
    const kind = needValidity ? 'activation' : 'deactivation';
    if (typeof offlineRequest !== 'string' || offlineRequest.length < 1 || offlineRequest.length > MAX_OFFLINE_REQUEST) {
      return err(400, 'INVALID_OFFLINE_REQUEST', `The offline ${kind} request must be a string of 1 to ${MAX_OFFLINE_REQUEST} characters.`);
    }
    if (typeof licenseId !== 'string' || licenseId.length < 1 || licenseId.length > 256) return err(400, 'VALIDATION_ERROR', 'licenseId must be a string of 1 to 256 characters.');
    let validity = 0;
    if (needValidity) {
      if (typeof responseValidity !== 'number' || !Number.isInteger(responseValidity) || responseValidity < 1) return err(400, 'VALIDATION_ERROR', 'responseValidity must be a positive integer (seconds).');
      validity = responseValidity;
    }
    const license = licenses.get(licenseId);
    if (!license) return err(404, 'LICENSE_NOT_FOUND', 'License not found.');
    const request = readOfflineRequest(offlineRequest);
    if (!request || request.type !== kind) return err(400, 'INVALID_OFFLINE_REQUEST', `The offline ${kind} request is invalid.`);
    if (request.key !== license.key || request.pid !== license.productId) return err(400, 'INVALID_LICENSE_KEY', 'The license key in the offline request does not belong to this license.');
    return { license, request, raw: offlineRequest, validity };
  }

  function offlineActivate(body: Record<string, unknown>, caller: string): Answer {
    const parsed = parseOffline(body, true);
    if ('status' in parsed) return parsed;
    const { license, request, raw, validity } = parsed;
    let activation = [...activations.values()].find((a) => a.licenseId === license.id && a.fingerprint === request.fp);
    const problem = activationProblem(license, request, caller, !activation);
    if (problem) return problem;
    if (!activation) {
      for (const wanted of request.meterAttributes ?? []) {
        const meter = license.meterAttributes?.find((m) => m.name === wanted.name);
        if (meter) meter.totalUses += wanted.uses;
      }
      activation = { id: randomUUID(), licenseId: license.id, fingerprint: request.fp, hostname: request.hostname ?? null, os: request.os ?? null, offline: true, createdAt: new Date(clock()).toISOString() };
      activations.set(activation.id, activation);
    }
    const iat = Math.floor(clock() / 1000);
    const leat = license.expiresAt ? Math.floor(Date.parse(license.expiresAt) / 1000) : 0;
    const claims = { aid: activation.id, lid: license.id, pid: license.productId, fp: request.fp, iat, eat: iat + validity, type: 'offline', orh: createHash('sha256').update(raw).digest('hex'), suspended: license.suspended ?? false, leat };
    const signingInput = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    const jwt = `${signingInput}.${sign('sha256', Buffer.from(signingInput), productKey).toString('base64url')}`;
    return { status: 200, body: { offlineResponse: jwt }, signed: true };
  }

  function offlineDeactivate(body: Record<string, unknown>): Answer {
    const parsed = parseOffline(body, false);
    if ('status' in parsed) return parsed;
    const { license, request } = parsed;
    const activation = [...activations.values()].find((a) => a.licenseId === license.id && a.fingerprint === request.fp);
    if (!activation) return err(404, 'ACTIVATION_NOT_FOUND', 'No activation exists for this device on the license.');
    return releaseSeat(license, activation);
  }

  function deactivateById(id: string): Answer {
    const activation = activations.get(id);
    const license = activation && licenses.get(activation.licenseId);
    if (!activation || !license) return err(404, 'ACTIVATION_NOT_FOUND', 'Activation not found.');
    return releaseSeat(license, activation);
  }

  /** Deletes an activation unless its licence has used all the deactivations it allows. */
  function releaseSeat(license: CryptlexLicense, activation: CryptlexActivation): Answer {
    const used = deactivations.get(license.id) ?? 0;
    if (license.allowedDeactivations != null && used >= license.allowedDeactivations) return err(409, 'DEACTIVATION_LIMIT_REACHED', 'The license has reached its deactivation limit.');
    activations.delete(activation.id);
    deactivations.set(license.id, used + 1);
    return { status: 204 };
  }

  async function route(req: IncomingMessage): Promise<Answer | 'drop'> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/v3/status' && method === 'GET') return { status: 200, body: { status: 'ok' } };
    const seenRoute = `${method} ${url.pathname}${url.searchParams.has('key') ? `?key=${url.searchParams.get('key') === '' ? '' : '…'}` : ''}`;
    seen.push(seenRoute);
    bearers.push({ route: seenRoute, token: /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null });

    const throttle = faults.takeThrottle();
    if (throttle !== null) return tooMany(throttle);
    await faults.delay();
    const failed = faults.takeFail();
    if (failed !== null) return { ...err(failed.status, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'), headers: failed.headers };
    const drop = faults.takeDrop();
    if (drop === 'before') return 'drop';

    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === null) return err(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return err(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON.');
      try {
        const v: unknown = JSON.parse(raw.toString('utf8'));
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return err(400, 'VALIDATION_ERROR', 'The request body must be a JSON object.');
        body = v as Record<string, unknown>;
      } catch {
        return err(400, 'VALIDATION_ERROR', 'The request body is not valid JSON.');
      }
    }
    const answer = dispatch(method, url, req, body);
    if (drop === 'after') return 'drop';
    return answer;
  }

  function dispatch(method: string, url: URL, req: IncomingMessage, body: Record<string, unknown>): Answer {
    if (url.pathname === '/v3/licenses' && method === 'GET') {
      const denied = authorize(req, 'license:read');
      if (denied) return denied;
      const key = url.searchParams.get('key');
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit')) || 10));
      // The pitfall, kept on purpose: an empty query parameter is ignored, so `key=` lists every licence.
      const list = [...licenses.values()].filter((l) => !key || l.key === key).slice(0, limit);
      return { status: 200, body: list.map(licenseJson) };
    }
    if (url.pathname === '/v3/activations' && method === 'GET') {
      const denied = authorize(req, 'activation:read');
      if (denied) return denied;
      const licenseId = url.searchParams.get('licenseId');
      const fingerprint = url.searchParams.get('fingerprint');
      const list = [...activations.values()].filter((a) => (!licenseId || a.licenseId === licenseId) && (!fingerprint || a.fingerprint === fingerprint));
      return { status: 200, body: list };
    }
    if (url.pathname === '/v3/activations/offline-activate' && method === 'POST') {
      return authorize(req, 'activation:write') ?? refused() ?? offlineActivate(body, callerAddress(req));
    }
    if (url.pathname === '/v3/activations/offline-deactivate' && method === 'POST') {
      return authorize(req, 'activation:write') ?? refused() ?? offlineDeactivate(body);
    }
    const byId = /^\/v3\/activations\/([^/]+)\/deactivate$/.exec(url.pathname);
    if (byId && method === 'POST') {
      return authorize(req, 'activation:write') ?? refused() ?? deactivateById(decodeURIComponent(byId[1] ?? ''));
    }
    return err(404, 'NOT_FOUND', 'The requested resource was not found.');
  }

  /** The refusal set by refuseNext, once per call. */
  function refused(): Answer | null {
    if (refusal.left <= 0) return null;
    refusal.left -= 1;
    return { status: refusal.status, body: refusal.body };
  }

  function tooMany(retryAfter: number): Answer {
    return { ...err(429, 'TOO_MANY_REQUESTS', 'Too many requests. Please retry later.'), headers: { 'Retry-After': String(retryAfter) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const window = limiter.take(req.socket.remoteAddress ?? '', clock());
    const rate = { 'X-Rate-Limit-Limit': String(window.limit), 'X-Rate-Limit-Remaining': String(window.remaining), 'X-Rate-Limit-Reset': String(window.resetSeconds) };
    const answer = window.allowed ? await route(req) : tooMany(window.retryAfterSeconds);
    if (answer === 'drop') return void req.socket.destroy();
    answered.set(answer.status, (answered.get(answer.status) ?? 0) + 1);
    let text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    const tamper = answer.signed ? faults.takeTamper() : null;
    if (tamper && answer.body) {
      const jwt = (answer.body as { offlineResponse: string }).offlineResponse;
      const [h, p, s] = jwt.split('.') as [string, string, string];
      const changed =
        tamper === 'signature'
          ? `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`
          : `${h}.${b64url(JSON.stringify({ ...(JSON.parse(Buffer.from(p, 'base64url').toString()) as object), eat: 4102444800 }))}.${s}`;
      text = JSON.stringify({ offlineResponse: changed });
    }
    res.writeHead(answer.status, { ...rate, ...answer.headers, ...(answer.status === 204 ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) }), 'Cache-Control': 'no-store' });
    res.end(answer.status === 204 ? undefined : text);
  }

  const running = await runServer(handle, listen.port ?? 0);
  return {
    url: running.url,
    port: running.port,
    productPublicKeyPem,
    productPrivateKeyPem,
    faults,
    refuseNext: (n, status, body) => Object.assign(refusal, { left: n, status, body }),
    state: {
      activations: (licenseId) => [...activations.values()].filter((a) => !licenseId || a.licenseId === licenseId).map((a) => ({ ...a })),
      deactivations: (licenseId) => deactivations.get(licenseId) ?? 0,
      update: (licenseId, change) => {
        const l = licenses.get(licenseId);
        if (!l) throw new Error('no such licence');
        Object.assign(l, change);
      },
      requests: () => [...seen],
      bearers: () => bearers.map((b) => ({ ...b })),
      answers: () => Object.fromEntries(answered),
    },
    close: running.close,
    restart: running.restart,
  };
}

/** The caller's address as Cryptlex would see it (IPv4-mapped IPv6 written as IPv4). */
function callerAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

function err(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}

export const CRYPTLEX_SAMPLES = {
  productId: 'b1c2d3e4-0000-4000-8000-00000000c0de',
  licenses: {
    twoSeats: { id: 'lic-0001-two-seats', key: 'A1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    oneSeat: { id: 'lic-0002-one-seat', key: 'B1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    revoked: { id: 'lic-0003-revoked', key: 'C1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    suspended: { id: 'lic-0004-suspended', key: 'D1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    expired: { id: 'lic-0005-expired', key: 'E1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** One deactivation allowed. */
    oneDeactivation: { id: 'lic-0006-one-deactivation', key: 'F1B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** Refuses a request made in a virtual machine. */
    noVm: { id: 'lic-0007-no-vm', key: 'A2B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** Activations only from Germany (the server places its callers in `clientCountry`). */
    germanyOnly: { id: 'lic-0008-germany-only', key: 'B2B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** Activations only from 203.0.113.7 (never the loopback caller). */
    oneAddress: { id: 'lic-0009-one-address', key: 'C2B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** A hosted floating licence: no offline activation. */
    floating: { id: 'lic-0010-floating', key: 'D2B2C3-D4E5F6-A7B8C9-D0E1F2' },
    /** Meter attribute "scans": 5 uses allowed, all used. */
    meterUsedUp: { id: 'lic-0011-meter-used-up', key: 'E2B2C3-D4E5F6-A7B8C9-D0E1F2' },
  },
  tokens: {
    /** license:read only: resolves keys to ids, nothing else. */
    lookup: 'cl-pat-lookup-0123456789abcdef0123456789abcdef',
    /** activation:read + activation:write: offline activate/deactivate and activation lookup. */
    activation: 'cl-pat-activation-0123456789abcdef0123456789ab',
    /** Everything the kiosk needs in one token. */
    full: 'cl-pat-full-0123456789abcdef0123456789abcdef01',
    expired: 'cl-pat-expired-0123456789abcdef0123456789abcde',
  },
} as const;

export function cryptlexSampleOptions(): Pick<CryptlexServerOptions, 'licenses' | 'tokens'> {
  const L = CRYPTLEX_SAMPLES.licenses;
  const pid = CRYPTLEX_SAMPLES.productId;
  return {
    licenses: [
      { ...L.twoSeats, productId: pid, allowedActivations: 2 },
      { ...L.oneSeat, productId: pid, allowedActivations: 1 },
      { ...L.revoked, productId: pid, allowedActivations: 2, revoked: true },
      { ...L.suspended, productId: pid, allowedActivations: 2, suspended: true },
      { ...L.expired, productId: pid, allowedActivations: 2, expiresAt: '2020-01-01T00:00:00Z' },
      { ...L.oneDeactivation, productId: pid, allowedActivations: 2, allowedDeactivations: 1 },
      { ...L.noVm, productId: pid, allowedActivations: 2, allowVmActivation: false },
      { ...L.germanyOnly, productId: pid, allowedActivations: 2, allowedCountries: ['DE'] },
      { ...L.oneAddress, productId: pid, allowedActivations: 2, allowedIpAddresses: ['203.0.113.7'] },
      { ...L.floating, productId: pid, allowedActivations: 2, type: 'hosted-floating' },
      { ...L.meterUsedUp, productId: pid, allowedActivations: 2, meterAttributes: [{ name: 'scans', allowedUses: 5, totalUses: 5 }] },
    ],
    tokens: [
      { token: CRYPTLEX_SAMPLES.tokens.lookup, scopes: ['license:read'] },
      { token: CRYPTLEX_SAMPLES.tokens.activation, scopes: ['activation:read', 'activation:write'] },
      { token: CRYPTLEX_SAMPLES.tokens.full, scopes: ['license:read', 'activation:read', 'activation:write'] },
      { token: CRYPTLEX_SAMPLES.tokens.expired, scopes: ['license:read', 'activation:read', 'activation:write'], expiresAt: '2020-01-01T00:00:00Z' },
    ],
  };
}
