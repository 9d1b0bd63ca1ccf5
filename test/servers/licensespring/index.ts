// A LicenseSpring License API stand-in on node:http, per ../shared/reference/licensespring.md and
// LicenseSpring's docs and Python SDK: the offline method (POST /api/v4/activate_offline and
// /deactivate_offline taking the device's base64 request file), the online deactivation
// (POST /api/v4/deactivate_license with JSON {license_key or username, hardware_id, product}, which the
// kiosk's seat return uses without the device), and two reads the kiosk uses without
// changing anything (GET /api/v4/product_details, GET /api/v4/check_license).
//
// What it checks, as LicenseSpring documents it:
// - every call: `Date` (RFC 7231, within maxDateSkewSeconds of the server's clock) and `Authorization:
//   algorithm="hmac-sha256",headers="date",signature="<b64 HMAC(shared key, 'licenseSpring\ndate: <Date>')>",apiKey="<key>"`
//   (member names case-insensitive), API keys that are unknown, revoked or read-only;
// - the request file: schema version 2, the outer HMAC over Python's json.dumps(request) (either
//   ensure_ascii form, as the SDK makes activations with one and deactivations with the other), the
//   inner HMAC over "licenseSpring\ndate: …\n<key or username>\n<hardware id>\n<api key>";
// - products (unknown, archived, disabled, not allowed for the API key), blacklisted hardware ids,
//   licence types (only trial, perpetual and consumption activate offline), states (disabled,
//   inactive, trial expired) and max activations; a hardware id already on the licence takes no
//   second seat.
// - Errors are `{status, code, message}` with the documented codes; 429 carries Retry-After.
// The licence document is signed with license_signature_v2 (RSA PKCS#1 v1.5 / SHA-256 over the compact
// JSON without both signatures, members in order, non-ASCII as is) and the legacy license_signature,
// and written with Python's default separators and ASCII escapes, so a reader must re-serialise it.
//
// Choices where the docs are silent (unconfirmed, kept here): the clock-skew refusal is
// date_header_diff (or signature_mismatch, a knob); a subscription licence is refused with
// validation_error; deactivation answers 200 with the text "license_deactivated".
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OrderedObject, parseStrictJsonOrdered, type OrderedJson } from '../../../shared/crypto/strict-json.ts';
import { FaultSwitches, FixedWindow, readBody, runServer, type Faults } from '../../../electron/demo/server-kit.ts';
import { innerSigningString, PyObject, pythonDumps, type PyValue } from './request-file.ts';

export interface LsProduct {
  code: string;
  name: string;
  archived?: boolean;
  disabled?: boolean;
}

export interface LsApiKey {
  key: string;
  readOnly?: boolean;
  revoked?: boolean;
  /** Products this key may activate; all when absent. */
  products?: string[];
}

export interface LsLicense {
  id: number;
  product: string;
  key?: string;
  /** A user-based licence: the user's e-mail. */
  username?: string;
  type: 'perpetual' | 'trial' | 'consumption' | 'subscription';
  maxActivations: number;
  enabled?: boolean;
  active?: boolean;
  /** ISO date the licence runs until; null = perpetual. */
  validityPeriod?: string | null;
  /** For trials: ISO time the trial ended (trial_expired after it). */
  trialEndsAt?: string | null;
}

export interface LicenseSpringServerOptions {
  sharedKey: string;
  apiKeys: LsApiKey[];
  products: LsProduct[];
  licenses: LsLicense[];
  blacklist?: string[];
  /** PKCS#8 PEM of the server's RSA key; generated when absent. */
  privateKeyPem?: string;
  maxDateSkewSeconds?: number;
  /** Requests per API key per window (LicenseSpring: 1,800+ per rolling 60 s). */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

export interface LsActivation {
  licenseId: number;
  hardwareId: string;
  hostname: string | null;
  requestId: string;
}

export interface LicenseSpringKnobs {
  /** The server's clock runs this far from the machine's (its Date header and skew check follow). */
  clockOffsetMs: number;
  /** Which code a Date too far off gets. */
  clockErrorCode: 'date_header_diff' | 'signature_mismatch';
  /** Leave the Date header out of answers. */
  omitDateHeader: boolean;
  /** Change the next licence document's members before it is signed (a rogue server with the right key). */
  rewriteNext(fn: (entries: Array<[string, PyValue]>) => Array<[string, PyValue]>): void;
}

export interface LicenseSpringServerHandle {
  url: string;
  port: number;
  publicKeyPem: string;
  privateKeyPem: string;
  faults: Faults;
  knobs: LicenseSpringKnobs;
  state: {
    activations(licenseId?: number): LsActivation[];
    update(licenseId: number, change: Partial<Omit<LsLicense, 'id'>>): void;
    updateApiKey(key: string, change: Partial<Omit<LsApiKey, 'key'>>): void;
    /** "METHOD /path" of every request seen. */
    requests(): string[];
    answers(): Record<number, number>;
  };
  close(): Promise<void>;
  restart(): Promise<void>;
}

type Answer = { status: number; body?: PyValue | string; headers?: Record<string, string>; signed?: boolean };

const MAX_BODY_BYTES = 128 * 1024;
const OFFLINE_TYPES = new Set(['trial', 'perpetual', 'consumption']);

/** license_signature_v2: RSA-SHA256 over the compact JSON (",", ":", non-ASCII as is) of the members in order. */
export function compactPython(value: PyValue): string {
  if (value instanceof PyObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${compactPython(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(compactPython).join(',')}]`;
  return JSON.stringify(value);
}

/** Signs a licence document's members (both signatures appended) and prints it as the server does. */
export function signLicenseDocument(entries: Array<[string, PyValue]>, key: KeyObject, legacyText: string): string {
  const v2 = sign('sha256', Buffer.from(compactPython(new PyObject(entries)), 'utf8'), key).toString('base64');
  const legacy = sign('sha256', Buffer.from(legacyText.toLowerCase(), 'utf8'), key).toString('base64');
  return pythonDumps(new PyObject([...entries, ['license_signature', legacy], ['license_signature_v2', v2]]), true);
}

function toPy(value: OrderedJson): PyValue {
  if (value instanceof OrderedObject) return new PyObject(value.entries.map(([k, v]) => [k, toPy(v)]));
  if (Array.isArray(value)) return value.map(toPy);
  return value;
}

function sameHmac(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const err = (status: number, code: string, message: string): Answer => ({ status, body: new PyObject([['status', status], ['code', code], ['message', message]]) });

export async function startLicenseSpringServer(options: LicenseSpringServerOptions, listen: { port?: number } = {}): Promise<LicenseSpringServerHandle> {
  const key: KeyObject = options.privateKeyPem ? createPrivateKey(options.privateKeyPem) : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = options.privateKeyPem ?? key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const faults = new FaultSwitches();
  const limiter = new FixedWindow(options.rateLimit ?? { limit: 1800, windowMs: 60_000 });
  const apiKeys = new Map(options.apiKeys.map((k) => [k.key, { ...k }]));
  const products = new Map(options.products.map((p) => [p.code, { ...p }]));
  const licenses = new Map(options.licenses.map((l) => [l.id, { ...l }]));
  const blacklist = new Set(options.blacklist ?? []);
  const activations: LsActivation[] = [];
  const seen: string[] = [];
  const answered = new Map<number, number>();
  let rewrite: ((entries: Array<[string, PyValue]>) => Array<[string, PyValue]>) | null = null;
  const knobs: LicenseSpringKnobs = {
    clockOffsetMs: 0,
    clockErrorCode: 'date_header_diff',
    omitDateHeader: false,
    rewriteNext: (fn) => {
      rewrite = fn;
    },
  };
  const clock = () => (options.now ?? Date.now)() + knobs.clockOffsetMs;
  const maxSkewMs = (options.maxDateSkewSeconds ?? 900) * 1000;

  /** The documented authorization; returns the API key entry or the refusal. */
  function authorize(req: IncomingMessage, write: boolean): LsApiKey | Answer {
    const date = req.headers.date;
    const authorization = req.headers.authorization;
    if (!date || !authorization) return err(400, 'missing_headers', `Missing header: ${!date ? 'Date' : 'Authorization'}.`);
    const params = new Map<string, string>();
    for (const part of authorization.split(',')) {
      const m = /^\s*([A-Za-z]+)="([^"]*)"\s*$/.exec(part);
      if (!m) return err(400, 'authorization_invalid_headers', 'Authorization header is malformed.');
      params.set(m[1]!.toLowerCase(), m[2]!);
    }
    const missing = ['algorithm', 'headers', 'signature', 'apikey'].filter((p) => !params.get(p));
    if (missing.length) return err(400, 'authorization_missing_params', `Authorization is missing: ${missing.join(', ')}.`);
    if (params.get('algorithm')!.toLowerCase() !== 'hmac-sha256') return err(400, 'hmac_required', 'hmac-sha256 is the required algorithm.');
    if (params.get('headers')!.toLowerCase() !== 'date') return err(400, 'authorization_invalid_headers', 'headers must be "date".');
    const apiKey = apiKeys.get(params.get('apikey')!);
    if (!apiKey) return err(400, 'invalid_api_key', 'Provided api key is not valid.');
    if (apiKey.revoked) return err(400, 'revoked_api_key', 'Provided api key has been revoked.');
    const sent = Date.parse(date);
    if (!Number.isFinite(sent)) return err(400, 'missing_headers', 'The Date header is not an RFC 7231 date.');
    if (Math.abs(sent - clock()) > maxSkewMs) {
      return knobs.clockErrorCode === 'date_header_diff' ? err(400, 'date_header_diff', 'The Date header differs too much from the server time.') : err(401, 'signature_mismatch', 'Signature mismatch.');
    }
    const expected = createHmac('sha256', options.sharedKey).update(`licenseSpring\ndate: ${date}`, 'utf8').digest('base64');
    if (!sameHmac(expected, params.get('signature'))) return err(401, 'signature_mismatch', 'Signature mismatch.');
    if (write && apiKey.readOnly) return err(400, 'read_only_api_key', 'Provided api key is read only.');
    return apiKey;
  }

  function productProblem(code: string, apiKey: LsApiKey): Answer | null {
    const product = products.get(code);
    if (!product) return err(400, 'unknown_product', 'Provided product was not found.');
    if (product.archived) return err(400, 'archived_product', 'Product is archived.');
    if (product.disabled) return err(400, 'disabled_product', 'Provided product is disabled.');
    if (apiKey.products && !apiKey.products.includes(code)) return err(400, 'api_key_product_not_allowed', 'API key is not allowed to use this product.');
    return null;
  }

  function findLicense(product: string, licenseKey: string | undefined, username: string | undefined): LsLicense | undefined {
    return [...licenses.values()].find((l) => l.product === product && ((licenseKey !== undefined && l.key === licenseKey) || (username !== undefined && l.username === username)));
  }

  type OfflineRequest = { r: OrderedObject; get: (name: string) => string | undefined };

  /** The request file: base64, schema 2, both HMACs. */
  function readRequestFile(body: string, kind: 'activation' | 'deactivation'): OfflineRequest | Answer {
    const text = body.trim();
    if (text === '') return err(400, 'missing_content', 'The offline request is empty.');
    let outer: OrderedJson;
    try {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
      outer = parseStrictJsonOrdered(Buffer.from(text, 'base64').toString('utf8'));
    } catch {
      return err(400, 'invalid_json', 'The offline request is not valid base64-encoded JSON.');
    }
    const r = outer instanceof OrderedObject ? outer.get('request') : undefined;
    if (!(outer instanceof OrderedObject) || !(r instanceof OrderedObject)) return err(400, 'validation_error', 'Offline request schema version 2 is required.');
    const get = (name: string) => {
      const v = r.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    if (r.get('schema_version') !== 2) return err(400, 'validation_error', 'Offline request schema version 2 is required.');
    const request = toPy(r);
    const outerSig = outer.get('signature');
    if (!sameHmac(createHmac('sha256', options.sharedKey).update(pythonDumps(request, true)).digest('base64'), outerSig) && !sameHmac(createHmac('sha256', options.sharedKey).update(pythonDumps(request, false)).digest('base64'), outerSig)) {
      return err(401, 'signature_mismatch', 'Offline request signature mismatch.');
    }
    if (!get('product')) return err(400, 'missing_parameters', 'Missing parameters: product.');
    if (!get('hardware_id')) return err(400, 'missing_hardware_id', 'hardware_id missing in the request.');
    const identity = get('license_key') ?? get('username');
    if (!identity) return err(400, 'license_key_required', 'license_key is missing from the request.');
    const requestApiKey = get('api_key');
    if (!requestApiKey || !get('date') || !get('request_id')) return err(400, 'missing_parameters', 'Missing parameters: api_key, date or request_id.');
    if (!sameHmac(createHmac('sha256', options.sharedKey).update(innerSigningString(get('date')!, identity, get('hardware_id')!, requestApiKey)).digest('base64'), r.get('signature'))) {
      return err(401, 'signature_mismatch', 'Offline request signature mismatch.');
    }
    const known = apiKeys.get(requestApiKey);
    if (!known || known.revoked) return err(400, 'invalid_api_key', 'The api key in the offline request is not valid.');
    if (get('request') !== kind) return err(400, 'validation_error', `This endpoint takes an offline ${kind} request.`);
    return { r, get };
  }

  function licenseDocument(l: LsLicense, a: LsActivation, product: LsProduct): string {
    let entries: Array<[string, PyValue]> = [
      ['id', l.id],
      ...(l.key ? ([['license_key', l.key]] as Array<[string, PyValue]>) : [['user', new PyObject([['email', l.username!], ['is_initial_password', false]])] as [string, PyValue]]),
      ['hardware_id', a.hardwareId],
      ['request_id', a.requestId],
      ['license_type', l.type],
      ['is_trial', l.type === 'trial'],
      ['license_active', l.active ?? true],
      ['license_enabled', l.enabled ?? true],
      ['validity_period', l.validityPeriod ?? null],
      ['max_activations', l.maxActivations],
      ['times_activated', activations.filter((x) => x.licenseId === l.id).length],
      ['transfer_count', 0],
      ['prevent_vm', false],
      ['product_details', new PyObject([['product_id', 1000 + [...products.keys()].indexOf(product.code)], ['product_name', product.name], ['short_code', product.code]])],
      ['customer', new PyObject([['email', 'ops@example.com'], ['company_name', 'Müller Anlagenbau GmbH']])],
      // Integer-like member names: a plain JavaScript object would move them to the front.
      ['metadata', new PyObject([['site', 'Hall 3'], ['10', 'line ten'], ['2', 'line two']])],
      ['product_features', []],
      ['offline_activation', true],
      ['issued', new Date(clock()).toISOString()],
    ];
    if (rewrite) {
      entries = rewrite(entries);
      rewrite = null;
    }
    return signLicenseDocument(entries, key, `${a.hardwareId}#${l.key ?? l.username}#${l.validityPeriod ?? ''}`);
  }

  function offline(kind: 'activation' | 'deactivation', apiKey: LsApiKey, body: string): Answer {
    const file = readRequestFile(body, kind);
    if ('status' in file) return file;
    const { get } = file;
    const productProblemAnswer = productProblem(get('product')!, apiKey);
    if (productProblemAnswer) return productProblemAnswer;
    const hardwareId = get('hardware_id')!;
    if (blacklist.has(hardwareId)) return err(400, 'blacklisted', 'This device is blacklisted.');
    const l = findLicense(get('product')!, get('license_key'), get('username'));
    if (!l) return err(400, 'license_not_found', 'License with provided license_key not found.');
    const index = activations.findIndex((a) => a.licenseId === l.id && a.hardwareId === hardwareId);
    if (kind === 'deactivation') {
      if (index < 0) return err(400, 'device_not_found', 'An active device matching hardware_id not found.');
      activations.splice(index, 1);
      return { status: 200, body: 'license_deactivated' };
    }
    if (!(l.enabled ?? true)) return err(400, 'license_not_enabled', 'License is not enabled.');
    if (!(l.active ?? true)) return err(400, 'license_not_active', 'License is not active.');
    if (!OFFLINE_TYPES.has(l.type)) return err(400, 'validation_error', 'Offline activation supports trial, perpetual and consumption licenses only.');
    if (l.type === 'trial' && l.trialEndsAt && Date.parse(l.trialEndsAt) <= clock()) return err(400, 'trial_expired', 'Trial period for device has expired.');
    let activation = index >= 0 ? activations[index]! : undefined;
    if (!activation) {
      if (activations.filter((a) => a.licenseId === l.id).length >= l.maxActivations) return err(400, 'license_activated_max_times', 'License is already activated max number of times.');
      activation = { licenseId: l.id, hardwareId, hostname: get('hostname') ?? null, requestId: get('request_id')! };
      activations.push(activation);
    } else activation.requestId = get('request_id')!;
    return { status: 200, body: licenseDocument(l, activation, products.get(l.product)!), signed: true };
  }

  /** The online method's deactivation: no request file, the hardware id named in a JSON body. */
  function deactivateLicense(apiKey: LsApiKey, body: string): Answer {
    let parsed: OrderedJson;
    try {
      parsed = parseStrictJsonOrdered(body);
    } catch {
      return err(400, 'invalid_json', 'The request body is not valid JSON.');
    }
    if (!(parsed instanceof OrderedObject)) return err(400, 'invalid_json', 'The request body is not a JSON object.');
    const get = (name: string) => {
      const v = parsed.get(name);
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const product = get('product');
    if (!product) return err(400, 'missing_parameters', 'Missing parameters: product.');
    const hardwareId = get('hardware_id');
    if (!hardwareId) return err(400, 'missing_hardware_id', 'hardware_id missing in the request.');
    if (!get('license_key') && !get('username')) return err(400, 'license_key_required', 'license_key is missing from the request.');
    const problem = productProblem(product, apiKey);
    if (problem) return problem;
    const l = findLicense(product, get('license_key'), get('username'));
    if (!l) return err(400, 'license_not_found', 'License with provided license_key not found.');
    const index = activations.findIndex((a) => a.licenseId === l.id && a.hardwareId === hardwareId);
    if (index < 0) return err(400, 'device_not_found', 'An active device matching hardware_id not found.');
    activations.splice(index, 1);
    return { status: 200, body: 'license_deactivated' };
  }

  function checkLicense(url: URL, apiKey: LsApiKey): Answer {
    const product = url.searchParams.get('product') ?? '';
    const problem = productProblem(product, apiKey);
    if (problem) return problem;
    const l = findLicense(product, url.searchParams.get('license_key') ?? undefined, url.searchParams.get('username') ?? undefined);
    if (!l) return err(400, 'license_not_found', 'License with provided license_key not found.');
    const hardwareId = url.searchParams.get('hardware_id') ?? '';
    if (!activations.some((a) => a.licenseId === l.id && a.hardwareId === hardwareId)) return err(400, 'device_not_found', 'An active device matching hardware_id not found.');
    return { status: 200, body: new PyObject([['id', l.id], ['hardware_id', hardwareId], ['license_active', l.active ?? true], ['license_enabled', l.enabled ?? true]]) };
  }

  async function route(req: IncomingMessage): Promise<Answer | 'drop'> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    seen.push(`${method} ${url.pathname}`);
    const throttle = faults.takeThrottle();
    if (throttle !== null) return tooMany(throttle);
    await faults.delay();
    const failed = faults.takeFail();
    if (failed !== null) return { ...err(failed.status, failed.status === 500 ? 'internal_error' : 'service_unavailable', 'Server-side error.'), headers: failed.headers };
    const drop = faults.takeDrop();
    if (drop === 'before') return 'drop';
    const routes: Record<string, { method: string; write: boolean }> = {
      '/api/v4/activate_offline': { method: 'POST', write: true },
      '/api/v4/deactivate_offline': { method: 'POST', write: true },
      '/api/v4/deactivate_license': { method: 'POST', write: true },
      '/api/v4/check_license': { method: 'GET', write: false },
      '/api/v4/product_details': { method: 'GET', write: false },
    };
    const known = routes[url.pathname];
    if (!known || known.method !== method) return err(404, 'not_found', "Requested API path doesn't exist.");
    const auth = authorize(req, known.write);
    if ('status' in auth) return auth;
    const window = limiter.take(auth.key, clock());
    if (!window.allowed) return tooMany(window.retryAfterSeconds);
    let answer: Answer;
    if (method === 'POST') {
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === null) return err(413, 'validation_error', 'The request body is too large.');
      if (url.pathname === '/api/v4/deactivate_license') answer = deactivateLicense(auth, raw.toString('utf8'));
      else answer = offline(url.pathname.endsWith('/activate_offline') ? 'activation' : 'deactivation', auth, raw.toString('utf8'));
    } else if (url.pathname === '/api/v4/product_details') {
      const code = url.searchParams.get('product') ?? '';
      const problem = productProblem(code, auth);
      const p = products.get(code);
      answer = problem ?? { status: 200, body: new PyObject([['product_name', p!.name], ['short_code', p!.code], ['allow_trial', true]]) };
    } else answer = checkLicense(url, auth);
    if (drop === 'after') return 'drop';
    return answer;
  }

  function tooMany(retryAfter: number): Answer {
    return { ...err(429, 'too_many_requests', 'Too many requests.'), headers: { 'Retry-After': String(retryAfter) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = await route(req);
    if (answer === 'drop') return void req.socket.destroy();
    answered.set(answer.status, (answered.get(answer.status) ?? 0) + 1);
    let text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : pythonDumps(answer.body, true);
    const tamper = answer.signed ? faults.takeTamper() : null;
    if (tamper === 'signature') text = text.replace(/"license_signature_v2": "(.)/, (_, c: string) => `"license_signature_v2": "${c === 'A' ? 'B' : 'A'}`);
    if (tamper === 'data') text = text.replace(/"max_activations": \d+/, '"max_activations": 999');
    const plain = typeof answer.body === 'string' && !answer.signed;
    res.sendDate = !knobs.omitDateHeader;
    const headers: Record<string, string> = { ...answer.headers, 'Content-Type': plain ? 'text/plain; charset=utf-8' : 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' };
    if (!knobs.omitDateHeader) headers.Date = new Date(clock()).toUTCString();
    res.writeHead(answer.status, headers);
    res.end(text);
  }

  const running = await runServer(handle, listen.port ?? 0);
  return {
    url: running.url,
    port: running.port,
    publicKeyPem,
    privateKeyPem,
    faults,
    knobs,
    state: {
      activations: (licenseId) => activations.filter((a) => licenseId === undefined || a.licenseId === licenseId).map((a) => ({ ...a })),
      update: (licenseId, change) => {
        const l = licenses.get(licenseId);
        if (!l) throw new Error('no such licence');
        Object.assign(l, change);
      },
      updateApiKey: (k, change) => {
        const entry = apiKeys.get(k);
        if (!entry) throw new Error('no such API key');
        Object.assign(entry, change);
      },
      requests: () => [...seen],
      answers: () => Object.fromEntries(answered),
    },
    close: running.close,
    restart: running.restart,
  };
}

export const LICENSESPRING_SAMPLES = {
  sharedKey: 'ls-shared-0123456789abcdef0123456789abcdef',
  apiKeys: {
    full: 'ls-api-0a1b2c3d-4e5f-4a6b-8c7d-000000000001',
    readOnly: 'ls-api-0a1b2c3d-4e5f-4a6b-8c7d-000000000002',
    revoked: 'ls-api-0a1b2c3d-4e5f-4a6b-8c7d-000000000003',
    otherProduct: 'ls-api-0a1b2c3d-4e5f-4a6b-8c7d-000000000004',
  },
  product: 'fooapp',
  licenses: {
    perpetual: { id: 1, key: 'AAAA-BBBB-CCCC-0001', note: 'perpetual, 2 activations' },
    oneSeat: { id: 2, key: 'AAAA-BBBB-CCCC-0002', note: 'perpetual, 1 activation' },
    trial: { id: 3, key: 'AAAA-BBBB-CCCC-0003', note: 'trial, runs to 2099' },
    trialExpired: { id: 4, key: 'AAAA-BBBB-CCCC-0004', note: 'trial, ended 2020' },
    disabled: { id: 5, key: 'AAAA-BBBB-CCCC-0005', note: 'disabled' },
    inactive: { id: 6, key: 'AAAA-BBBB-CCCC-0006', note: 'not active' },
    subscription: { id: 7, key: 'AAAA-BBBB-CCCC-0007', note: 'subscription (not offline)' },
    consumption: { id: 8, key: 'AAAA-BBBB-CCCC-0008', note: 'consumption, valid to 2030' },
    user: { id: 9, username: 'engineer@example.com', note: 'user-based, perpetual' },
  },
  blacklistedHardwareId: 'blacklisted-hardware-0000',
} as const;

export function licenseSpringSampleOptions(): Omit<LicenseSpringServerOptions, 'privateKeyPem' | 'now'> {
  const S = LICENSESPRING_SAMPLES;
  const L = S.licenses;
  const p = S.product;
  return {
    sharedKey: S.sharedKey,
    apiKeys: [{ key: S.apiKeys.full }, { key: S.apiKeys.readOnly, readOnly: true }, { key: S.apiKeys.revoked, revoked: true }, { key: S.apiKeys.otherProduct, products: ['otherapp'] }],
    products: [
      { code: p, name: 'Foo App' },
      { code: 'otherapp', name: 'Other App' },
      { code: 'oldapp', name: 'Old App', archived: true },
      { code: 'offapp', name: 'Off App', disabled: true },
    ],
    licenses: [
      { id: L.perpetual.id, key: L.perpetual.key, product: p, type: 'perpetual', maxActivations: 2 },
      { id: L.oneSeat.id, key: L.oneSeat.key, product: p, type: 'perpetual', maxActivations: 1 },
      { id: L.trial.id, key: L.trial.key, product: p, type: 'trial', maxActivations: 1, trialEndsAt: '2099-01-01T00:00:00Z', validityPeriod: '2099-01-01' },
      { id: L.trialExpired.id, key: L.trialExpired.key, product: p, type: 'trial', maxActivations: 1, trialEndsAt: '2020-01-01T00:00:00Z' },
      { id: L.disabled.id, key: L.disabled.key, product: p, type: 'perpetual', maxActivations: 2, enabled: false },
      { id: L.inactive.id, key: L.inactive.key, product: p, type: 'perpetual', maxActivations: 2, active: false },
      { id: L.subscription.id, key: L.subscription.key, product: p, type: 'subscription', maxActivations: 2, validityPeriod: '2030-01-01' },
      { id: L.consumption.id, key: L.consumption.key, product: p, type: 'consumption', maxActivations: 2, validityPeriod: '2030-01-01' },
      { id: L.user.id, username: L.user.username, product: p, type: 'perpetual', maxActivations: 2 },
      { id: 10, key: 'AAAA-BBBB-CCCC-0010', product: 'oldapp', type: 'perpetual', maxActivations: 2 },
      { id: 11, key: 'AAAA-BBBB-CCCC-0011', product: 'offapp', type: 'perpetual', maxActivations: 2 },
    ],
    blacklist: [S.blacklistedHardwareId],
  };
}
