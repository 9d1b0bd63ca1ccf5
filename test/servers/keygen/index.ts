// A Keygen-like licensing API (keygen-api v1, one account) on node:http, faithful to
// ../shared/reference/keygen.md: JSON:API documents, License / Bearer auth, validate-key with a
// fingerprint scope, machine activation with client-chosen ids, machine limits, check-out of signed
// (and optionally AES-256-GCM encrypted) machine files and licence files with every algorithm Keygen
// issues ({aes-256-gcm, base64} × {ed25519, rsa-pss-sha256, rsa-sha256, ecdsa-p256}, chosen by the
// `algorithm` check-out option as in keygen-api's AbstractCheckoutService), deactivation, Keygen-Signature + Digest on
// every answer, X-RateLimit-* headers and 429 TOO_MANY_REQUESTS. Plus fault switches for tests.
//
// Choices where the notes are silent (marked so they can be changed in one place):
// - ID_CONFLICT is answered 422 like the other machine errors (keygen.md lists it there); the id is
//   checked before the fingerprint, so a retry with the same client-chosen id always gets ID_CONFLICT.
// - Fingerprints are unique per licence (Keygen's default UNIQUE_PER_LICENSE strategy).
// - Activating on a suspended/expired/banned licence is refused 403 LICENSE_* whatever the auth.
// - Activation tokens reach only their licence's machines; product tokens the whole account.
// - Rate limiting is a fixed window per client address + Authorization header.
import { constants, createHash, createCipheriv, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject, createPrivateKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSwitches, FixedWindow, readBody, runServer, type Faults } from '../../../electron/demo/server-kit.ts';
import { signKeygenKey, type KeygenKeyScheme } from '../../support/keygen-signed-keys.ts';

export type KeygenLicenseStatus = 'active' | 'suspended' | 'banned';

export interface KeygenLicense {
  id: string;
  key: string;
  name?: string;
  status?: KeygenLicenseStatus;
  /** ISO time; in the past means expired. */
  expiry?: string | null;
  /** null = unlimited. */
  maxMachines: number | null;
  /** Policy authenticationStrategy allows `Authorization: License <key>` (default true). */
  allowLicenseAuth?: boolean;
}

export interface KeygenToken {
  token: string;
  kind: 'product' | 'activation';
  /** Activation tokens: the licence they may activate machines on. */
  licenseId?: string;
  /** Activation tokens: cap on activations made with this token (null = no cap). */
  maxActivations?: number | null;
  expiry?: string | null;
}

export interface KeygenMachine {
  id: string;
  fingerprint: string;
  licenseId: string;
  name: string | null;
  platform: string | null;
  hostname: string | null;
  created: string;
}

export interface KeygenServerOptions {
  accountId?: string;
  licenses: KeygenLicense[];
  tokens?: KeygenToken[];
  /** PKCS#8 PEM of an Ed25519 key; a fresh one is generated when absent. */
  privateKeyPem?: string;
  /** PKCS#8 PEM of the account's RSA-2048 key (rsa-pss-sha256, rsa-sha256); generated on first use when absent. */
  rsaPrivateKeyPem?: string;
  /** PKCS#8 PEM of the account's EC P-256 key (ecdsa-p256); generated on first use when absent. */
  ecdsaPrivateKeyPem?: string;
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

export interface KeygenServerHandle {
  /** Origin, e.g. http://127.0.0.1:1234 */
  origin: string;
  /** The account base URL the connector is configured with: origin + /v1/accounts/{account}. */
  url: string;
  port: number;
  accountId: string;
  /** The account's Ed25519 verify key, 32 bytes as hex (what Keygen's dashboard shows). */
  publicKeyHex: string;
  privateKeyPem: string;
  /** The verify key a device needs for files signed with `algorithm`: Ed25519 hex, or an SPKI PEM (RSA, EC P-256). */
  verifyKeyFor(algorithm: KeygenSigningAlgorithm): string;
  /** A licence key signed with this account's keys as a policy with `scheme` makes it (add it with state.addLicense). */
  signLicenseKey(scheme: KeygenKeyScheme, dataset: string): string;
  faults: Faults;
  state: {
    machines(licenseKeyOrId?: string): KeygenMachine[];
    setStatus(licenseKey: string, status: KeygenLicenseStatus): void;
    setExpiry(licenseKey: string, expiry: string | null): void;
    addLicense(license: KeygenLicense): void;
    /** Activations made so far with a token. */
    tokenActivations(token: string): number;
    /** Every POST /machines that reached the activation logic (accepted or refused), for retry assertions. */
    activationAttempts(): number;
    /** Those attempts for one fingerprint: more than one means the device was sent twice (a repeat gets ID_CONFLICT, not a second machine). */
    activationAttemptsFor(fingerprint: string): number;
  };
  close(): Promise<void>;
  restart(): Promise<void>;
}

export const KEYGEN_SIGNING_ALGORITHMS = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'] as const;
export type KeygenSigningAlgorithm = (typeof KEYGEN_SIGNING_ALGORITHMS)[number];
/** Every `algorithm` value Keygen's check-out accepts. */
export const KEYGEN_FILE_ALGORITHMS = (['aes-256-gcm', 'base64'] as const).flatMap((enc) => KEYGEN_SIGNING_ALGORITHMS.map((sig) => `${enc}+${sig}` as const));
export const DEFAULT_CHECKOUT_TTL = 2_629_746;
export const MIN_CHECKOUT_TTL = 3600;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_FINGERPRINT_BYTES = 4096;
const INCLUDES = new Set(['license', 'license.entitlements', 'license.product', 'license.policy', 'license.owner', 'components', 'group', 'owner', 'entitlements', 'product', 'policy']);
const LICENSE_INCLUDES = new Set(['entitlements', 'environment', 'product', 'policy', 'group', 'owner', 'user']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Answer {
  status: number;
  body?: unknown;
  /** Raw bytes instead of JSON (GET check-out). */
  raw?: { bytes: Buffer; type: string; fileName?: string };
  headers?: Record<string, string>;
  /** Set for answers the tamper knob may corrupt (machine and licence files). */
  machineFile?: boolean;
}

type Principal = { kind: 'license'; license: LicenseState } | { kind: 'product' } | { kind: 'activation'; token: TokenState };

interface LicenseState extends Required<Omit<KeygenLicense, 'name'>> {
  name: string | null;
  created: string;
}
interface TokenState extends KeygenToken {
  activations: number;
}

export async function startKeygenServer(options: KeygenServerOptions, listen: { port?: number } = {}): Promise<KeygenServerHandle> {
  const privateKey: KeyObject = options.privateKeyPem ? createPrivateKey(options.privateKeyPem) : generateKeyPairSync('ed25519').privateKey;
  const jwk = privateKey.export({ format: 'jwk' }) as { x?: string };
  const publicKeyHex = Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // RSA keys take a moment to make, so the RSA and EC keys are made when first needed.
  const lazyKey = (pem: string | undefined, make: () => KeyObject): (() => KeyObject) => {
    let key: KeyObject | null = pem ? createPrivateKey(pem) : null;
    return () => (key ??= make());
  };
  const rsaKey = lazyKey(options.rsaPrivateKeyPem, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const ecdsaKey = lazyKey(options.ecdsaPrivateKeyPem, () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
  /** Signs as keygen-api does: PSS with the longest salt and MGF1-SHA-256, PKCS#1 v1.5, DER ECDSA, Ed25519. */
  const signWith = (algorithm: KeygenSigningAlgorithm, data: Buffer): Buffer => {
    switch (algorithm) {
      case 'ed25519':
        return sign(null, data, privateKey);
      case 'rsa-pss-sha256':
        return sign('sha256', data, { key: rsaKey(), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN });
      case 'rsa-sha256':
        return sign('sha256', data, { key: rsaKey(), padding: constants.RSA_PKCS1_PADDING });
      case 'ecdsa-p256':
        return sign('sha256', data, { key: ecdsaKey(), dsaEncoding: 'der' });
    }
  };
  const verifyKeyFor = (algorithm: KeygenSigningAlgorithm): string => {
    if (algorithm === 'ed25519') return publicKeyHex;
    return createPublicKey(algorithm === 'ecdsa-p256' ? ecdsaKey() : rsaKey()).export({ type: 'spki', format: 'pem' }).toString();
  };
  const accountId = options.accountId ?? randomUUID();
  const clock = options.now ?? Date.now;
  const limiter = new FixedWindow(options.rateLimit ?? { limit: 60, windowMs: 30_000 });
  const faults = new FaultSwitches();
  const licenses = new Map<string, LicenseState>();
  const machines = new Map<string, KeygenMachine>();
  const tokens = new Map<string, TokenState>();
  let attempts = 0;
  const attemptsByFingerprint = new Map<string, number>();
  const addLicense = (l: KeygenLicense): void => {
    licenses.set(l.id, {
      id: l.id,
      key: l.key,
      name: l.name ?? null,
      status: l.status ?? 'active',
      expiry: l.expiry ?? null,
      maxMachines: l.maxMachines,
      allowLicenseAuth: l.allowLicenseAuth ?? true,
      created: new Date(clock()).toISOString(),
    });
  };
  for (const l of options.licenses) addLicense(l);
  for (const t of options.tokens ?? []) tokens.set(t.token, { ...t, activations: 0 });
  const byKey = (key: string): LicenseState | undefined => [...licenses.values()].find((l) => l.key === key);
  const byKeyOrId = (value: string): LicenseState | undefined => licenses.get(value) ?? byKey(value);
  const prefix = `/v1/accounts/${accountId}`;

  const isExpired = (l: LicenseState): boolean => l.expiry !== null && Date.parse(l.expiry) <= clock();
  const licenseStatus = (l: LicenseState): string => (l.status === 'banned' ? 'BANNED' : l.status === 'suspended' ? 'SUSPENDED' : isExpired(l) ? 'EXPIRED' : 'ACTIVE');
  const machinesOf = (licenseId: string): KeygenMachine[] => [...machines.values()].filter((m) => m.licenseId === licenseId);

  const licenseResource = (l: LicenseState) => ({
    id: l.id,
    type: 'licenses',
    attributes: {
      name: l.name,
      key: l.key,
      expiry: l.expiry,
      status: licenseStatus(l),
      uses: 0,
      suspended: l.status === 'suspended',
      scheme: null,
      encrypted: false,
      strict: false,
      floating: l.maxMachines !== 1,
      protected: false,
      maxMachines: l.maxMachines,
      metadata: {},
      created: l.created,
      updated: l.created,
    },
    relationships: { account: { data: { type: 'accounts', id: accountId } }, machines: { links: { related: `${prefix}/licenses/${l.id}/machines` }, meta: { count: machinesOf(l.id).length } } },
    links: { self: `${prefix}/licenses/${l.id}` },
  });
  const machineResource = (m: KeygenMachine) => ({
    id: m.id,
    type: 'machines',
    attributes: {
      fingerprint: m.fingerprint,
      cores: null,
      ip: null,
      hostname: m.hostname,
      platform: m.platform,
      name: m.name,
      requireHeartbeat: false,
      heartbeatStatus: 'NOT_STARTED',
      maxProcesses: null,
      metadata: {},
      created: m.created,
      updated: m.created,
    },
    relationships: {
      account: { data: { type: 'accounts', id: accountId } },
      license: { data: { type: 'licenses', id: m.licenseId }, links: { related: `${prefix}/machines/${m.id}/license` } },
    },
    links: { self: `${prefix}/machines/${m.id}` },
  });

  function authenticate(req: IncomingMessage): Principal | Answer {
    const header = req.headers.authorization ?? '';
    const license = /^License\s+(\S+)$/i.exec(header);
    if (license) {
      const l = byKey(license[1] ?? '');
      if (!l) return err(401, 'Unauthorized', 'must be a valid license key', 'LICENSE_INVALID');
      if (!l.allowLicenseAuth) return err(403, 'Access denied', 'license authentication is not allowed by policy', 'LICENSE_NOT_ALLOWED');
      if (l.status === 'banned') return err(403, 'Access denied', 'license is banned', 'LICENSE_BANNED');
      if (l.status === 'suspended') return err(403, 'Access denied', 'license is suspended', 'LICENSE_SUSPENDED');
      if (isExpired(l)) return err(403, 'Access denied', 'license is expired', 'LICENSE_EXPIRED');
      return { kind: 'license', license: l };
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) {
      const t = tokens.get(bearer[1] ?? '');
      if (!t) return err(401, 'Unauthorized', 'Token format is invalid or the token does not exist', 'TOKEN_INVALID');
      if (t.expiry && Date.parse(t.expiry) <= clock()) return err(401, 'Unauthorized', 'Token is expired', 'TOKEN_EXPIRED');
      return t.kind === 'product' ? { kind: 'product' } : { kind: 'activation', token: t };
    }
    return err(401, 'Unauthorized', 'You must be authenticated to complete the request', 'TOKEN_MISSING');
  }

  const canReach = (p: Principal, licenseId: string): boolean => p.kind === 'product' || (p.kind === 'license' ? p.license.id === licenseId : p.token.licenseId === licenseId);

  function validate(l: LicenseState | undefined, fingerprint: string | undefined): Answer {
    const meta = (valid: boolean, code: string, detail: string) => ({ ts: new Date(clock()).toISOString(), valid, detail, code, ...(fingerprint !== undefined ? { scope: { fingerprint } } : {}) });
    if (!l) return { status: 200, body: { meta: meta(false, 'NOT_FOUND', 'does not exist'), data: null } };
    const doc = (valid: boolean, code: string, detail: string) => ({ status: 200, body: { meta: meta(valid, code, detail), data: licenseResource(l) } });
    if (l.status === 'banned') return doc(false, 'BANNED', 'is banned');
    if (l.status === 'suspended') return doc(false, 'SUSPENDED', 'is suspended');
    if (isExpired(l)) return doc(false, 'EXPIRED', 'is expired');
    const own = machinesOf(l.id);
    if (fingerprint !== undefined) {
      if (own.length === 0) return doc(false, l.maxMachines === 1 ? 'NO_MACHINE' : 'NO_MACHINES', 'fingerprint is not activated (has no associated machines)');
      if (!own.some((m) => m.fingerprint === fingerprint)) return doc(false, 'FINGERPRINT_SCOPE_MISMATCH', 'fingerprint is not activated (does not match any associated machines)');
    }
    if (l.maxMachines !== null && own.length > l.maxMachines) return doc(false, 'TOO_MANY_MACHINES', 'has too many associated machines');
    return doc(true, 'VALID', 'is valid');
  }

  function activate(p: Principal, body: Record<string, unknown>): Answer {
    const data = obj(body.data);
    const attributes = obj(data?.attributes);
    const licenseRef = obj(obj(obj(data?.relationships)?.license)?.data);
    if (!data || data.type !== 'machines' || !attributes) return err(400, 'Bad request', 'type mismatch (expected "machines")', 'PARAMETER_INVALID', '/data/type');
    const fingerprint = attributes.fingerprint;
    if (typeof fingerprint !== 'string' || fingerprint === '') return err(422, 'Unprocessable resource', 'cannot be blank', 'FINGERPRINT_BLANK', '/data/attributes/fingerprint');
    if (Buffer.byteLength(fingerprint) > MAX_FINGERPRINT_BYTES) return err(422, 'Unprocessable resource', 'is too long (maximum is 4096 bytes)', 'FINGERPRINT_TOO_LONG', '/data/attributes/fingerprint');
    const licenseId = typeof licenseRef?.id === 'string' ? licenseRef.id : '';
    const l = byKeyOrId(licenseId);
    if (!l) return err(422, 'Unprocessable resource', 'must exist', 'LICENSE_BLANK', '/data/relationships/license');
    if (!canReach(p, l.id)) return err(403, 'Access denied', 'You do not have permission to complete the request (ensure the token or license is allowed to access all resources)', 'FORBIDDEN');
    attempts += 1;
    attemptsByFingerprint.set(fingerprint, (attemptsByFingerprint.get(fingerprint) ?? 0) + 1);
    if (l.status === 'banned') return err(403, 'Access denied', 'license is banned', 'LICENSE_BANNED');
    if (l.status === 'suspended') return err(403, 'Access denied', 'license is suspended', 'LICENSE_SUSPENDED');
    if (isExpired(l)) return err(403, 'Access denied', 'license is expired', 'LICENSE_EXPIRED');
    const id = data.id;
    if (id !== undefined && (typeof id !== 'string' || !UUID.test(id))) return err(400, 'Bad request', 'must be a valid UUID', 'ID_INVALID', '/data/id');
    if (typeof id === 'string' && machines.has(id.toLowerCase())) return err(422, 'Unprocessable resource', 'must not conflict with another machine', 'ID_CONFLICT', '/data/id');
    const own = machinesOf(l.id);
    if (own.some((m) => m.fingerprint === fingerprint)) return err(422, 'Unprocessable resource', 'has already been taken', 'FINGERPRINT_TAKEN', '/data/attributes/fingerprint');
    if (l.maxMachines !== null && own.length >= l.maxMachines) {
      return err(422, 'Unprocessable resource', `machine count has exceeded maximum allowed for license (${l.maxMachines})`, 'MACHINE_LIMIT_EXCEEDED', '/data');
    }
    if (p.kind === 'activation' && p.token.maxActivations != null && p.token.activations >= p.token.maxActivations) {
      return err(422, 'Unprocessable resource', `exceeds maximum allowed (${p.token.maxActivations})`, 'ACTIVATIONS_LIMIT_EXCEEDED', '/data/attributes/activations');
    }
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 255) : null);
    const machine: KeygenMachine = {
      id: typeof id === 'string' ? id.toLowerCase() : randomUUID(),
      fingerprint,
      licenseId: l.id,
      name: str(attributes.name),
      platform: str(attributes.platform),
      hostname: str(attributes.hostname),
      created: new Date(clock()).toISOString(),
    };
    machines.set(machine.id, machine);
    if (p.kind === 'activation') p.token.activations += 1;
    return { status: 201, body: { data: machineResource(machine) }, headers: { Location: `${prefix}/machines/${machine.id}` } };
  }

  function findMachine(p: Principal, idOrFingerprint: string): KeygenMachine | Answer {
    const decoded = decodeURIComponent(idOrFingerprint);
    const found = machines.get(decoded.toLowerCase()) ?? [...machines.values()].find((m) => m.fingerprint === decoded && canReach(p, m.licenseId));
    if (!found || !canReach(p, found.licenseId)) return err(404, 'Not found', 'The requested machine resource was not found', 'NOT_FOUND');
    return found;
  }

  type CheckoutOptions = { encrypt: unknown; ttl: unknown; include: unknown; algorithm: unknown };
  type Parsed = { ttl: number | null; include: string[]; encrypt: boolean; signing: KeygenSigningAlgorithm };

  /** Keygen's check-out options; `algorithm` ("<aes-256-gcm|base64>+<signing>") overrides `encrypt`. */
  function checkoutOptions(options: CheckoutOptions, allowed: Set<string>): Parsed | Answer {
    let ttl: number | null = DEFAULT_CHECKOUT_TTL;
    if (options.ttl === null || options.ttl === 'null' || options.ttl === '') ttl = null;
    else if (options.ttl !== undefined) {
      const n = Number(options.ttl);
      if (!Number.isInteger(n) || n < MIN_CHECKOUT_TTL) return err(400, 'Bad request', `must be greater than or equal to ${MIN_CHECKOUT_TTL} (1 hour)`, 'CHECKOUT_TTL_INVALID', '/meta/ttl');
      ttl = n;
    }
    let encrypt = options.encrypt === true || options.encrypt === 'true' || options.encrypt === '1';
    let signing: KeygenSigningAlgorithm = 'ed25519';
    if (options.algorithm !== undefined && options.algorithm !== null && options.algorithm !== '') {
      if (typeof options.algorithm !== 'string' || !(KEYGEN_FILE_ALGORITHMS as readonly string[]).includes(options.algorithm)) {
        return err(400, 'Bad request', 'invalid signing algorithm', 'CHECKOUT_ALGORITHM_INVALID', '/meta/algorithm');
      }
      const [enc, sig] = options.algorithm.split('+');
      encrypt = enc === 'aes-256-gcm';
      signing = sig as KeygenSigningAlgorithm;
    }
    const include = Array.isArray(options.include) ? options.include : typeof options.include === 'string' && options.include !== '' ? options.include.split(',') : [];
    if (!include.every((i): i is string => typeof i === 'string' && allowed.has(i))) return err(400, 'Bad request', 'invalid includes', 'CHECKOUT_INCLUDE_INVALID', '/meta/include');
    return { ttl, include, encrypt, signing };
  }

  /** The certificate text as keygen-api writes it: the envelope signed over "<kind>/" + enc. */
  function certificate(kind: 'machine' | 'license', payload: unknown, secret: string, o: Parsed): { text: string; alg: string } {
    const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
    let enc: string;
    if (o.encrypt) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(secret).digest(), iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      enc = [ciphertext, iv, cipher.getAuthTag()].map((b) => b.toString('base64')).join('.');
    } else enc = plaintext.toString('base64');
    const alg = `${o.encrypt ? 'aes-256-gcm' : 'base64'}+${o.signing}`;
    const sig = signWith(o.signing, Buffer.from(`${kind}/${enc}`, 'utf8')).toString('base64');
    return { text: signedFileText(kind, { enc, sig, alg }), alg };
  }

  function fileAnswer(type: 'machine-files' | 'license-files', cert: { text: string; alg: string }, o: Parsed, issued: Date, expiry: Date | null, rawName: string | null, relationships: Record<string, unknown>): Answer {
    if (rawName) return { status: 200, raw: { bytes: Buffer.from(cert.text, 'utf8'), type: 'application/octet-stream', fileName: rawName }, machineFile: true };
    return {
      status: 200,
      machineFile: true,
      body: {
        data: {
          id: randomUUID(),
          type,
          attributes: { certificate: cert.text, ttl: o.ttl, expiry: expiry?.toISOString() ?? null, issued: issued.toISOString(), algorithm: cert.alg, includes: o.include },
          relationships: { account: { data: { type: 'accounts', id: accountId } }, ...relationships },
        },
      },
    };
  }

  function checkOut(m: KeygenMachine, options: CheckoutOptions, asFile: boolean): Answer {
    const l = licenses.get(m.licenseId);
    if (!l) return err(404, 'Not found', 'The requested license resource was not found', 'NOT_FOUND');
    const o = checkoutOptions(options, INCLUDES);
    if ('status' in o) return o;
    const issued = new Date(clock());
    const expiry = o.ttl === null ? null : new Date(issued.getTime() + o.ttl * 1000);
    const payload: Record<string, unknown> = {
      data: machineResource(m),
      ...(o.include.length > 0 ? { included: o.include.some((i) => i.startsWith('license')) ? [licenseResource(l)] : [] } : {}),
      meta: { issued: issued.toISOString(), expiry: expiry?.toISOString() ?? null, ttl: o.ttl },
    };
    const cert = certificate('machine', payload, l.key + m.fingerprint, o);
    return fileAnswer('machine-files', cert, o, issued, expiry, asFile ? `${m.id}.lic` : null, { machine: { data: { type: 'machines', id: m.id } }, license: { data: { type: 'licenses', id: l.id } } });
  }

  /** Licence files: the licence document, encrypted with SHA-256 of the key alone. */
  function checkOutLicense(l: LicenseState, options: CheckoutOptions, asFile: boolean): Answer {
    const o = checkoutOptions(options, LICENSE_INCLUDES);
    if ('status' in o) return o;
    const issued = new Date(clock());
    const expiry = o.ttl === null ? null : new Date(issued.getTime() + o.ttl * 1000);
    const payload = { data: licenseResource(l), ...(o.include.length > 0 ? { included: [] } : {}), meta: { issued: issued.toISOString(), expiry: expiry?.toISOString() ?? null, ttl: o.ttl } };
    const cert = certificate('license', payload, l.key, o);
    return fileAnswer('license-files', cert, o, issued, expiry, asFile ? `${l.id}.lic` : null, { license: { data: { type: 'licenses', id: l.id } } });
  }

  async function route(req: IncomingMessage): Promise<Answer | 'drop'> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith(`${prefix}/`) && url.pathname !== prefix) return err(404, 'Not found', 'The requested endpoint was not found (check your HTTP method, Accept header, and URL path)', 'NOT_FOUND');
    const path = url.pathname.slice(prefix.length);
    if (path === '/ping' && method === 'GET') return { status: 204 };

    const throttle = faults.takeThrottle();
    if (throttle !== null) return tooMany(throttle);
    await faults.delay();
    const failed = faults.takeFail();
    if (failed !== null) return { ...err(failed.status, 'Service unavailable', 'The service is temporarily unavailable', 'SERVICE_UNAVAILABLE'), headers: failed.headers };
    const drop = faults.takeDrop();
    if (drop === 'before') return 'drop';

    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH') {
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === null) return err(413, 'Payload too large', 'The request body is too large', 'PAYLOAD_TOO_LARGE');
      if (raw.length > 0) {
        if (!/^application\/(vnd\.api\+)?json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return err(400, 'Bad request', 'The content type of the request is not supported (check content-type header)', 'CONTENT_TYPE_UNSUPPORTED');
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'));
          const o = obj(parsed);
          if (!o) return err(400, 'Bad request', 'The request data did not contain a JSON object', 'JSON_INVALID');
          body = o;
        } catch {
          return err(400, 'Bad request', 'The request data did not contain valid JSON', 'JSON_INVALID');
        }
      }
    }
    const answer = await dispatch(method, path, url, req, body);
    if (drop === 'after') return 'drop';
    return answer;
  }

  async function dispatch(method: string, path: string, url: URL, req: IncomingMessage, body: Record<string, unknown>): Promise<Answer> {
    const meta = obj(body.meta) ?? {};
    if (path === '/licenses/actions/validate-key' && method === 'POST') {
      if (typeof meta.key !== 'string' || meta.key === '') return err(400, 'Bad request', 'is missing', 'PARAMETER_MISSING', '/meta/key');
      const fp = obj(meta.scope)?.fingerprint;
      return validate(byKey(meta.key), typeof fp === 'string' ? fp : undefined);
    }
    const validateById = /^\/licenses\/([^/]+)\/actions\/validate$/.exec(path);
    if (validateById && method === 'POST') {
      const p = authenticate(req);
      if ('status' in p) return p;
      const l = byKeyOrId(decodeURIComponent(validateById[1] ?? ''));
      if (!l || !canReach(p, l.id)) return err(404, 'Not found', 'The requested license resource was not found', 'NOT_FOUND');
      const fp = obj(meta.scope)?.fingerprint;
      return validate(l, typeof fp === 'string' ? fp : undefined);
    }
    if (path === '/machines' && method === 'POST') {
      const p = authenticate(req);
      return 'status' in p ? p : activate(p, body);
    }
    if (path === '/machines' && method === 'GET') {
      const p = authenticate(req);
      if ('status' in p) return p;
      const fp = url.searchParams.get('fingerprint');
      const lic = url.searchParams.get('license');
      const list = [...machines.values()].filter(
        (m) => canReach(p, m.licenseId) && (fp === null || fp === '' || m.fingerprint === fp) && (lic === null || lic === '' || m.licenseId === lic || licenses.get(m.licenseId)?.key === lic),
      );
      return { status: 200, body: { data: list.map(machineResource), links: { self: `${prefix}/machines${url.search}` } } };
    }
    const q = url.searchParams;
    const pick = (name: string): unknown => (name in meta ? meta[name] : (q.get(name) ?? (q.getAll(`${name}[]`).length > 0 ? q.getAll(`${name}[]`) : undefined)));
    const picked = (): CheckoutOptions => ({ encrypt: pick('encrypt'), ttl: pick('ttl'), include: pick('include'), algorithm: pick('algorithm') });
    const licenseCheckout = /^\/licenses\/([^/]+)\/actions\/check-out$/.exec(path);
    if (licenseCheckout && (method === 'POST' || method === 'GET')) {
      const p = authenticate(req);
      if ('status' in p) return p;
      const l = byKeyOrId(decodeURIComponent(licenseCheckout[1] ?? ''));
      if (!l || !canReach(p, l.id)) return err(404, 'Not found', 'The requested license resource was not found', 'NOT_FOUND');
      return checkOutLicense(l, picked(), method === 'GET');
    }
    const checkout = /^\/machines\/([^/]+)\/actions\/check-out$/.exec(path);
    if (checkout && (method === 'POST' || method === 'GET')) {
      const p = authenticate(req);
      if ('status' in p) return p;
      const m = findMachine(p, checkout[1] ?? '');
      if ('status' in m) return m;
      return checkOut(m, picked(), method === 'GET');
    }
    const one = /^\/machines\/([^/]+)$/.exec(path);
    if (one && (method === 'GET' || method === 'DELETE')) {
      const p = authenticate(req);
      if ('status' in p) return p;
      const m = findMachine(p, one[1] ?? '');
      if ('status' in m) return m;
      if (method === 'GET') return { status: 200, body: { data: machineResource(m) } };
      machines.delete(m.id);
      return { status: 204 };
    }
    return err(404, 'Not found', 'The requested endpoint was not found (check your HTTP method, Accept header, and URL path)', 'NOT_FOUND');
  }

  function tooMany(retryAfter: number): Answer {
    return { ...err(429, 'Too many requests', 'Throttle limit has been reached for your IP address. Please see https://keygen.sh/docs/api/rate-limiting/ for more info.', 'TOO_MANY_REQUESTS'), headers: { 'Retry-After': String(retryAfter) } };
  }

  function send(req: IncomingMessage, res: ServerResponse, answer: Answer, rate: Record<string, string>): void {
    let bytes: Buffer;
    let type = 'application/vnd.api+json; charset=utf-8';
    const extra: Record<string, string> = {};
    if (answer.raw) {
      bytes = answer.raw.bytes;
      type = answer.raw.type;
      if (answer.raw.fileName) extra['Content-Disposition'] = `attachment; filename="${answer.raw.fileName}"`;
    } else bytes = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(answer.body), 'utf8');
    const tamper = answer.machineFile ? faults.takeTamper() : null;
    if (tamper === 'signature') bytes = tamperMachineFileSignature(bytes, !!answer.raw);
    const date = new Date(clock()).toUTCString();
    const digest = `sha-256=${createHash('sha256').update(bytes).digest('base64')}`;
    const signing = [`(request-target): ${(req.method ?? 'GET').toLowerCase()} ${req.url ?? '/'}`, `host: ${req.headers.host ?? ''}`, `date: ${date}`, `digest: ${digest}`].join('\n');
    const signature = sign(null, Buffer.from(signing, 'utf8'), privateKey).toString('base64');
    // 'data': the body changes after the response signature was made (a proxy rewriting it).
    if (tamper === 'data') bytes = Buffer.concat([bytes, Buffer.from(' ')]);
    res.writeHead(answer.status, {
      ...rate,
      ...answer.headers,
      ...extra,
      ...(answer.status === 204 ? {} : { 'Content-Type': type, 'Content-Length': String(bytes.length) }),
      Date: date,
      Digest: digest,
      'Keygen-Signature': `keyid="${accountId}", algorithm="ed25519", signature="${signature}", headers="(request-target) host date digest"`,
      'Keygen-Account': accountId,
      'Cache-Control': 'no-store',
    });
    res.end(answer.status === 204 ? undefined : bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const window = limiter.take(`${req.socket.remoteAddress ?? ''} ${req.headers.authorization ?? ''}`, clock());
    const rate = {
      'X-RateLimit-Window': `${window.windowSeconds}s`,
      'X-RateLimit-Count': String(window.limit - window.remaining),
      'X-RateLimit-Limit': String(window.limit),
      'X-RateLimit-Remaining': String(window.remaining),
      'X-RateLimit-Reset': String(window.resetSeconds),
    };
    if (!window.allowed) return send(req, res, tooMany(window.retryAfterSeconds), rate);
    const answer = await route(req);
    if (answer === 'drop') return void req.socket.destroy();
    send(req, res, answer, rate);
  }

  const running = await runServer(handle, listen.port ?? 0);
  return {
    origin: running.url,
    url: `${running.url}${prefix}`,
    port: running.port,
    accountId,
    publicKeyHex,
    privateKeyPem,
    verifyKeyFor,
    signLicenseKey: (scheme, dataset) => signKeygenKey(scheme, dataset, { ed25519: privateKey, rsa: rsaKey() }),
    faults,
    state: {
      machines: (keyOrId) => {
        if (keyOrId === undefined) return [...machines.values()].map((m) => ({ ...m }));
        const l = byKeyOrId(keyOrId);
        return l ? machinesOf(l.id).map((m) => ({ ...m })) : [];
      },
      setStatus: (key, status) => {
        const l = byKey(key);
        if (!l) throw new Error('no licence with this key');
        l.status = status;
      },
      setExpiry: (key, expiry) => {
        const l = byKey(key);
        if (!l) throw new Error('no licence with this key');
        l.expiry = expiry;
      },
      addLicense,
      tokenActivations: (token) => tokens.get(token)?.activations ?? 0,
      activationAttempts: () => attempts,
      activationAttemptsFor: (fingerprint) => attemptsByFingerprint.get(fingerprint) ?? 0,
    },
    close: running.close,
    restart: running.restart,
  };
}

/** PEM-like signed file: base64 of the JSON, wrapped at 60 columns like Ruby's Base64.encode64. */
export function signedFileText(kind: 'machine' | 'license', file: { enc: string; sig: string; alg: string }): string {
  const b64 = Buffer.from(JSON.stringify(file), 'utf8').toString('base64');
  const lines = b64.match(/.{1,60}/g) ?? [];
  const armour = kind === 'machine' ? 'MACHINE FILE' : 'LICENSE FILE';
  return `-----BEGIN ${armour}-----\n${lines.join('\n')}\n-----END ${armour}-----\n`;
}

export function machineFileText(file: { enc: string; sig: string; alg: string }): string {
  return signedFileText('machine', file);
}

function tamperMachineFileSignature(bytes: Buffer, raw: boolean): Buffer {
  const flip = (certificate: string): string => {
    const kind = certificate.includes('LICENSE FILE') ? 'license' : 'machine';
    const inner = certificate.replace(/-----(BEGIN|END) (MACHINE|LICENSE) FILE-----/g, '').replace(/\s+/g, '');
    const file = JSON.parse(Buffer.from(inner, 'base64').toString('utf8')) as { enc: string; sig: string; alg: string };
    const sig = Buffer.from(file.sig, 'base64');
    sig[0] = (sig[0] ?? 0) ^ 0x01;
    return signedFileText(kind, { ...file, sig: sig.toString('base64') });
  };
  if (raw) return Buffer.from(flip(bytes.toString('utf8')), 'utf8');
  const doc = JSON.parse(bytes.toString('utf8')) as { data: { attributes: { certificate: string } } };
  doc.data.attributes.certificate = flip(doc.data.attributes.certificate);
  return Buffer.from(JSON.stringify(doc), 'utf8');
}

function err(status: number, title: string, detail: string, code: string, pointer?: string): Answer {
  return { status, body: { errors: [{ title, detail, code, ...(pointer ? { source: { pointer } } : {}) }], meta: { id: randomUUID() } } };
}

function obj(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Sample data for tests and the CLI. */
export const KEYGEN_SAMPLES = {
  accountId: '2a9d2c66-5d4e-4d8e-9b6e-6b8b7a3f0c11',
  licenses: {
    /** Active, node-locked (1 machine), license-key auth allowed. */
    nodeLocked: { id: '6f1b8a3e-0c1d-4f6b-9a9e-1f2d3c4b5a61', key: 'C1B6DE-39A6E3-DE1A2B-7C3D4E-A1B2C3-V3' },
    /** Active, 3 machines. */
    floating3: { id: '7a2c9b4f-1d2e-4a7c-8b1f-2e3d4c5b6a72', key: 'FLOAT3-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' },
    suspended: { id: '8b3dac5a-2e3f-4b8d-9c2a-3f4e5d6c7b83', key: 'SUSPND-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' },
    /** Expired in 2020. */
    expired: { id: '9c4ebd6b-3f4a-4c9e-8d3b-4a5f6e7d8c94', key: 'EXPIRD-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' },
    /** Policy forbids license-key auth: needs a token. */
    tokenOnly: { id: 'ad5fce7c-4a5b-4daf-9e4c-5b6a7f8e9da5', key: 'TOKENO-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3' },
  },
  tokens: {
    product: 'prod-0f1e2d3c4b5a69788796a5b4c3d2e1f0v3',
    /** Activation token for tokenOnly, at most 1 activation. */
    activation: 'activ-1a2b3c4d5e6f708192a3b4c5d6e7f809v3',
    expired: 'prod-expired00000000000000000000000000v3',
  },
} as const;

export function keygenSampleOptions(): Pick<KeygenServerOptions, 'accountId' | 'licenses' | 'tokens'> {
  const l = KEYGEN_SAMPLES.licenses;
  return {
    accountId: KEYGEN_SAMPLES.accountId,
    licenses: [
      { ...l.nodeLocked, name: 'Press line — node-locked', maxMachines: 1 },
      { ...l.floating3, name: 'Lab — 3 machines', maxMachines: 3 },
      { ...l.suspended, name: 'Suspended', maxMachines: 3, status: 'suspended' },
      { ...l.expired, name: 'Expired', maxMachines: 3, expiry: '2020-01-01T00:00:00.000Z' },
      { ...l.tokenOnly, name: 'Token-only policy', maxMachines: 5, allowLicenseAuth: false },
    ],
    tokens: [
      { token: KEYGEN_SAMPLES.tokens.product, kind: 'product' },
      { token: KEYGEN_SAMPLES.tokens.activation, kind: 'activation', licenseId: l.tokenOnly.id, maxActivations: 1 },
      { token: KEYGEN_SAMPLES.tokens.expired, kind: 'product', expiry: '2020-01-01T00:00:00.000Z' },
    ],
  };
}
