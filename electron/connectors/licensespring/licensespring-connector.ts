// Connector for LicenseSpring's License API, offline method, per ../shared/reference/licensespring.md
// (checked against LicenseSpring's docs and their Python SDK; see the notes in the files beside).
// The queued request carries the device's offline request file (base64, schema version 2) in
// `requestBody`; the kiosk forwards it verbatim and exports the verified answer.
//
// Decisions:
// - Activation (and refresh): POST /api/v4/activate_offline with the file's base64 text
//   (Content-Type text/plain, as the SDK sends it), `Date` and the HMAC `Authorization` header. The
//   200 answer is the licence document; it is exported only after checkLicenseDocument (signature v2
//   with the connection's LicenseSpring public key, bound to the request's hardware id, licence key
//   and request id) as `<device>-ls_activation.lic`: base64 of the bytes exactly as received, which is
//   what the SDK's activate_offline_load reads.
// - Deactivation: POST /api/v4/deactivate_offline; LicenseSpring answers with no signed document, so
//   the file is the kiosk's own unsigned receipt.
// - Seat return (a deactivation the engineer asked for without the device: no request file, the
//   product code in the request's details): POST /api/v4/deactivate_license, LicenseSpring's online
//   method, JSON {license_key, hardware_id, product}, signed like every call; unsigned like the above.
// - Errors are classified by their documented code (error-codes.ts); 429 waits for Retry-After (else
//   the 60 s rolling window LicenseSpring documents); 5xx are retried after 30 s.
// - Test connection changes nothing: GET /api/v4/product_details, signed like any call. Any answer
//   proves reachability and carries the server's Date (clock skew); 200 or unknown_product shows the
//   API key and shared key were accepted (the product lookup is scoped by the key's company, so it
//   is checked after the signature). A read-only key passes this check; it is refused at activation.
// - reconcile (a request interrupted in flight): GET /api/v4/check_license for the request's hardware
//   id and key, a read. Active → an activation took effect, and the same request file is sent again
//   (LicenseSpring activates a hardware id already on the licence without taking another seat); for a
//   deactivation it means "not applied". device_not_found / license_not_active → the reverse.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { utf8, toBase64 } from '../../../shared/crypto/encoding.ts';
import { FormatError } from '../../../shared/formats/errors.ts';
import { readLicenseSpring, type LicenseSpringRequest } from '../../../shared/formats/licensespring.ts';
import { maskSecret } from '../../secrets/mask.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import { deviceFileName, exchange, failure, fetchPlan, parseBaseUrl, parseJson, retryAfter, vendorText, type ConnectorDeps, type HttpAnswer } from '../http.ts';
import type { Connector, ConnectorRequest, Failure, HealthCheck, Outcome, Reconciled } from '../types.ts';
import { decodeLicenseSpringCredentials, signedHeaders, type LicenseSpringCredentials } from './credentials.ts';
import { LICENSESPRING_CODES } from './error-codes.ts';
import { checkLicenseDocument } from './license-document.ts';
import { t } from '../../../shared/i18n/index.ts';

export interface LicenseSpringSettings {
  /** https://api.licensespring.com (or a dedicated instance). */
  baseUrl: string;
  /** SecretStore id of the entry holding {apiKey, sharedKey} (credentials.ts). */
  credentialsSecretId: string;
  /** LicenseSpring's server public key (PEM), which signs licence documents. Required. */
  publicKeyPem: string;
  /** A product code for Test connection's credential check (optional). */
  healthProductCode?: string | null;
  /** Clock difference Test connection tolerates before it warns (seconds). */
  maxClockSkewSeconds?: number;
}

export interface LicenseSpringDeps extends ConnectorDeps {
  secrets: SecretStore;
}

export const LICENSESPRING_DEFAULT_BASE_URL = 'https://api.licensespring.com';
/** LicenseSpring does not document how far `Date` may be off before date_header_diff (unconfirmed). */
export const LICENSESPRING_DEFAULT_MAX_SKEW_SECONDS = 300;
/** LicenseSpring's rate limits are per rolling 60 s window; a 429 without Retry-After waits that long. */
const RATE_WINDOW_MS = 60_000;
const SERVER_ERROR_WAIT_MS = 30_000;

const errorBody = z.looseObject({ status: z.number().optional(), code: z.string().optional(), message: z.string().optional() });

/** What a call names: the device's request file, or for a seat return what the engineer entered. */
type Target = Pick<LicenseSpringRequest, 'identity' | 'licenseKey' | 'hardwareId' | 'product'> & { requestId: string | null; password: string | null; body: string | null };
type Begun = { ok: true; credentials: LicenseSpringCredentials; file: Target } | { ok: false; failure: Failure };

export function createLicenseSpringConnector(settings: LicenseSpringSettings, deps: LicenseSpringDeps): Connector {
  const plan = fetchPlan(deps, 'x-ratelimit');
  const { now } = plan;
  const base = parseBaseUrl(settings.baseUrl);
  const maxSkewMs = (settings.maxClockSkewSeconds ?? LICENSESPRING_DEFAULT_MAX_SKEW_SECONDS) * 1000;
  let publicKey: KeyObject | null = null;
  try {
    const key = createPublicKey(settings.publicKeyPem);
    publicKey = key.asymmetricKeyType === 'rsa' ? key : null;
  } catch {
    publicKey = null;
  }

  function configurationProblem(): Failure | null {
    if (!base) return failure('configuration', false, t('licensespring:settings.baseUrl', { example: LICENSESPRING_DEFAULT_BASE_URL }));
    if (!publicKey) return failure('configuration', false, t('licensespring:settings.publicKey'));
    return null;
  }

  async function credentials(): Promise<LicenseSpringCredentials | null> {
    return decodeLicenseSpringCredentials(await deps.secrets.get(settings.credentialsSecretId));
  }

  const noCredentials = () => failure('token_missing', false, t('licensespring:settings.noCredentials'));

  async function begin(request: ConnectorRequest): Promise<Begun> {
    const problem = configurationProblem();
    if (problem) return { ok: false, failure: problem };
    const creds = await credentials();
    if (!creds) return { ok: false, failure: noCredentials() };
    if (request.kind === 'deactivate' && request.seatReturn) {
      const product = request.deviceDetails.product;
      if (!product) return { ok: false, failure: failure('invalid_request', false, t('licensespring:request.noProduct')) };
      return { ok: true, credentials: creds, file: { identity: 'license_key', licenseKey: request.licenseKey, hardwareId: request.deviceId, product, requestId: null, password: null, body: null } };
    }
    let file: LicenseSpringRequest;
    try {
      file = readLicenseSpring(request.requestBody ?? '');
    } catch (error) {
      if (error instanceof FormatError) return { ok: false, failure: failure('invalid_request', false, t('licensespring:request.unreadable', { reason: error.message })) };
      throw error;
    }
    const kindFits = request.kind === 'deactivate' ? file.kind === 'deactivation' : file.kind === 'activation';
    // The queue's columns must say what the file says; the answer is bound to the file.
    if (!kindFits || file.hardwareId !== request.deviceId || file.licenseKey !== request.licenseKey) {
      return { ok: false, failure: failure('invalid_request', false, t('licensespring:request.mismatch')) };
    }
    return { ok: true, credentials: creds, file };
  }

  function call(method: 'GET' | 'POST', path: string, creds: LicenseSpringCredentials | null, body?: string, contentType = 'text/plain') {
    const url = new URL(`${base!.href.replace(/\/+$/, '')}${path}`);
    const headers: Record<string, string> = { Accept: 'application/json', ...(creds ? signedHeaders(creds, now()) : {}) };
    if (body !== undefined) headers['Content-Type'] = contentType;
    return exchange(plan, url, { method, headers, body });
  }

  /** How far the server's clock is from ours, from the Date header of any answer (ms; null when absent). */
  function skewOf(answer: HttpAnswer): number | null {
    const date = Date.parse(answer.headers.get('date') ?? '');
    return Number.isFinite(date) ? date - now() : null;
  }

  function describeSkew(ms: number): string {
    const seconds = Math.round(Math.abs(ms) / 1000);
    if (seconds >= 120) return t(ms > 0 ? 'licensespring:skew.aheadMinutes' : 'licensespring:skew.behindMinutes', { count: Math.round(seconds / 60) });
    return t(ms > 0 ? 'licensespring:skew.aheadSeconds' : 'licensespring:skew.behindSeconds', { count: seconds });
  }

  function refusal(answer: HttpAnswer, creds: LicenseSpringCredentials, file?: Target): Failure {
    const secrets = [creds.apiKey, creds.sharedKey, file?.licenseKey, file?.password];
    const fail = (code: string, retryable: boolean, message: string, retryAt: number | null = null) => failure(code, retryable, message, retryAt, answer.rateLimit);
    const { status } = answer;
    if (status === 429) {
      const at = retryAfter(answer.headers, now()) ?? now() + RATE_WINDOW_MS;
      return fail('rate_limited', true, t('licensespring:refusal.rateLimited', { at: new Date(at).toISOString() }), at);
    }
    const parsed = errorBody.safeParse(parseJson(answer.bytes));
    const code = parsed.success ? (parsed.data.code ?? null) : null;
    const said = parsed.success && parsed.data.message ? vendorText(parsed.data.message, secrets, maskSecret) : '';
    const meaning = code ? LICENSESPRING_CODES[code] : undefined;
    if (meaning && code) {
      let sentence = code === 'validation_error' && said ? t('licensespring:refusal.validationSaid', { said }) : meaning.sentence;
      const skew = skewOf(answer);
      if ((code === 'signature_mismatch' || code === 'date_header_diff') && skew !== null) sentence = t('licensespring:refusal.withSkew', { sentence, skew: describeSkew(skew) });
      return fail(code, meaning.retryable, sentence, meaning.retryable ? now() + SERVER_ERROR_WAIT_MS : null);
    }
    // An undocumented code is quoted (masked) in the sentence but never becomes the stored code: a
    // server could echo a key in it.
    if (status >= 500) return fail(`http_${status}`, true, said ? t('licensespring:refusal.serverSaid', { status, said }) : t('licensespring:refusal.server', { status }), now() + SERVER_ERROR_WAIT_MS);
    const named = code ? vendorText(code, secrets, maskSecret) : null;
    const key = named ? (said ? 'licensespring:refusal.otherCodeSaid' : 'licensespring:refusal.otherCode') : said ? 'licensespring:refusal.otherSaid' : 'licensespring:refusal.other';
    return fail(`http_${status}`, false, t(key, { status, code: named, said }));
  }

  async function activate(begun: Extract<Begun, { ok: true }>, request: ConnectorRequest): Promise<Outcome> {
    const result = await call('POST', '/api/v4/activate_offline', begun.credentials, begun.file.body ?? '');
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200) return refusal(answer, begun.credentials, begun.file);
    // An activation always carries the device's request file (begin() reads it); only a seat return has none.
    const check = checkLicenseDocument(answer.bytes, begun.file as LicenseSpringRequest, publicKey!);
    if (!check.ok) return failure(check.code, false, check.message, null, answer.rateLimit);
    return {
      ok: true,
      artifact: {
        fileName: deviceFileName(request, 'ls_activation.lic'),
        mediaType: 'application/octet-stream',
        bytes: utf8(toBase64(answer.bytes)),
        expiresAt: check.expiresAt,
      },
      note: check.expiresAt
        ? t('licensespring:activate.receivedUntil', { product: vendorText(begun.file.product, [], maskSecret), at: check.expiresAt })
        : t('licensespring:activate.received', { product: vendorText(begun.file.product, [], maskSecret) }),
      rateLimit: answer.rateLimit,
    };
  }

  function deactivationReceipt(request: ConnectorRequest, file: Target, note: string, rateLimit: HttpAnswer['rateLimit']): Outcome {
    const receipt = { format: 'activation-kiosk/licensespring-deactivation', version: 1, product: file.product, hardwareId: file.hardwareId, ...(file.requestId ? { requestId: file.requestId } : { seatReturn: true }), deactivatedAt: new Date(now()).toISOString(), signed: false };
    return {
      ok: true,
      artifact: { fileName: deviceFileName(request, 'ls-deactivation.json'), mediaType: 'application/json', bytes: utf8(`${JSON.stringify(receipt, null, 2)}\n`) },
      note,
      rateLimit,
    };
  }

  async function deactivate(begun: Extract<Begun, { ok: true }>, request: ConnectorRequest): Promise<Outcome> {
    const f = begun.file;
    const result =
      f.body === null
        ? await call('POST', '/api/v4/deactivate_license', begun.credentials, JSON.stringify({ license_key: f.licenseKey, hardware_id: f.hardwareId, product: f.product }), 'application/json')
        : await call('POST', '/api/v4/deactivate_offline', begun.credentials, f.body);
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200) return refusal(answer, begun.credentials, begun.file);
    // LicenseSpring signs no deactivation answer: ask again whether the hardware id is still active,
    // and say plainly that the release rests on unsigned answers.
    const after = await isActive(begun);
    if (after.ok && after.active) {
      return failure('release_unconfirmed', false, t('licensespring:release.unconfirmed'), null, after.answer.rateLimit);
    }
    return deactivationReceipt(request, begun.file, t(after.ok ? 'licensespring:release.acceptedListed' : 'licensespring:release.acceptedUnchecked'), answer.rateLimit);
  }

  /** Is the request's hardware id active on its licence? (a read: GET /api/v4/check_license) */
  async function isActive(begun: Extract<Begun, { ok: true }>): Promise<{ ok: true; active: boolean; answer: HttpAnswer } | { ok: false; failure: Failure }> {
    const f = begun.file;
    const query = new URLSearchParams({ product: f.product, hardware_id: f.hardwareId, [f.identity]: f.licenseKey });
    const result = await call('GET', `/api/v4/check_license?${query}`, begun.credentials);
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status === 200) return { ok: true, active: true, answer };
    const parsed = errorBody.safeParse(parseJson(answer.bytes));
    const code = parsed.success ? parsed.data.code : undefined;
    if (answer.status === 400 && (code === 'device_not_found' || code === 'license_not_active')) return { ok: true, active: false, answer };
    return { ok: false, failure: refusal(answer, begun.credentials, begun.file) };
  }

  return {
    async fulfil(request) {
      const begun = await begin(request);
      if (!begun.ok) return begun.failure;
      return request.kind === 'deactivate' ? deactivate(begun, request) : activate(begun, request);
    },

    async reconcile(request): Promise<Reconciled> {
      const begun = await begin(request);
      if (!begun.ok) return begun.failure;
      const state = await isActive(begun);
      if (!state.ok) return state.failure;
      if (request.kind === 'deactivate') {
        if (state.active) return { ok: false, notApplied: true };
        return deactivationReceipt(request, begun.file, t('licensespring:release.tookEffect'), state.answer.rateLimit);
      }
      if (!state.active) return { ok: false, notApplied: true };
      const outcome = await activate(begun, request);
      return outcome.ok ? { ...outcome, note: t('licensespring:activate.alreadyActive', { note: outcome.note }) } : outcome;
    },

    async health() {
      const checks: HealthCheck[] = [];
      const problem = configurationProblem();
      if (problem) checks.push({ name: t('licensespring:health.settings'), ok: false, message: problem.message });
      if (!base) return checks;
      const creds = await credentials();
      const product = settings.healthProductCode?.trim() || 'kiosk-connection-check';
      const result = await call('GET', `/api/v4/product_details?${new URLSearchParams({ product })}`, creds);
      if (!result.ok) {
        checks.push({ name: t('licensespring:health.reachable'), ok: false, message: result.failure.message });
        return checks;
      }
      const { answer } = result;
      checks.push({ name: t('licensespring:health.reachable'), ok: true, message: t('licensespring:health.reachableOk', { host: base.host, status: answer.status }) });
      const skew = skewOf(answer);
      checks.push(
        skew === null
          ? { name: t('licensespring:health.clock'), ok: false, message: t('licensespring:health.noDate') }
          : Math.abs(skew) <= maxSkewMs
            ? { name: t('licensespring:health.clock'), ok: true, message: t('licensespring:health.clockOk', { seconds: Math.round(skew / 1000) }) }
            : { name: t('licensespring:health.clock'), ok: false, message: t('licensespring:health.clockOff', { skew: describeSkew(skew) }) },
      );
      if (!creds) {
        checks.push({ name: t('licensespring:health.credentials'), ok: false, message: noCredentials().message });
      } else {
        const code = (() => {
          const parsed = errorBody.safeParse(parseJson(answer.bytes));
          return parsed.success ? (parsed.data.code ?? null) : null;
        })();
        const key = maskSecret(creds.apiKey);
        if (answer.status === 200 || code === 'unknown_product' || code === 'api_key_product_not_allowed') {
          const shownProduct = vendorText(product, [], maskSecret);
          const message = answer.status === 200 ? 'licensespring:health.acceptedFound' : code === 'api_key_product_not_allowed' ? 'licensespring:health.acceptedNotAllowed' : 'licensespring:health.accepted';
          checks.push({ name: t('licensespring:health.credentials'), ok: code !== 'api_key_product_not_allowed', message: t(message, { key, product: shownProduct }) });
        } else if (code && LICENSESPRING_CODES[code]) {
          checks.push({ name: t('licensespring:health.credentials'), ok: false, message: refusal(answer, creds).message });
        } else {
          checks.push({ name: t('licensespring:health.credentials'), ok: false, message: t('licensespring:health.credentialsUnknown', { status: answer.status }) });
        }
      }
      if (publicKey) checks.push({ name: t('licensespring:health.publicKey'), ok: true, message: t('licensespring:health.publicKeyOk') });
      return checks;
    },
  };
}
