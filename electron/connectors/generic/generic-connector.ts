// Connector for licence APIs shaped like the seed-004 API: POST /license/{activate,validate,deactivate}
// with JSON bodies, answers signed with the vendor's RSA key, X-RateLimit-* headers. Every answer is
// untrusted until it parses, its signature verifies and it names the licence and machine we asked about.
//
// Decisions:
// - A 409 to an activation is confirmed with validate before it is final: servers differ on whether a
//   repeated activation is idempotent, and "already active on this machine" is a success.
// - reconcile never re-sends a change. Activate: validate tells whether it took effect. Refresh:
//   validate is read-only, so it is simply asked. Deactivate: validate answering "not activated" means
//   the deactivation took effect, but its signed receipt cannot be fetched again, so that is reported
//   as a permanent `already_deactivated` failure whose sentence says the seat was released.
// - Deactivation receipts are accepted unsigned (the seed signs only activate and validate answers),
//   but a receipt that carries a signature must verify.
// - GET /health is an extension of our demo server; health() falls back to an empty validate
//   (expecting 422) when a server lacks it.
import { z } from 'zod';
import { PublicKeyError, importRsaPublicKey, verifySignedData } from '../../../shared/crypto/rsa.ts';
import { fromUtf8 } from '../../../shared/crypto/encoding.ts';
import { LICENSE_KEY_PATTERN, MACHINE_ID_PATTERN } from '../../../shared/formats/request.ts';
import { exchange, failure, type ConnectorDeps, fetchPlan, parseBaseUrl, retryAfter, slug, type Exchange, type HttpAnswer } from '../http.ts';
import type { Artifact, Connector, ConnectorRequest, Failure, HealthCheck, Outcome, Reconciled } from '../types.ts';

export interface GenericConnectorOptions {
  baseUrl: string;
  publicKeyPem: string;
}

type Endpoint = 'activate' | 'validate' | 'deactivate';

interface VendorError {
  code: string | null;
  message: string | null;
  fields: Record<string, string[]>;
}

const ENDPOINT_OF = { activate: 'activate', refresh: 'validate', deactivate: 'deactivate' } as const;
const ANY_LICENSE_KEY = /[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){4}/g;

const signedDocument = z.object({
  data: z.looseObject({
    license_key: z.string(),
    machine_id: z.string(),
    valid: z.boolean().optional(),
    status: z.string().optional(),
    activations: z.number().optional(),
    max_activations: z.number().optional(),
  }),
  signature: z.string().min(1),
});

export function createGenericConnector(options: GenericConnectorOptions & ConnectorDeps): Connector {
  const plan = fetchPlan(options, 'x-ratelimit');
  const { now } = plan;
  const base = parseBaseUrl(options.baseUrl);
  let publicKey: Promise<CryptoKey> | null = null;
  const loadKey = (): Promise<CryptoKey> => (publicKey ??= importRsaPublicKey(options.publicKeyPem));

  function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Exchange> {
    if (!base) return Promise.resolve({ ok: false, failure: failure('configuration', false, 'The base URL is not a valid http:// or https:// address; correct it in Settings.') });
    return exchange(plan, new URL(`${base.href.replace(/\/+$/, '')}${path}`), {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  const post = (request: ConnectorRequest, endpoint: Endpoint): Promise<Exchange> =>
    send('POST', `/license/${endpoint}`, { license_key: request.licenseKey, machine_id: request.deviceId });

  async function call(request: ConnectorRequest, endpoint: Endpoint): Promise<Outcome> {
    const result = await post(request, endpoint);
    if (!result.ok) return result.failure;
    return result.answer.status === 200 ? accept(request, endpoint, result.answer) : refusal(endpoint, result.answer, now());
  }

  async function accept(request: ConnectorRequest, endpoint: Endpoint, answer: HttpAnswer): Promise<Outcome> {
    const { rateLimit } = answer;
    const document = parseJsonObject(answer.bytes);
    const badShape = failure(
      'bad_response',
      false,
      `The server answered HTTP 200 but not with a signed licence record ({"data", "signature"}); check that the base URL points at the licence API.`,
      null,
      rateLimit,
    );
    if (!document) return badShape;
    if (endpoint === 'deactivate' && document.signature === undefined) {
      return success(request, answer, "Deactivated: the server released this machine's activation; it does not sign deactivation receipts, so the receipt is unsigned.");
    }
    const parsed = signedDocument.safeParse(document);
    if (!parsed.success) return badShape;
    const key = await loadKey();
    if (!(await verifySignedData(key, document.data, parsed.data.signature))) {
      return failure('signature_invalid', false, "Signature invalid: the server's response does not match the vendor public key; nothing was stored.", null, rateLimit);
    }
    const data = parsed.data.data;
    if (data.license_key.toUpperCase() !== request.licenseKey.toUpperCase() || data.machine_id.toLowerCase() !== request.deviceId.toLowerCase()) {
      return failure('response_mismatch', false, "The server's signed answer is about a different licence or machine than the one requested; nothing was stored.", null, rateLimit);
    }
    if (data.valid === false) {
      return failure('license_invalid', false, `The server answered that the licence is not valid for this machine${data.status ? ` (status: ${vendorText(data.status)})` : ''}.`, null, rateLimit);
    }
    if (endpoint === 'deactivate') return success(request, answer, "Deactivated: the server released this machine's activation; its signed receipt verified.");
    const seats = typeof data.activations === 'number' && typeof data.max_activations === 'number' ? ` (${data.activations} of ${data.max_activations} activations in use)` : '';
    const note = endpoint === 'activate' ? `Activated: the server's signed licence record verified${seats}.` : `Validated: the server confirmed this machine's activation and its signed licence record verified${seats}.`;
    return success(request, answer, note);
  }

  /** Before calling a 409 final, asks whether this machine already holds an activation. */
  async function confirmConflict(request: ConnectorRequest, conflict: Failure): Promise<Outcome> {
    const check = await call(request, 'validate');
    if (check.ok) {
      return { ...check, note: 'Already active on this machine: the server answered 409 to the activation, and validation confirmed this machine holds an activation; its signed record was fetched.' };
    }
    if (check.code === 'signature_invalid') return check;
    if (check.retryable) {
      return { ...check, message: `The server reported the activation limit reached, and checking whether this machine already holds an activation failed: ${check.message}` };
    }
    return conflict;
  }

  async function preflight(request: ConnectorRequest): Promise<Failure | null> {
    const problem = checkRequest(request);
    if (problem) return problem;
    try {
      await loadKey();
      return null;
    } catch (error) {
      const reason = error instanceof PublicKeyError ? error.message : 'it could not be read';
      return failure('public_key_invalid', false, `Nothing was sent because the vendor public key cannot verify answers: ${reason}.`);
    }
  }

  return {
    async fulfil(request) {
      const problem = await preflight(request);
      if (problem) return problem;
      const endpoint = ENDPOINT_OF[request.kind];
      const result = await post(request, endpoint);
      if (!result.ok) return result.failure;
      const { answer } = result;
      if (answer.status === 200) return accept(request, endpoint, answer);
      const refused = refusal(endpoint, answer, now());
      return answer.status === 409 && endpoint === 'activate' ? confirmConflict(request, refused) : refused;
    },

    async reconcile(request): Promise<Reconciled> {
      const problem = await preflight(request);
      if (problem) return problem;
      const check = await call(request, 'validate');
      if (request.kind === 'refresh') return check;
      const notActivated = !check.ok && check.code === 'machine_not_activated';
      if (request.kind === 'activate') {
        if (check.ok) return { ...check, note: 'Already active on the server; its signed record was fetched, nothing re-sent.' };
        return notActivated ? { ok: false, notApplied: true } : check;
      }
      if (check.ok) return { ok: false, notApplied: true };
      if (!notActivated) return check;
      return failure(
        'already_deactivated',
        false,
        'The deactivation took effect (the server no longer lists this machine on the licence), but its receipt was lost in transit and the server cannot issue it again; the seat is free.',
        null,
        check.rateLimit,
      );
    },

    async health() {
      const checks: HealthCheck[] = [await publicKeyCheck(loadKey)];
      const probe = await send('GET', '/health');
      if (!probe.ok) {
        checks.push({ name: 'Server reachable', ok: false, message: probe.failure.message });
        checks.push({ name: 'Licence API', ok: false, message: 'Not checked: the server could not be reached.' });
        return checks;
      }
      let answer = probe.answer;
      const viaHealth = answer.status === 200 && answer.rateLimit !== null;
      if (!viaHealth) {
        // No /health (an extension of our demo server): an empty validate must be refused with 422.
        const fallback = await send('POST', '/license/validate', {});
        if (fallback.ok) answer = fallback.answer;
      }
      const host = base?.host ?? '';
      checks.push(
        answer.status >= 500
          ? { name: 'Server reachable', ok: false, message: `The server at ${host} answers, but with an error (HTTP ${answer.status}); the vendor's service may be down.` }
          : { name: 'Server reachable', ok: true, message: `The server at ${host} answers (HTTP ${answer.status}).` },
      );
      const apiLike = answer.rateLimit !== null && (viaHealth || answer.status === 422 || answer.status === 429);
      checks.push(
        apiLike
          ? { name: 'Licence API', ok: true, message: `Its answers look like the licence API, with rate-limit headers (${answer.rateLimit?.limit} requests per window, ${answer.rateLimit?.remaining} left).` }
          : { name: 'Licence API', ok: false, message: `Its answers do not look like the licence API (no X-RateLimit headers, or no 422 for an empty request); check the base URL.` },
      );
      return checks;
    },
  };
}

async function publicKeyCheck(loadKey: () => Promise<CryptoKey>): Promise<HealthCheck> {
  try {
    const key = await loadKey();
    const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    return { name: 'Public key', ok: true, message: `The vendor public key is a usable ${bits}-bit RSA key.` };
  } catch (error) {
    const reason = error instanceof PublicKeyError ? error.message : 'it could not be read';
    return { name: 'Public key', ok: false, message: `The vendor public key cannot be used: ${reason}.` };
  }
}

function checkRequest(request: ConnectorRequest): Failure | null {
  if (!LICENSE_KEY_PATTERN.test(request.licenseKey)) {
    return failure('invalid_request', false, 'The licence key is not in the XXXXX-XXXXX-XXXXX-XXXXX-XXXXX form (letters and digits) this licensing API expects; nothing was sent.');
  }
  if (!MACHINE_ID_PATTERN.test(request.deviceId)) {
    return failure('invalid_request', false, 'This licensing API needs a machine id of 64 hexadecimal characters (a SHA-256), and the device sent another form; nothing was sent.');
  }
  return null;
}

function success(request: ConnectorRequest, answer: HttpAnswer, note: string): Outcome {
  return { ok: true, artifact: artifactFor(request, answer.bytes), note, rateLimit: answer.rateLimit };
}

function artifactFor(request: ConnectorRequest, bytes: Uint8Array): Artifact {
  const label = slug(request.deviceLabel);
  const prefix = request.kind === 'deactivate' ? 'deactivation' : 'activation';
  const name = [prefix, label, request.deviceId.toLowerCase().slice(0, 12)].filter(Boolean).join('-');
  return { fileName: `${name}.json`, mediaType: 'application/json', bytes };
}

/** Maps a non-200 answer to a Failure with a sentence for the field engineer. */
function refusal(endpoint: Endpoint, answer: HttpAnswer, now: number): Failure {
  const { status, rateLimit } = answer;
  const vendor = readVendorError(answer.bytes);
  const said = vendor.message ? ` (server said: "${vendorText(vendor.message)}")` : '';
  const fail = (code: string, retryable: boolean, message: string, retryAt: number | null = null) => failure(code, retryable, message, retryAt, rateLimit);

  if (status === 403) {
    const text = `${vendor.code ?? ''} ${vendor.message ?? ''}`.toLowerCase();
    if (text.includes('suspend')) return fail('license_suspended', false, 'The licence is suspended on the licensing server; the vendor must reinstate it before this device can be served.');
    if (text.includes('expir')) return fail('license_expired', false, 'The licence has expired on the licensing server; renew it with the vendor, then retry.');
    if (/not[ _-]?activ/.test(text)) {
      return fail(
        'machine_not_activated',
        false,
        endpoint === 'deactivate'
          ? 'This machine is not activated on the licence (already deactivated, or never activated), so there is nothing to deactivate.'
          : 'This machine is not activated on the licence, so it cannot be validated; send an activation request from the device first.',
      );
    }
    return fail(vendor.code ?? 'forbidden', false, `The licensing server refused the request (HTTP 403)${said}.`);
  }
  if (status === 404) {
    const text = `${vendor.code ?? ''} ${vendor.message ?? ''}`.toLowerCase();
    if (/licen|key/.test(text)) return fail('license_not_found', false, "The licensing server does not know this licence key; check the key on the device against the vendor's records.");
    return fail('not_found', false, `The server answered 404 Not Found${said}: either the licence key is unknown or the base URL does not point at the licence API.`);
  }
  if (status === 409) {
    return fail(
      endpoint === 'activate' ? 'activation_limit_reached' : (vendor.code ?? 'conflict'),
      false,
      endpoint === 'activate'
        ? 'Activation limit reached: every activation of this licence is in use; deactivate another machine or ask the vendor for more.'
        : `The licensing server reported a conflict (HTTP 409)${said}.`,
    );
  }
  if (status === 422 || status === 400) {
    const details = Object.entries(vendor.fields)
      .map(([field, messages]) => `${vendorText(field)}: ${messages.map(vendorText).join(', ')}`)
      .join('; ');
    return fail(vendor.code ?? 'validation_error', false, `The licensing server rejected the request as invalid${details ? ` (${details})` : said}.`);
  }
  if (status === 429) {
    const retryAt = retryAfter(answer.headers, now) ?? rateLimit?.resetAt ?? null;
    const when = retryAt === null ? 'later' : `after ${new Date(retryAt).toISOString()}`;
    return fail('rate_limited', true, `The licensing server is rate-limiting this kiosk; it accepts requests again ${when}.`, retryAt);
  }
  if (status >= 500) {
    return fail('server_error', true, `The licensing server had a problem of its own (HTTP ${status})${said}; the request can be retried.`, retryAfter(answer.headers, now));
  }
  if (status >= 300 && status < 400) {
    return fail('unexpected_status', false, `The server redirects (HTTP ${status}); set the base URL to the address it redirects to.`);
  }
  return fail('unexpected_status', false, `The licensing server answered with an unexpected HTTP ${status}${said}.`);
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(fromUtf8(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Accepts the error shapes licence APIs use: {"error":{"code","message","fields"}}, {"error":"msg"},
 * {"code","message"}, {"message"}, Laravel's {"message","errors":{field:[...]}} and FastAPI's
 * {"detail": "msg" | [{"loc":[..., field],"msg"}]}.
 */
function readVendorError(bytes: Uint8Array): VendorError {
  const out: VendorError = { code: null, message: null, fields: {} };
  const doc = parseJsonObject(bytes);
  if (!doc) return out;
  const nested = isObject(doc.error) ? doc.error : null;
  out.code = scalar(nested?.code) ?? scalar(doc.code);
  out.message = scalar(nested?.message) ?? (typeof doc.error === 'string' ? doc.error : null) ?? scalar(doc.message) ?? (typeof doc.detail === 'string' ? doc.detail : null);
  for (const source of [nested?.fields, nested?.details, doc.fields, doc.errors]) {
    if (!isObject(source)) continue;
    for (const [field, value] of Object.entries(source)) {
      const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === 'string');
      if (messages.length > 0) out.fields[field] = messages;
    }
  }
  if (Array.isArray(doc.detail)) {
    for (const item of doc.detail) {
      if (!isObject(item) || typeof item.msg !== 'string') continue;
      const field = Array.isArray(item.loc) ? String(item.loc[item.loc.length - 1] ?? 'body') : 'body';
      (out.fields[field] ??= []).push(item.msg);
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalar(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Vendor text shown to the engineer: one line, bounded, with anything shaped like a licence key masked. */
function vendorText(text: string): string {
  const line = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(ANY_LICENSE_KEY, (key) => (/^[Xx-]+$/.test(key) ? key : '[licence key]')) // keep the format placeholder
    .trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
