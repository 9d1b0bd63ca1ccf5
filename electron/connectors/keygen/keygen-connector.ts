// Connector for Keygen (keygen.sh, or self-hosted keygen-api CE), per ../shared/reference/keygen.md.
// The queued request's licenseKey is the Keygen licence key and its deviceId the machine fingerprint.
//
// Flow (the air-gapped example's, made retry-safe):
//   activate: validate-key scoped to the fingerprint → VALID: look the machine up by fingerprint;
//             otherwise POST /machines with a client-chosen id → check out the machine file → verify.
//   refresh:  validate → look the machine up → check out → verify (never activates).
//   deactivate: look the machine up by fingerprint → DELETE /machines/{id}.
//   license-file: validate the key (no fingerprint scope) → check out the licence file → verify; no
//             machine is activated and no seat taken, so a repeat only checks out another copy.
// Decisions:
// - Retry safety: the machine id is a UUIDv5 of (licence id, fingerprint) under a fixed namespace, so
//   every attempt for one device on one licence sends the same id. A repeat that already took effect
//   gets ID_CONFLICT (or FINGERPRINT_TAKEN), and the connector then finds the machine by fingerprint
//   and checks out its file: a seat is never taken twice. reconcile only looks up, never POSTs.
// - The artifact is the certificate text of the check-out, byte for byte (UTF-8), named
//   `<device label>-<fingerprint>-machine.lic` (see deviceFileName) because Keygen's own name is
//   `<machine id>.lic` and a USB stick serving several devices needs names a person can tell apart.
// - A machine file is accepted only when it is signed with the algorithm the connection expects
//   (Ed25519, RSA-PSS-SHA256, RSA-SHA256 or ECDSA P-256, from the account's verify key: Ed25519 hex or a
//   PEM) and verifies with that key; the check-out asks Keygen for exactly that algorithm. It
//   decrypts with SHA-256(key + fingerprint) when encrypted, names this fingerprint, machine and
//   licence, is not issued in the future and has not expired (both with the configured clock skew).
// - A deactivation counts only with proof: Keygen's signed 204 to the DELETE, or else a signed
//   follow-up (GET /machines/{id} answering 404, or the fingerprint lookup answering no machine),
//   whatever the connection's signature setting. The artifact (`<device>-deactivation.json`) is the
//   kiosk's record holding that signed answer (headers and body), so it can be checked again later.
//   Without proof the request is refused with "could not confirm".
// - Licence keys run to Keygen's 16 KiB (signed keys carry their dataset). A key travels only in the
//   validate-key body and, with licence-key auth, in `Authorization: License <key>`, which is kept
//   under the 8 KiB header line proxies accept (longer keys need a token); never in a URL. A signed
//   key (signed-key.ts) is verified with the connection's verify key before anything is sent.
// - Response signatures (Keygen-Signature over request-target, host, date, digest, with the Date
//   within the clock skew) are checked unless the connection turns that off (a new connection has it
//   on when its key is Ed25519, the only key Keygen signs answers with), for every answer below 500 except 429
//   (proxies answer those too); bodies whose signature was checked are parsed strictly.
// - The TTL is always sent: Keygen's default of one month unless the connection sets another or
//   chose no expiry (null), so the file's expiry is checked against a lifetime the kiosk knows.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { utf8 } from '../../../shared/crypto/encoding.ts';
import { parseStrictJsonBytes } from '../../../shared/crypto/strict-json.ts';
import { maskSecret } from '../../secrets/mask.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import type { Artifact, Connector, ConnectorRequest, Failure, HealthCheck, Outcome, RateLimit, Reconciled } from '../types.ts';
import { deviceFileName, exchange, type ConnectorDeps, failure, fetchPlan, parseBaseUrl, parseJson, retryAfter, vendorText, type HttpAnswer } from '../http.ts';
import { checkLicenseFile, licenseFileName } from './license-file.ts';
import { checkMachineFile, describeFile } from './machine-file.ts';
import { ALGORITHM_NAMES, parseVerifyKey, type SigningAlgorithm } from './signed-file.ts';
import { checkResponseSignature, describeSkew, signedAnswer, type SignedAnswer } from './response-signature.ts';
import { checkSignedKey } from './signed-key.ts';
import { MAX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS, KEYGEN_DEFAULT_TTL_SECONDS } from '../../../shared/api/vendors/keygen.ts';
import { t } from '../../../shared/i18n/index.ts';

export interface KeygenSettings {
  /** The account's API base, e.g. https://api.keygen.sh/v1/accounts/{account id or slug}. */
  baseUrl: string;
  /**
   * The account's verify key (Keygen → Settings → Public keys): the Ed25519 key as 64 hexadecimal
   * characters, or the RSA or ECDSA P-256 public key in PEM form. (The name predates PEM keys.)
   */
  publicKeyHex: string;
  /**
   * The signing algorithm machine files are checked out with and must carry. Left out: ed25519 for an
   * Ed25519 key, ecdsa-p256 for an EC key, rsa-pss-sha256 for an RSA key.
   */
  signingAlgorithm?: SigningAlgorithm;
  /** 'license-key' sends `Authorization: License <key>`; 'token' sends the activation/product token. */
  auth: 'license-key' | 'token';
  /** SecretStore id of the activation (`activ-…`) or product (`prod-…`) token when auth is 'token'. */
  tokenSecretId?: string | null;
  /** Machine file lifetime in seconds (≥ 3600), or null for no expiry (chosen explicitly); left out, Keygen's default of one month. */
  checkoutTtlSeconds?: number | null;
  /** Encrypt machine files with SHA-256(licence key + fingerprint) (default true, as the example does). */
  encrypt?: boolean;
  /** Check Keygen-Signature/Digest/Date on the answers; a connection's setting is on by default (shared/api/vendors/keygen.ts). */
  verifyResponseSignatures?: boolean;
  /** Tolerated clock difference for issued/expiry and the Date header, in seconds (default 300). */
  clockSkewSeconds?: number;
}

export interface KeygenDeps extends ConnectorDeps {
  secrets?: SecretStore;
}

export const KEYGEN_DEFAULT_TTL = KEYGEN_DEFAULT_TTL_SECONDS;
export const KEYGEN_MIN_TTL = 3600;
/** Namespace of the client-chosen machine ids (UUIDv5). Never change it: retries rely on it. */
export const MACHINE_ID_NAMESPACE = 'a6c1f3e0-5b7d-4c1e-9f2a-7d3e8b9c0a14';
const MAX_FINGERPRINT_BYTES = 4096;
/** `Authorization: License <key>` stays within the 8 KiB header line common proxies (nginx, Heroku) accept. */
const MAX_LICENSE_AUTH_KEY_CHARS = 8 * 1024 - 'Authorization: License '.length;

const errorDocument = z.object({
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional(), code: z.string().optional(), source: z.looseObject({ pointer: z.string().optional() }).optional() })).min(1),
});
const validationDocument = z.looseObject({
  meta: z.looseObject({ valid: z.boolean(), code: z.string(), detail: z.string().optional(), scope: z.looseObject({ fingerprint: z.string().nullish() }).nullish() }),
  data: z.looseObject({ id: z.string(), type: z.literal('licenses'), attributes: z.looseObject({ key: z.string().nullish() }).optional() }).nullable(),
});
const machineResource = z.looseObject({ id: z.string(), type: z.literal('machines'), attributes: z.looseObject({ fingerprint: z.string() }) });
const machineList = z.looseObject({ data: z.array(machineResource) });
const checkoutDocument = z.looseObject({
  data: z.looseObject({
    type: z.literal('machine-files'),
    attributes: z.looseObject({ certificate: z.string().min(1), expiry: z.string().nullable().optional(), ttl: z.number().nullable().optional() }),
  }),
});
const licenseCheckoutDocument = z.looseObject({ data: z.looseObject({ type: z.literal('license-files'), attributes: z.looseObject({ certificate: z.string().min(1) }) }) });

type Step<T> = { ok: true; value: T; rateLimit: RateLimit | null } | { ok: false; failure: Failure };
/** The step a refusal names (keygen:steps). */
type StepName = 'validate' | 'findMachine' | 'activate' | 'checkOutMachine' | 'checkOutLicense' | 'deactivate';
/** What an answer should have held (keygen:shapes). */
type Shape = 'validation' | 'machineList' | 'activatedMachine' | 'machineFile' | 'licenseFile';

/** "valid until …" or "with no expiry", for a verified file's note. */
function validity(expiry: string | null): string {
  return expiry === null ? t('keygen:notes.noExpiry') : t('keygen:notes.validUntil', { at: expiry });
}

/** UUIDv5 (RFC 9562) of `name` under `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The machine id every attempt for this device on this licence uses. */
export function machineIdFor(licenseId: string, fingerprint: string): string {
  return uuidV5(MACHINE_ID_NAMESPACE, `${licenseId}\n${fingerprint}`);
}

export function createKeygenConnector(settings: KeygenSettings, deps: KeygenDeps = {}): Connector {
  const plan = fetchPlan(deps, 'x-ratelimit');
  const { now } = plan;
  const base = parseBaseUrl(settings.baseUrl);
  const encrypt = settings.encrypt ?? true;
  const ttl = settings.checkoutTtlSeconds === undefined ? KEYGEN_DEFAULT_TTL : settings.checkoutTtlSeconds;
  const skewMs = (settings.clockSkewSeconds ?? KEYGEN_DEFAULT_CLOCK_SKEW_SECONDS) * 1000;
  const verifyKey = parseVerifyKey(settings.publicKeyHex);
  const signingAlgorithm = settings.signingAlgorithm ?? (verifyKey.ok ? verifyKey.key.algorithms[0] : undefined);
  /** Keygen signs its answers with the Ed25519 key, so only that key checks response signatures. */
  const publicKey = verifyKey.ok ? verifyKey.key.ed25519Raw : null;
  // Connections always say (on by default, keygen descriptor); left out here, off, so that tests can reach the file checks beneath.
  const verifyResponses = settings.verifyResponseSignatures ?? false;
  const accountSegment = base ? /\/accounts\/([^/]+)/.exec(base.pathname)?.[1] : undefined;

  function configurationProblem(): Failure | null {
    if (!base) return failure('configuration', false, t('keygen:config.badBaseUrl'));
    if (!/\/v1\/accounts\/[^/]+$/.test(base.pathname)) return failure('configuration', false, t('keygen:config.baseUrlPath'));
    if (!verifyKey.ok) return failure('configuration', false, verifyKey.message);
    if (signingAlgorithm === undefined || !verifyKey.key.algorithms.includes(signingAlgorithm)) {
      const algorithm = signingAlgorithm ? ALGORITHM_NAMES[signingAlgorithm] : t('keygen:config.unknownAlgorithm');
      return failure('configuration', false, t('keygen:config.algorithmMismatch', { algorithm, key: verifyKey.key.description }));
    }
    if (verifyResponses && !publicKey) {
      return failure('configuration', false, t('keygen:config.responseKeyNotEd25519', { key: verifyKey.key.description }));
    }
    if (ttl !== null && (!Number.isInteger(ttl) || ttl < KEYGEN_MIN_TTL)) return failure('configuration', false, t('keygen:config.ttlTooShort', { min: KEYGEN_MIN_TTL }));
    if (settings.auth === 'token' && !settings.tokenSecretId) return failure('configuration', false, t('keygen:config.tokenNotSet'));
    return null;
  }

  /**
   * Whether Keygen accepts the token and lets it look machines up (what makes a retry safe), asked
   * with a read. Creating machines and checking out files has no side-effect-free check in Keygen;
   * a token that lacks those is named at the first sync.
   */
  async function tokenCheck(token: string): Promise<HealthCheck> {
    const kind = /^activ-/.test(token) ? 'activation' : /^prod-/.test(token) ? 'product' : 'keygen';
    const masked = maskSecret(token);
    const named = { token: t(`keygen:token.kinds.${kind}`), masked };
    const name = t('keygen:checks.token');
    const probe = await call('GET', '/machines?page[size]=1', `Bearer ${token}`, undefined);
    if (!probe.ok) return { name, ok: false, message: t('keygen:token.couldNotCheck', { ...named, problem: probe.failure.message }) };
    const { status } = probe.answer;
    if (status === 200) return { name, ok: true, message: t('keygen:token.accepted', named) };
    if (status === 401) return { name, ok: false, message: t('keygen:token.notAccepted', named) };
    if (status === 403) return { name, ok: false, message: t('keygen:token.mayNotRead', named) };
    return { name, ok: false, message: t('keygen:token.status', { ...named, status }) };
  }

  async function authorization(request: ConnectorRequest): Promise<{ ok: true; header: string; secret: string } | { ok: false; failure: Failure }> {
    if (settings.auth === 'license-key') {
      if (request.licenseKey.length > MAX_LICENSE_AUTH_KEY_CHARS) {
        return {
          ok: false,
          failure: failure('key_too_long_for_header', false, t('keygen:config.keyTooLongForHeader', { length: request.licenseKey.length })),
        };
      }
      return { ok: true, header: `License ${request.licenseKey}`, secret: request.licenseKey };
    }
    const token = settings.tokenSecretId && deps.secrets ? await deps.secrets.get(settings.tokenSecretId) : null;
    if (!token) return { ok: false, failure: failure('token_missing', false, t('keygen:config.tokenNotStored')) };
    return { ok: true, header: `Bearer ${token}`, secret: token };
  }

  /**
   * One API call. `applySetting` false skips the connection's "verify response signatures" switch, for
   * the calls whose signatures the caller checks itself (the deactivation proof).
   */
  async function call(method: string, path: string, auth: string | null, body: unknown, applySetting = true): Promise<{ ok: true; answer: HttpAnswer; url: URL } | { ok: false; failure: Failure }> {
    const url = new URL(`${base?.href.replace(/\/+$/, '')}${path}`);
    const headers: Record<string, string> = { Accept: 'application/vnd.api+json' };
    if (auth) headers.Authorization = auth;
    if (body !== undefined) headers['Content-Type'] = 'application/vnd.api+json';
    const result = await exchange(plan, url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!result.ok) return result;
    const { answer } = result;
    if (applySetting && verifyResponses && answer.status < 500 && answer.status !== 429) {
      const problem = await signatureProblem(method, url, answer);
      if (problem) return { ok: false, failure: failure('response_signature_invalid', false, t('keygen:signatures.refused', { problem }), null, answer.rateLimit) };
    }
    return { ok: true, answer, url };
  }

  function signatureProblem(method: string, url: URL, answer: HttpAnswer): Promise<string | null> {
    if (!verifyKey.ok) return Promise.resolve(t('keygen:signatures.keyNotUsable'));
    if (!publicKey) return Promise.resolve(t('keygen:signatures.keyNotEd25519', { key: verifyKey.key.description }));
    const accountId = accountSegment && /^[0-9a-f-]{36}$/i.test(accountSegment) ? accountSegment : null;
    return checkResponseSignature(method, url, answer, { publicKey, accountId, now: now(), skewMs });
  }

  /**
   * Whether the key in Settings is the account's: Keygen signs every answer with the account's Ed25519
   * key, so the ping's signature checks it without side effects, even with checking answers turned off
   * (a wrong key would otherwise pass here and refuse the first machine file). Where it cannot be
   * checked now, the line says "not run" and when it will be.
   */
  async function keyMatchCheck(url: URL, answer: HttpAnswer): Promise<HealthCheck> {
    const name = t('keygen:checks.responseSignatures');
    if (!verifyKey.ok) return { name, ok: false, notRun: true, message: t('keygen:checks.keyNotUsable') };
    if (!publicKey) {
      return { name, ok: !verifyResponses, notRun: true, message: t('keygen:checks.keyNotEd25519', { key: verifyKey.key.description }) };
    }
    if (!verifyResponses && !answer.headers.has('keygen-signature')) {
      return { name, ok: true, notRun: true, message: t('keygen:checks.noSignature') };
    }
    const problem = await signatureProblem('GET', url, answer);
    if (problem) return { name, ok: false, message: t('keygen:checks.keyWrong', { problem }) };
    return { name, ok: true, message: verifyResponses ? t('keygen:checks.keyVerifiesAll') : t('keygen:checks.keyVerifiesOff') };
  }

  /** The Keygen server's clock (its answer's Date) against this laptop's and the allowed skew. */
  function clockCheck(answer: HttpAnswer): HealthCheck {
    const serverMs = Date.parse(answer.headers.get('date') ?? '');
    const name = t('keygen:checks.clock');
    if (!Number.isFinite(serverMs)) return { name, ok: !verifyResponses, message: t('keygen:checks.noDate') };
    const allowed = skewMs / 1000;
    const within = Math.abs(serverMs - now()) <= skewMs;
    const values = { skew: describeSkew(serverMs, now()), allowed };
    return { name, ok: within, message: within ? t('keygen:checks.clockWithin', values) : t('keygen:checks.clockOutside', values) };
  }

  /** A body whose signature was checked is read strictly, so what was verified is what is used. */
  function json(answer: HttpAnswer, signed = verifyResponses): unknown {
    if (!signed) return parseJson(answer.bytes);
    try {
      return parseStrictJsonBytes(answer.bytes);
    } catch {
      return undefined;
    }
  }

  /** Keygen's JSON:API errors as outcomes; `context` names the step for the sentence. */
  function refusal(answer: HttpAnswer, context: StepName, secrets: string[]): Failure {
    const parsed = errorDocument.safeParse(json(answer));
    const first = parsed.success ? parsed.data.errors[0] : undefined;
    const code = first?.code ?? null;
    const said = first ? t('keygen:refusals.said', { text: vendorText([first.title, first.detail].filter(Boolean).join(': '), secrets, maskSecret) }) : '';
    const step = t(`keygen:steps.${context}`);
    const fail = (c: string, retryable: boolean, message: string, retryAt: number | null = null) => failure(c, retryable, message, retryAt, answer.rateLimit);
    const { status } = answer;
    if (status === 429 || code === 'TOO_MANY_REQUESTS') {
      const at = retryAfter(answer.headers, now()) ?? answer.rateLimit?.resetAt ?? null;
      return fail('TOO_MANY_REQUESTS', true, at === null ? t('keygen:refusals.rateLimitedLater') : t('keygen:refusals.rateLimitedUntil', { at: new Date(at) }), at);
    }
    if (status >= 500) return fail('server_error', true, t('keygen:refusals.serverError', { status, step, said }), retryAfter(answer.headers, now()));
    switch (code) {
      case 'MACHINE_LIMIT_EXCEEDED':
        return fail(code, false, t('keygen:refusals.machineLimit', { said }));
      case 'ACTIVATIONS_LIMIT_EXCEEDED':
        return fail(code, false, t('keygen:refusals.activationsLimit'));
      case 'FINGERPRINT_TAKEN':
        return fail(code, false, t('keygen:refusals.fingerprintTaken'));
      case 'LICENSE_SUSPENDED':
        return fail(code, false, t('keygen:refusals.suspended'));
      case 'LICENSE_EXPIRED':
        return fail(code, false, t('keygen:refusals.expired'));
      case 'LICENSE_BANNED':
        return fail(code, false, t('keygen:refusals.banned'));
      case 'LICENSE_INVALID':
        return fail(code, false, t('keygen:refusals.licenseInvalid'));
      case 'LICENSE_NOT_ALLOWED':
        return fail(code, false, t('keygen:refusals.licenseNotAllowed'));
      case 'TOKEN_INVALID':
        return fail(code, false, t('keygen:refusals.tokenInvalid'));
      case 'TOKEN_EXPIRED':
        return fail(code, false, t('keygen:refusals.tokenExpired'));
      case 'TOKEN_MISSING':
        return fail(code, false, t('keygen:refusals.tokenMissing'));
      case 'FORBIDDEN':
        return fail(code, false, t('keygen:refusals.forbidden', { step, said }));
      case 'CHECKOUT_TTL_INVALID':
      case 'CHECKOUT_ALGORITHM_INVALID':
      case 'CHECKOUT_INCLUDE_INVALID':
        return fail(code, false, t('keygen:refusals.checkoutOptions', { file: t(`keygen:files.${context === 'checkOutLicense' ? 'license' : 'machine'}`), said }));
    }
    if (status === 402) return fail(code ?? 'payment_required', false, t('keygen:refusals.planLimit', { said }));
    if (status === 401 || status === 403) return fail(code ?? 'forbidden', false, t('keygen:refusals.credentials', { step, status, said }));
    if (status === 404) return fail(code ?? 'not_found', false, t('keygen:refusals.notFound', { step, said }));
    if (status >= 300 && status < 400) return fail('unexpected_status', false, t('keygen:refusals.redirect', { status }));
    return fail(code ?? 'unexpected_status', false, t('keygen:refusals.other', { step, status, said }));
  }

  const badShape = (answer: HttpAnswer, what: Shape): Failure =>
    failure('bad_response', false, t('keygen:refusals.badShape', { status: answer.status, what: t(`keygen:shapes.${what}`) }), null, answer.rateLimit);

  async function validate(request: ConnectorRequest, secrets: string[]): Promise<Step<{ licenseId: string; code: string; valid: boolean }>> {
    // A licence file is for the key alone: scoping to a fingerprint would report its missing machine.
    const scope = request.kind === 'license-file' ? {} : { scope: { fingerprint: request.deviceId } };
    const result = await call('POST', '/licenses/actions/validate-key', null, { meta: { key: request.licenseKey, ...scope } });
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status !== 200) return { ok: false, failure: refusal(answer, 'validate', secrets) };
    const doc = validationDocument.safeParse(json(answer));
    if (!doc.success) return { ok: false, failure: badShape(answer, 'validation') };
    const { code, valid } = doc.data.meta;
    const fail = (c: string, message: string) => ({ ok: false as const, failure: failure(c, false, message, null, answer.rateLimit) });
    if (code === 'NOT_FOUND' || !doc.data.data) return fail('LICENSE_NOT_FOUND', t('keygen:refusals.unknownKey'));
    // The signature covers the answer, not the key sent: a proxy that swapped the key in the request
    // gets a genuine answer about another licence, whose seat the activation would then take.
    const named = doc.data.data.attributes?.key;
    const scoped = doc.data.meta.scope?.fingerprint;
    if ((typeof named === 'string' && named !== request.licenseKey) || (typeof scoped === 'string' && 'scope' in scope && scoped !== request.deviceId)) {
      return fail('validation_mismatch', t('keygen:refusals.validationMismatch'));
    }
    if (code === 'SUSPENDED') return fail('LICENSE_SUSPENDED', t('keygen:refusals.suspended'));
    if (code === 'EXPIRED') return fail('LICENSE_EXPIRED', t('keygen:refusals.expired'));
    if (code === 'BANNED') return fail('LICENSE_BANNED', t('keygen:refusals.banned'));
    return { ok: true, value: { licenseId: doc.data.data.id, code, valid }, rateLimit: answer.rateLimit };
  }

  async function findMachine(request: ConnectorRequest, licenseId: string, auth: string, secrets: string[]): Promise<Step<string | null>> {
    const query = new URLSearchParams({ fingerprint: request.deviceId, license: licenseId });
    const result = await call('GET', `/machines?${query}`, auth, undefined);
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status !== 200) return { ok: false, failure: refusal(answer, 'findMachine', secrets) };
    const doc = machineList.safeParse(json(answer));
    if (!doc.success) return { ok: false, failure: badShape(answer, 'machineList') };
    const found = doc.data.data.find((m) => m.attributes.fingerprint === request.deviceId);
    return { ok: true, value: found?.id ?? null, rateLimit: answer.rateLimit };
  }

  async function activate(request: ConnectorRequest, licenseId: string, auth: string, secrets: string[]): Promise<Step<{ machineId: string; existed: boolean }>> {
    const machineId = machineIdFor(licenseId, request.deviceId);
    const attributes: Record<string, string> = { fingerprint: request.deviceId };
    if (request.deviceLabel) attributes.name = request.deviceLabel.slice(0, 255);
    if (request.deviceDetails.hostname) attributes.hostname = request.deviceDetails.hostname.slice(0, 255);
    if (request.deviceDetails.os) attributes.platform = request.deviceDetails.os.slice(0, 255);
    const body = { data: { type: 'machines', id: machineId, attributes, relationships: { license: { data: { type: 'licenses', id: licenseId } } } } };
    const result = await call('POST', '/machines', auth, body);
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status === 201 || answer.status === 200) {
      const doc = z.looseObject({ data: machineResource }).safeParse(json(answer));
      if (!doc.success || doc.data.data.attributes.fingerprint !== request.deviceId) return { ok: false, failure: badShape(answer, 'activatedMachine') };
      return { ok: true, value: { machineId: doc.data.data.id, existed: false }, rateLimit: answer.rateLimit };
    }
    const refused = refusal(answer, 'activate', secrets);
    if (refused.code === 'ID_CONFLICT' || refused.code === 'FINGERPRINT_TAKEN') {
      // An earlier attempt may have taken effect: the machine, if it is ours, is found by fingerprint.
      const lookup = await findMachine(request, licenseId, auth, secrets);
      if (!lookup.ok) return lookup;
      if (lookup.value) return { ok: true, value: { machineId: lookup.value, existed: true }, rateLimit: lookup.rateLimit };
      if (refused.code === 'ID_CONFLICT') return { ok: false, failure: failure('ID_CONFLICT', false, t('keygen:refusals.idConflict'), null, answer.rateLimit) };
    }
    return { ok: false, failure: refused };
  }

  async function checkOut(request: ConnectorRequest, machineId: string, licenseId: string, auth: string, secrets: string[]): Promise<Outcome> {
    // `algorithm` names encoding and signature together, as Keygen's check-out option does.
    const meta: Record<string, unknown> = { include: ['license'], encrypt, ttl, algorithm: `${encrypt ? 'aes-256-gcm' : 'base64'}+${signingAlgorithm}` };
    const result = await call('POST', `/machines/${encodeURIComponent(machineId)}/actions/check-out`, auth, { meta });
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200) return refusal(answer, 'checkOutMachine', secrets);
    const doc = checkoutDocument.safeParse(json(answer));
    if (!doc.success) return badShape(answer, 'machineFile');
    const certificate = doc.data.data.attributes.certificate;
    const check = await checkMachineFile(certificate, {
      publicKeyHex: settings.publicKeyHex,
      algorithm: signingAlgorithm,
      licenseKey: request.licenseKey,
      fingerprint: request.deviceId,
      now: now(),
      clockSkewMs: skewMs,
      encrypted: encrypt,
      machineId,
      licenseId,
      ttlSeconds: ttl,
    });
    if (!check.ok) return failure(check.code, false, check.message, null, answer.rateLimit);
    const artifact: Artifact = { fileName: deviceFileName(request, 'machine.lic'), mediaType: 'application/octet-stream', bytes: utf8(certificate), expiresAt: check.expiry };
    return { ok: true, artifact, note: t('keygen:notes.machineVerified', { file: describeFile(check, 'machine'), until: validity(check.expiry) }), rateLimit: answer.rateLimit };
  }

  /** The licence's own file: checked out with the connection's algorithm, TTL and encryption, then verified. */
  async function checkOutLicense(request: ConnectorRequest, licenseId: string, auth: string, secrets: string[]): Promise<Outcome> {
    const meta = { encrypt, ttl, algorithm: `${encrypt ? 'aes-256-gcm' : 'base64'}+${signingAlgorithm}` };
    const result = await call('POST', `/licenses/${encodeURIComponent(licenseId)}/actions/check-out`, auth, { meta });
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200) return refusal(answer, 'checkOutLicense', secrets);
    const doc = licenseCheckoutDocument.safeParse(json(answer));
    if (!doc.success) return badShape(answer, 'licenseFile');
    const certificate = doc.data.data.attributes.certificate;
    const check = checkLicenseFile(certificate, {
      verifyKey: settings.publicKeyHex,
      algorithm: signingAlgorithm,
      licenseKey: request.licenseKey,
      licenseId,
      now: now(),
      clockSkewMs: skewMs,
      encrypted: encrypt,
      ttlSeconds: ttl,
    });
    if (!check.ok) return failure(check.code, false, check.message, null, answer.rateLimit);
    const artifact: Artifact = { fileName: licenseFileName(request), mediaType: 'application/octet-stream', bytes: utf8(certificate), expiresAt: check.expiry };
    return { ok: true, artifact, note: t('keygen:notes.licenseVerified', { file: describeFile(check, 'license'), until: validity(check.expiry) }), rateLimit: answer.rateLimit };
  }

  function withNote(outcome: Outcome, prefix: string): Outcome {
    return outcome.ok ? { ...outcome, note: `${prefix} ${outcome.note}` } : outcome;
  }

  async function start(request: ConnectorRequest): Promise<{ ok: true; auth: string; secrets: string[] } | { ok: false; failure: Failure }> {
    const problem = configurationProblem() ?? checkRequest(request, settings.publicKeyHex);
    if (problem) return { ok: false, failure: problem };
    // A release is proven only by an answer signed with the Ed25519 key: without it, refuse before
    // anything is sent rather than free the seat and be unable to say so.
    if (request.kind === 'deactivate' && !publicKey) {
      const holds = verifyKey.ok ? verifyKey.key.description : t('keygen:config.noUsableKey');
      return { ok: false, failure: failure('configuration', false, t('keygen:config.deactivateNeedsEd25519', { key: holds })) };
    }
    const auth = await authorization(request);
    if (!auth.ok) return auth;
    return { ok: true, auth: auth.header, secrets: [request.licenseKey, auth.secret] };
  }

  async function deactivate(request: ConnectorRequest, auth: string, secrets: string[], licenseId: string): Promise<Outcome> {
    const lookup = await findMachine(request, licenseId, auth, secrets);
    if (!lookup.ok) return lookup.failure;
    if (!lookup.value) return failure('MACHINE_NOT_FOUND', false, t('keygen:deactivation.notActivated'), null, lookup.rateLimit);
    const machineId = lookup.value;
    const result = await call('DELETE', `/machines/${encodeURIComponent(machineId)}`, auth, undefined, false);
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status === 404) {
      // The DELETE's answer is read without the signature setting: its 404 says "the seat is free" only once a signed follow-up agrees.
      const gone = await confirmGone(request, licenseId, auth, machineId);
      if (!gone.ok) {
        return failure(
          'deactivation_unconfirmed',
          false,
          t('keygen:deactivation.unconfirmedNotFound', { problem: gone.problem }),
          null,
          gone.rateLimit ?? answer.rateLimit,
        );
      }
      return failure('MACHINE_NOT_FOUND', false, t('keygen:deactivation.disappeared'), null, gone.rateLimit ?? answer.rateLimit);
    }
    if (answer.status !== 204 && answer.status !== 200) return refusal(answer, 'deactivate', secrets);
    // A 204 counts only when Keygen signed it (the signature covers the request line and the empty
    // body); otherwise a signed follow-up must say the machine is gone.
    const deleteProblem = answer.status === 204 && answer.bytes.length === 0 ? await signatureProblem('DELETE', result.url, answer) : t('keygen:deactivation.notEmpty204');
    let proof: Proof | null = deleteProblem === null ? { confirmedBy: t('keygen:deactivation.proofDelete'), answer: signedAnswer('DELETE', result.url, answer) } : null;
    let rateLimit = answer.rateLimit;
    let followUpProblem: string | null = null;
    if (!proof) {
      const confirmed = await confirmGone(request, licenseId, auth, machineId);
      if (!confirmed.ok) followUpProblem = confirmed.problem;
      else proof = confirmed.proof;
      rateLimit = confirmed.rateLimit ?? rateLimit;
    }
    if (!proof) {
      return failure(
        'deactivation_unconfirmed',
        false,
        t('keygen:deactivation.unconfirmed', { problems: `${deleteProblem} ${followUpProblem ?? ''}` }).replace(/\s+/g, ' ').trim(),
        null,
        rateLimit,
      );
    }
    return {
      ok: true,
      artifact: receipt(request, machineId, licenseId, now(), proof),
      note: t('keygen:deactivation.done', { proof: proof.confirmedBy }),
      rateLimit,
    };
  }

  /**
   * A signed answer saying the machine is gone: GET /machines/{id} answering 404 with an error
   * document, or (when no id is known or that answer is not signed) the lookup by fingerprint
   * answering no such machine. Both read the body, since the signature does not cover the status.
   * A failure's `problem` is one sentence on what the follow-up showed instead.
   */
  async function confirmGone(request: ConnectorRequest, licenseId: string, auth: string, machineId: string | null): Promise<{ ok: true; proof: Proof; rateLimit: RateLimit | null } | { ok: false; problem: string; rateLimit: RateLimit | null }> {
    let rateLimit: RateLimit | null = null;
    if (machineId) {
      const got = await call('GET', `/machines/${encodeURIComponent(machineId)}`, auth, undefined, false);
      if (!got.ok) return { ok: false, problem: got.failure.message, rateLimit };
      rateLimit = got.answer.rateLimit;
      if ((await signatureProblem('GET', got.url, got.answer)) === null) {
        const body = json(got.answer, true);
        if (got.answer.status === 404 && errorDocument.safeParse(body).success && !(body as Record<string, unknown>).data) {
          return { ok: true, proof: { confirmedBy: t('keygen:deactivation.proofGone'), answer: signedAnswer('GET', got.url, got.answer) }, rateLimit };
        }
        return { ok: false, problem: t('keygen:deactivation.stillThere', { status: got.answer.status }), rateLimit };
      }
    }
    const query = new URLSearchParams({ fingerprint: request.deviceId, license: licenseId });
    const listed = await call('GET', `/machines?${query}`, auth, undefined, false);
    if (!listed.ok) return { ok: false, problem: listed.failure.message, rateLimit };
    rateLimit = listed.answer.rateLimit;
    if ((await signatureProblem('GET', listed.url, listed.answer)) !== null) return { ok: false, problem: t('keygen:deactivation.lookupUnsigned'), rateLimit };
    const list = listed.answer.status === 200 ? machineList.safeParse(json(listed.answer, true)) : null;
    if (!list?.success) return { ok: false, problem: t('keygen:deactivation.lookupNoList', { status: listed.answer.status }), rateLimit };
    if (list.data.data.some((m) => m.attributes.fingerprint === request.deviceId)) return { ok: false, problem: t('keygen:deactivation.stillListed'), rateLimit };
    return { ok: true, proof: { confirmedBy: t('keygen:deactivation.proofLookup'), answer: signedAnswer('GET', listed.url, listed.answer) }, rateLimit };
  }

  return {
    async fulfil(request) {
      const begun = await start(request);
      if (!begun.ok) return begun.failure;
      const { auth, secrets } = begun;
      const validation = await validate(request, secrets);
      if (!validation.ok) return validation.failure;
      const { licenseId, code } = validation.value;
      if (request.kind === 'license-file') return checkOutLicense(request, licenseId, auth, secrets);
      if (request.kind === 'deactivate') return deactivate(request, auth, secrets, licenseId);
      if (request.kind === 'refresh') {
        const lookup = await findMachine(request, licenseId, auth, secrets);
        if (!lookup.ok) return lookup.failure;
        if (!lookup.value) return failure('MACHINE_NOT_ACTIVATED', false, t('keygen:refusals.notActivated'), null, lookup.rateLimit);
        return withNote(await checkOut(request, lookup.value, licenseId, auth, secrets), t('keygen:notes.refreshed'));
      }
      if (code === 'VALID') {
        const lookup = await findMachine(request, licenseId, auth, secrets);
        if (!lookup.ok) return lookup.failure;
        if (lookup.value) return withNote(await checkOut(request, lookup.value, licenseId, auth, secrets), t('keygen:notes.alreadyActive'));
      }
      const activation = await activate(request, licenseId, auth, secrets);
      if (!activation.ok) return activation.failure;
      const outcome = await checkOut(request, activation.value.machineId, licenseId, auth, secrets);
      return withNote(outcome, activation.value.existed ? t('keygen:notes.earlierAttempt') : t('keygen:notes.activated'));
    },

    async reconcile(request): Promise<Reconciled> {
      const begun = await start(request);
      if (!begun.ok) return begun.failure;
      const { auth, secrets } = begun;
      const validation = await validate(request, secrets);
      if (!validation.ok) return validation.failure;
      const { licenseId } = validation.value;
      // A licence-file check-out changes nothing on Keygen worth finding: check out (another copy) again.
      if (request.kind === 'license-file') return checkOutLicense(request, licenseId, auth, secrets);
      const lookup = await findMachine(request, licenseId, auth, secrets);
      if (!lookup.ok) return lookup.failure;
      if (request.kind === 'deactivate') {
        if (lookup.value) return { ok: false, notApplied: true };
        // "The seat is free" only on a signed answer, as for a deactivation itself.
        const gone = await confirmGone(request, licenseId, auth, null);
        if (!gone.ok) return failure('deactivation_unconfirmed', false, t('keygen:deactivation.interruptedUnconfirmed', { problem: gone.problem }), null, gone.rateLimit);
        return failure('already_deactivated', false, t('keygen:deactivation.interruptedDone'), null, gone.rateLimit);
      }
      if (!lookup.value) {
        if (request.kind === 'activate') return { ok: false, notApplied: true };
        return failure('MACHINE_NOT_ACTIVATED', false, t('keygen:refusals.notActivated'), null, lookup.rateLimit);
      }
      return withNote(await checkOut(request, lookup.value, licenseId, auth, secrets), t('keygen:notes.alreadyOnKeygen'));
    },

    async health() {
      const checks: HealthCheck[] = [];
      const problem = configurationProblem();
      const reachable = t('keygen:checks.reachable');
      checks.push(
        verifyKey.ok
          ? { name: t('keygen:checks.publicKey'), ok: true, message: t('keygen:checks.publicKeyIs', { key: verifyKey.key.description, algorithm: signingAlgorithm ? ALGORITHM_NAMES[signingAlgorithm] : t('keygen:checks.noAlgorithm') }) }
          : { name: t('keygen:checks.publicKey'), ok: false, message: verifyKey.message },
      );
      if (problem && problem.code === 'configuration' && !base) {
        checks.push({ name: reachable, ok: false, message: problem.message });
        return checks;
      }
      // The ping's signature is checked below, so that the clock and the signature each get their line.
      const ping = await call('GET', '/ping', null, undefined, false);
      if (!ping.ok) checks.push({ name: reachable, ok: false, message: ping.failure.message });
      else {
        const a = ping.answer;
        const good = a.status === 204 || a.status === 200;
        checks.push({
          name: reachable,
          ok: good,
          message: good
            ? a.rateLimit
              ? t('keygen:checks.answersWithLimit', { host: base?.host, remaining: a.rateLimit.remaining, limit: a.rateLimit.limit })
              : t('keygen:checks.answers', { host: base?.host })
            : t('keygen:checks.pingStatus', { host: base?.host, status: a.status }),
        });
        checks.push(clockCheck(a));
        checks.push(await keyMatchCheck(ping.url, a));
      }
      if (settings.auth === 'token') {
        const token = settings.tokenSecretId && deps.secrets ? await deps.secrets.get(settings.tokenSecretId) : null;
        checks.push(token ? await tokenCheck(token) : { name: t('keygen:checks.token'), ok: false, message: t('keygen:checks.noToken') });
      } else checks.push({ name: t('keygen:checks.authentication'), ok: true, message: t('keygen:checks.licenseKeyAuth') });
      if (problem && problem.code === 'configuration') checks.push({ name: t('keygen:checks.settings'), ok: false, message: problem.message });
      return checks;
    },
  };
}

function checkRequest(request: ConnectorRequest, verifyKeyText: string): Failure | null {
  if (request.licenseKey.length > MAX_LICENSE_KEY_CHARS) return failure('invalid_request', false, t('keygen:request.keyTooLong', { length: request.licenseKey.length }));
  if (!/^[\x21-\x7e]+$/.test(request.licenseKey)) return failure('invalid_request', false, t('keygen:request.keyNotAscii'));
  // A signed key is checked again before it leaves: the connection (or its key) may be newer than the capture.
  const signed = checkSignedKey(request.licenseKey, verifyKeyText, t('keygen:request.thisRequest'));
  if (signed?.status === 'invalid') return failure('signed_key_invalid', false, t('keygen:request.signedKeyInvalid', { problem: signed.message }));
  if (request.deviceId.length === 0 || Buffer.byteLength(request.deviceId) > MAX_FINGERPRINT_BYTES) return failure('invalid_request', false, t('keygen:request.fingerprintBad'));
  return null;
}

interface Proof {
  /** Which signed answer confirms the release, as a phrase for the note. */
  confirmedBy: string;
  answer: SignedAnswer;
}

/** The kiosk's record of a deactivation, carrying the signed Keygen answer that proves it. */
function receipt(request: ConnectorRequest, machineId: string, licenseId: string, at: number, proof: Proof): Artifact {
  const body = {
    format: 'activation-kiosk/keygen-deactivation',
    version: 2,
    machineId,
    fingerprint: request.deviceId,
    licenseId,
    deactivatedAt: new Date(at).toISOString(),
    // Check it again: Ed25519 over "(request-target): …\nhost: …\ndate: …\ndigest: …" with the account key.
    proof: proof.answer,
  };
  return { fileName: deviceFileName(request, 'deactivation.json'), mediaType: 'application/json', bytes: utf8(`${JSON.stringify(body, null, 2)}\n`) };
}
