// The seed-004 license API served with node:http. It is the built-in Demo licensing service and the
// server the connector tests run against, so it follows the API closely and adds fault switches.
//
// Choices where the seed is silent:
// - Activating a machine that already holds an activation on the licence is an idempotent success:
//   200 with the same signed record (same activated_at), no second seat taken. `repeatActivate:
//   'conflict'` instead answers 409, like servers that count the repeat against the limit.
// - Signatures cover `data` with keys sorted recursively, encoded compactly (canonicalJson).
// - Deactivate is allowed on suspended or expired licences (freeing a seat harms no one) and its
//   answer is signed too, although the seed only promises signatures for activate and validate.
// - "Machine not activated" (403) carries, beside the error, a signed record saying so
//   ({license_key, machine_id, activated: false, valid: false, checked_at}): a kiosk believes a seat
//   released only on a signed statement, and this is the one a follow-up validate can give.
// - GET /health → 200 {"status":"ok"} is an extension for cheap reachability checks.
// - Licence keys are matched case-insensitively and machine ids are stored lower-cased.
// - Rate limiting is a fixed window per client address; every answer carries the X-RateLimit-*
//   headers, 429s add Retry-After.
import { createPrivateKey, createPublicKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { t } from '../../shared/i18n/index.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { LICENSE_KEY_PATTERN, MACHINE_ID_PATTERN } from '../../shared/formats/request.ts';
import { FaultSwitches, FixedWindow, listenOn, readBody, type Faults } from './server-kit.ts';

export type { Faults } from './server-kit.ts';

export type LicenseStatus = 'active' | 'suspended';

export interface LicenseRecord {
  key: string;
  status: LicenseStatus;
  maxActivations: number;
  expiresAt?: string | null;
  product?: string;
  customer?: string;
}

/** Everything the server remembers; pass it back as `initialState` to restart where it left off. */
export interface LicenseServerSnapshot {
  licenses: LicenseRecord[];
  /** Licence key (upper case) → machine id (lower case) → ISO time of activation. */
  activations: Record<string, Record<string, string>>;
}

export interface LicenseServerOptions {
  licenses: LicenseRecord[];
  /** PKCS#8 or PKCS#1 PEM; a fresh RSA-2048 key is generated when absent. */
  privateKeyPem?: string;
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
  /** JSON file that keeps licences and activations across restarts; written atomically. */
  statePath?: string;
  /** Overrides the file at statePath; licences in it replace same-key entries of `licenses`. */
  initialState?: LicenseServerSnapshot;
  repeatActivate?: 'idempotent' | 'conflict';
}

export interface ListenOptions {
  port?: number;
  host?: '127.0.0.1';
}

export interface LicenseServerHandle {
  url: string;
  port: number;
  publicKeyPem: string;
  /** Kept so a caller can persist it or start another server that signs with the same key. */
  privateKeyPem: string;
  faults: Faults;
  state: {
    /** Machine ids activated on the licence. */
    activations(key: string): string[];
    /** Activations on one licence, or on all of them. */
    activationCount(key?: string): number;
    /** Activate calls for a machine already active (answered as the same seat): a caller that sent twice. */
    repeatActivations(): number;
    setStatus(key: string, status: LicenseStatus): void;
    addLicense(record: LicenseRecord): void;
    snapshot(): LicenseServerSnapshot;
  };
  close(): Promise<void>;
  /** Close and listen again on the same port, keeping key, state and faults ("server down, then up"). */
  restart(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_RATE_LIMIT = { limit: 60, windowMs: 60_000 };

const licenseRecordSchema = z.object({
  key: z.string().regex(LICENSE_KEY_PATTERN),
  status: z.enum(['active', 'suspended']),
  maxActivations: z.number().int().min(0),
  expiresAt: z.string().nullable().optional(),
  product: z.string().optional(),
  customer: z.string().optional(),
});
const snapshotSchema = z.object({
  licenses: z.array(licenseRecordSchema),
  activations: z.record(z.string(), z.record(z.string(), z.string())),
});

type Route = 'activate' | 'validate' | 'deactivate';
const ROUTES: Record<string, Route> = {
  '/license/activate': 'activate',
  '/license/validate': 'validate',
  '/license/deactivate': 'deactivate',
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export async function startLicenseServer(options: LicenseServerOptions, listen: ListenOptions = {}): Promise<LicenseServerHandle> {
  const privateKey = options.privateKeyPem ? createPrivateKey(options.privateKeyPem) : await generateSigningKey();
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = options.privateKeyPem ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clock = options.now ?? Date.now;
  const store = new LicenseStore(options);
  const limiter = new FixedWindow(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const faults = new FaultSwitches();
  const api = new LicenseApi(store, privateKey, clock, options.repeatActivate ?? 'idempotent');
  const host = listen.host ?? '127.0.0.1';

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res, { api, limiter, faults, clock }).catch(() => {
      // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
      if (!res.headersSent) send(res, { status: 500, body: errorBody('internal_error', 'The server failed to answer.') });
      else res.destroy();
    });
  };

  let server = createServer(handler);
  const port = await listenOn(server, listen.port ?? 0, host);
  const url = `http://${host}:${port}`;

  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  return {
    url,
    port,
    publicKeyPem,
    privateKeyPem,
    faults,
    state: {
      activations: (key) => [...(store.activations.get(key.toUpperCase())?.keys() ?? [])],
      repeatActivations: () => api.repeats,
      activationCount: (key) =>
        key === undefined
          ? [...store.activations.values()].reduce((sum, machines) => sum + machines.size, 0)
          : (store.activations.get(key.toUpperCase())?.size ?? 0),
      setStatus: (key, status) => store.update(key, { status }),
      addLicense: (record) => store.add(licenseRecordSchema.parse(record)),
      snapshot: () => store.snapshot(),
    },
    close,
    async restart() {
      await close();
      server = createServer(handler);
      await listenOn(server, port, host);
    },
  };
}

async function generateSigningKey(): Promise<KeyObject> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey;
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { api: LicenseApi; limiter: FixedWindow; faults: FaultSwitches; clock: () => number },
): Promise<void> {
  const window = ctx.limiter.take(req.socket.remoteAddress ?? '', ctx.clock());
  res.setHeader('X-RateLimit-Limit', String(window.limit));
  res.setHeader('X-RateLimit-Remaining', String(window.remaining));
  res.setHeader('X-RateLimit-Reset', String(window.resetSeconds));
  if (!window.allowed) {
    const wait = window.retryAfterSeconds;
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return send(res, { status: 429, body: errorBody('rate_limited', `Too many requests; retry in ${wait} seconds.`), headers: { 'Retry-After': String(wait) } });
  }

  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/health') {
    if (req.method !== 'GET') return send(res, methodNotAllowed('GET'));
    return send(res, { status: 200, body: { status: 'ok' } });
  }
  const route = ROUTES[path];
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  if (!route) return send(res, { status: 404, body: errorBody('not_found', 'No such endpoint.') });
  if (req.method !== 'POST') return send(res, methodNotAllowed('POST'));

  const raw = await readBody(req, MAX_BODY_BYTES);
  if (raw === null) {
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return send(res, { status: 413, body: errorBody('payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`), headers: { Connection: 'close' } });
  }

  await ctx.faults.delay();
  const throttle = ctx.faults.takeThrottle();
  if (throttle !== null) {
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return send(res, { status: 429, body: errorBody('rate_limited', `Too many requests; retry in ${throttle} seconds.`), headers: { 'Retry-After': String(throttle) } });
  }
  const failed = ctx.faults.takeFail();
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  if (failed !== null) return send(res, { status: failed.status, headers: failed.headers, body: errorBody('unavailable', 'The service is temporarily unavailable.') });
  const drop = ctx.faults.takeDrop();
  if (drop === 'before') return void req.socket.destroy();

  const answer = ctx.api.handle(route, req.headers['content-type'], raw);
  if (drop === 'after') return void req.socket.destroy();
  const tamper = answer.status === 200 ? ctx.faults.takeTamper() : null;
  if (tamper) answer.body = tampered(answer.body, tamper);
  send(res, answer);
}

function send(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...answer.headers,
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function errorBody(code: string, message: string, fields?: Record<string, string[]>): Record<string, unknown> {
  return { error: fields ? { code, message, fields } : { code, message } };
}

function methodNotAllowed(allow: string): Answer {
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  return { status: 405, body: errorBody('method_not_allowed', `Use ${allow} on this endpoint.`), headers: { Allow: allow } };
}

function tampered(body: Record<string, unknown>, how: 'signature' | 'data'): Record<string, unknown> {
  if (how === 'signature') {
    const signature = Buffer.from(String(body.signature), 'base64');
    signature[0] = (signature[0] ?? 0) ^ 0x01;
    return { ...body, signature: signature.toString('base64') };
  }
  const data = body.data as Record<string, unknown>;
  const seats = typeof data.max_activations === 'number' ? data.max_activations : 0;
  return { ...body, data: { ...data, max_activations: seats + 1000 } };
}

/** The three endpoints over the licence store; pure request → answer. */
class LicenseApi {
  /** Since start, not persisted: for tests and benchmarks counting double sends. */
  repeats = 0;
  constructor(
    private readonly store: LicenseStore,
    private readonly privateKey: KeyObject,
    private readonly clock: () => number,
    private readonly repeatActivate: 'idempotent' | 'conflict',
  ) {}

  handle(route: Route, contentType: string | undefined, raw: Buffer): Answer {
    const input = parseInput(contentType, raw);
    if (!input.ok) return { status: 422, body: errorBody('validation_error', input.message, input.fields) };
    const { key, machineId } = input;
    const license = this.store.licenses.get(key);
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    if (!license) return { status: 404, body: errorBody('license_not_found', 'No license exists with this key.') };
    const now = this.clock();
    const machines = this.store.activations.get(key) ?? new Map<string, string>();
    const activatedAt = machines.get(machineId);

    if (route === 'deactivate') {
      if (activatedAt === undefined) return this.notActivated(license, machineId, now);
      machines.delete(machineId);
      this.store.persist();
      return this.signed({ license_key: license.key, machine_id: machineId, deactivated_at: new Date(now).toISOString() });
    }

    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    if (license.status === 'suspended') return { status: 403, body: errorBody('license_suspended', 'The license is suspended.') };
    if (license.expiresAt && Date.parse(license.expiresAt) <= now) {
      // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
      return { status: 403, body: errorBody('license_expired', `The license expired at ${license.expiresAt}.`) };
    }

    if (route === 'validate') {
      if (activatedAt === undefined) return this.notActivated(license, machineId, now);
      return this.signed(licenseData(license, machineId, activatedAt, machines.size));
    }

    if (activatedAt !== undefined) {
      this.repeats += 1;
      if (this.repeatActivate === 'conflict') return limitReached(license);
      return this.signed(licenseData(license, machineId, activatedAt, machines.size));
    }
    if (machines.size >= license.maxActivations) return limitReached(license);
    const at = new Date(now).toISOString();
    machines.set(machineId, at);
    this.store.activations.set(key, machines);
    this.store.persist();
    return this.signed(licenseData(license, machineId, at, machines.size));
  }

  private signed(data: Record<string, unknown>): Answer {
    return { status: 200, body: { data, signature: this.signature(data) } };
  }

  private notActivated(license: LicenseRecord, machineId: string, now: number): Answer {
    const data = { license_key: license.key, machine_id: machineId, activated: false, valid: false, checked_at: new Date(now).toISOString() };
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return { status: 403, body: { ...errorBody('machine_not_activated', 'This machine is not activated on the license.'), data, signature: this.signature(data) } };
  }

  private signature(data: Record<string, unknown>): string {
    return sign('sha256', Buffer.from(canonicalJson(data), 'utf8'), this.privateKey).toString('base64');
  }
}

function licenseData(license: LicenseRecord, machineId: string, activatedAt: string, count: number): Record<string, unknown> {
  return {
    license_key: license.key,
    machine_id: machineId,
    status: license.status,
    valid: true,
    activated_at: activatedAt,
    expires_at: license.expiresAt ?? null,
    max_activations: license.maxActivations,
    activations: count,
    product: license.product ?? null,
    customer: license.customer ?? null,
  };
}

function limitReached(license: LicenseRecord): Answer {
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  return { status: 409, body: errorBody('activation_limit_reached', `The license allows ${license.maxActivations} activation(s), all in use.`) };
}

type Input = { ok: true; key: string; machineId: string } | { ok: false; message: string; fields: Record<string, string[]> };

function parseInput(contentType: string | undefined, raw: Buffer): Input {
  const invalid = (message: string, fields: Record<string, string[]>): Input => ({ ok: false, message, fields });
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return invalid('The request must be JSON.', { body: ['Content-Type must be application/json'] });
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return invalid('The request body is not valid JSON.', { body: ['must be valid JSON'] });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
    return invalid('The request body must be a JSON object.', { body: ['must be a JSON object'] });
  }
  const body = value as Record<string, unknown>;
  const fields: Record<string, string[]> = {};
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  const keyProblem = fieldProblem(body.license_key, LICENSE_KEY_PATTERN, 'in XXXXX-XXXXX-XXXXX-XXXXX-XXXXX format (letters and digits)');
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  const machineProblem = fieldProblem(body.machine_id, MACHINE_ID_PATTERN, '64 hexadecimal characters (SHA-256 of the machine identifier)');
  if (keyProblem) fields.license_key = [`license_key ${keyProblem}`];
  if (machineProblem) fields.machine_id = [`machine_id ${machineProblem}`];
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  if (keyProblem || machineProblem) return invalid('The request parameters are invalid.', fields);
  return { ok: true, key: String(body.license_key).toUpperCase(), machineId: String(body.machine_id).toLowerCase() };
}

function fieldProblem(value: unknown, pattern: RegExp, form: string): string | null {
  if (value === undefined || value === null) return 'is required';
  // ui-text-ok: the demo licensing service's API answers, in English like a real vendor's (the kiosk words what it shows itself)
  if (typeof value !== 'string') return 'must be a string';
  return pattern.test(value) ? null : `must be ${form}`;
}

/** Licences and activations, loaded from and saved to statePath when one is given. */
class LicenseStore {
  readonly licenses = new Map<string, LicenseRecord>();
  readonly activations = new Map<string, Map<string, string>>();
  private readonly path: string | undefined;

  constructor(options: LicenseServerOptions) {
    this.path = options.statePath;
    for (const record of z.array(licenseRecordSchema).parse(options.licenses)) this.licenses.set(record.key.toUpperCase(), { ...record, key: record.key.toUpperCase() });
    const saved = options.initialState ?? this.load();
    if (!saved) return;
    for (const record of saved.licenses) this.licenses.set(record.key.toUpperCase(), { ...record, key: record.key.toUpperCase() });
    for (const [key, machines] of Object.entries(saved.activations)) {
      this.activations.set(key.toUpperCase(), new Map(Object.entries(machines).map(([id, at]) => [id.toLowerCase(), at])));
    }
  }

  add(record: LicenseRecord): void {
    this.licenses.set(record.key.toUpperCase(), { ...record, key: record.key.toUpperCase() });
    this.persist();
  }

  update(key: string, change: Partial<LicenseRecord>): void {
    const record = this.licenses.get(key.toUpperCase());
    if (!record) throw new Error(t('demo:noLicence'));
    Object.assign(record, change);
    this.persist();
  }

  snapshot(): LicenseServerSnapshot {
    const activations: Record<string, Record<string, string>> = {};
    for (const [key, machines] of this.activations) if (machines.size > 0) activations[key] = Object.fromEntries(machines);
    return { licenses: [...this.licenses.values()].map((record) => ({ ...record })), activations };
  }

  persist(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Temp file + rename so a crash mid-write never leaves a truncated state file behind; private
    // to this user, as everything in the kiosk's data folder.
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.snapshot(), null, 2), { mode: 0o600 });
    renameSync(temp, this.path);
  }

  private load(): LicenseServerSnapshot | null {
    if (!this.path) return null;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = snapshotSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(t('demo:badState', { path: this.path }));
    return parsed.data;
  }
}

