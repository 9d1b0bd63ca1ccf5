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
    if (!base) return failure('configuration', false, `The LicenseSpring base URL is not a valid http(s) address like ${LICENSESPRING_DEFAULT_BASE_URL}; correct it in Settings.`);
    if (!publicKey) return failure('configuration', false, "The LicenseSpring public key is not an RSA public key in PEM form; paste the server public key from LicenseSpring's docs in Settings.");
    return null;
  }

  async function credentials(): Promise<LicenseSpringCredentials | null> {
    return decodeLicenseSpringCredentials(await deps.secrets.get(settings.credentialsSecretId));
  }

  const noCredentials = () => failure('token_missing', false, 'The LicenseSpring API key and shared key for this connection are not in the secret store; enter them again in Settings.');

  async function begin(request: ConnectorRequest): Promise<Begun> {
    const problem = configurationProblem();
    if (problem) return { ok: false, failure: problem };
    const creds = await credentials();
    if (!creds) return { ok: false, failure: noCredentials() };
    if (request.kind === 'deactivate' && request.seatReturn) {
      const product = request.deviceDetails.product;
      if (!product) return { ok: false, failure: failure('invalid_request', false, 'This seat return names no LicenseSpring product code; return the seat again with the product code.') };
      return { ok: true, credentials: creds, file: { identity: 'license_key', licenseKey: request.licenseKey, hardwareId: request.deviceId, product, requestId: null, password: null, body: null } };
    }
    let file: LicenseSpringRequest;
    try {
      file = readLicenseSpring(request.requestBody ?? '');
    } catch (error) {
      if (error instanceof FormatError) return { ok: false, failure: failure('invalid_request', false, `The queued LicenseSpring request file cannot be sent: ${error.message}.`) };
      throw error;
    }
    const kindFits = request.kind === 'deactivate' ? file.kind === 'deactivation' : file.kind === 'activation';
    // The queue's columns must say what the file says; the answer is bound to the file.
    if (!kindFits || file.hardwareId !== request.deviceId || file.licenseKey !== request.licenseKey) {
      return { ok: false, failure: failure('invalid_request', false, 'The queued request no longer matches its LicenseSpring request file (kind, hardware id or licence key differ); capture the file again.') };
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
    const amount = seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} s`;
    return `LicenseSpring's clock is ${amount} ${ms > 0 ? 'ahead of' : 'behind'} this laptop's`;
  }

  function refusal(answer: HttpAnswer, creds: LicenseSpringCredentials, file?: Target): Failure {
    const secrets = [creds.apiKey, creds.sharedKey, file?.licenseKey, file?.password];
    const fail = (code: string, retryable: boolean, message: string, retryAt: number | null = null) => failure(code, retryable, message, retryAt, answer.rateLimit);
    const { status } = answer;
    if (status === 429) {
      const at = retryAfter(answer.headers, now()) ?? now() + RATE_WINDOW_MS;
      return fail('rate_limited', true, `LicenseSpring's rate limit is reached; the kiosk waits until ${new Date(at).toISOString().slice(11, 19)} UTC and sends it again.`, at);
    }
    const parsed = errorBody.safeParse(parseJson(answer.bytes));
    const code = parsed.success ? (parsed.data.code ?? null) : null;
    const said = parsed.success && parsed.data.message ? vendorText(parsed.data.message, secrets, maskSecret) : '';
    const meaning = code ? LICENSESPRING_CODES[code] : undefined;
    if (meaning && code) {
      let sentence = code === 'validation_error' ? `${meaning.sentence}${said ? `: "${said}"` : ''}; make a new request on the device or ask the vendor.` : meaning.sentence;
      const skew = skewOf(answer);
      if ((code === 'signature_mismatch' || code === 'date_header_diff') && skew !== null) sentence += ` (${describeSkew(skew)}.)`;
      return fail(code, meaning.retryable, sentence, meaning.retryable ? now() + SERVER_ERROR_WAIT_MS : null);
    }
    // An undocumented code is quoted (masked) in the sentence but never becomes the stored code: a
    // server could echo a key in it.
    if (status >= 500) return fail(`http_${status}`, true, `LicenseSpring answered HTTP ${status}${said ? ` ("${said}")` : ''}; the kiosk retries in 30 s.`, now() + SERVER_ERROR_WAIT_MS);
    const named = code ? `, ${vendorText(code, secrets, maskSecret)}` : '';
    return fail(`http_${status}`, false, `LicenseSpring refused the request (HTTP ${status}${named})${said ? `: "${said}"` : ''}; check the request and Settings, or ask the vendor.`);
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
      note: `LicenseSpring licence file received for product ${vendorText(begun.file.product, [], maskSecret)}; its signature (license_signature_v2) verified with the connection's LicenseSpring public key, and it names this device's hardware id, the request's licence key and request id.${check.expiresAt ? ` Valid until ${check.expiresAt.slice(0, 10)}.` : ''}`,
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
      return failure('release_unconfirmed', false, 'Could not confirm the release: LicenseSpring accepted the deactivation but still lists this hardware id as active. Check the licence in the LicenseSpring portal before retrying.', null, after.answer.rateLimit);
    }
    const listed = after.ok ? 'LicenseSpring no longer lists this hardware id as active' : 'the follow-up check of the licence could not be made';
    return deactivationReceipt(request, begun.file, `Deactivation accepted by LicenseSpring and ${listed}; LicenseSpring signs no deactivation answer, so the kiosk cannot prove the release (the file is the kiosk's own unsigned record).`, answer.rateLimit);
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
        return deactivationReceipt(request, begun.file, 'The deactivation took effect: LicenseSpring no longer lists this hardware id as active (an unsigned answer: LicenseSpring signs no deactivation).', state.answer.rateLimit);
      }
      if (!state.active) return { ok: false, notApplied: true };
      const outcome = await activate(begun, request);
      return outcome.ok ? { ...outcome, note: `Already active on LicenseSpring (the earlier attempt took effect); the same request was sent again for the same seat. ${outcome.note}` } : outcome;
    },

    async health() {
      const checks: HealthCheck[] = [];
      const problem = configurationProblem();
      if (problem) checks.push({ name: 'Settings', ok: false, message: problem.message });
      if (!base) return checks;
      const creds = await credentials();
      const product = settings.healthProductCode?.trim() || 'kiosk-connection-check';
      const result = await call('GET', `/api/v4/product_details?${new URLSearchParams({ product })}`, creds);
      if (!result.ok) {
        checks.push({ name: 'LicenseSpring reachable', ok: false, message: result.failure.message });
        return checks;
      }
      const { answer } = result;
      checks.push({ name: 'LicenseSpring reachable', ok: true, message: `LicenseSpring at ${base.host} answers (HTTP ${answer.status}).` });
      const skew = skewOf(answer);
      checks.push(
        skew === null
          ? { name: 'Clock', ok: false, message: 'The server sent no Date header, so the laptop clock cannot be compared; LicenseSpring refuses requests whose Date is far off.' }
          : Math.abs(skew) <= maxSkewMs
            ? { name: 'Clock', ok: true, message: `The laptop clock agrees with LicenseSpring's (${Math.round(skew / 1000)} s apart).` }
            : { name: 'Clock', ok: false, message: `${describeSkew(skew)}: LicenseSpring refuses signed requests with a Date that far off (signature_mismatch or date_header_diff); set the laptop's clock to the correct time.` },
      );
      if (!creds) {
        checks.push({ name: 'API key and shared key', ok: false, message: noCredentials().message });
      } else {
        const code = (() => {
          const parsed = errorBody.safeParse(parseJson(answer.bytes));
          return parsed.success ? (parsed.data.code ?? null) : null;
        })();
        const key = maskSecret(creds.apiKey);
        if (answer.status === 200 || code === 'unknown_product' || code === 'api_key_product_not_allowed') {
          const scope = answer.status === 200 ? ` (product ${vendorText(product, [], maskSecret)} found)` : code === 'api_key_product_not_allowed' ? `, but it may not use product ${vendorText(product, [], maskSecret)}` : '';
          checks.push({ name: 'API key and shared key', ok: code !== 'api_key_product_not_allowed', message: `LicenseSpring accepts the API key ${key} and the shared key${scope}. (A read-only key also passes this check; it is refused only when activating.)` });
        } else if (code && LICENSESPRING_CODES[code]) {
          checks.push({ name: 'API key and shared key', ok: false, message: refusal(answer, creds).message });
        } else {
          checks.push({ name: 'API key and shared key', ok: false, message: `LicenseSpring answered HTTP ${answer.status} to the credential check; check the base URL.` });
        }
      }
      if (publicKey) checks.push({ name: 'LicenseSpring public key', ok: true, message: 'Licence files are verified (license_signature_v2) with the LicenseSpring public key before export.' });
      return checks;
    },
  };
}
