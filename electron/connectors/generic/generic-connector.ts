// Connector for licence APIs shaped like the seed-004 API: POST /license/{activate,validate,deactivate}
// with JSON bodies, answers signed with the vendor's RSA key, X-RateLimit-* headers. Every answer is
// untrusted until it parses strictly, its signature verifies and it says what was asked: this licence,
// this machine, valid, active and not expired (or, for a deactivation, that the machine is released).
//
// Decisions:
// - What is exported means exactly what the signature covers (shared/crypto/signed-document.ts):
//   the server's bytes when they hold only `data` and `signature`; when the server adds other
//   members, a document rebuilt from the verified parse without them, and the note says so. A
//   device that reads an unsigned top-level member could otherwise be told anything.
// - The response's validity (Artifact.expiresAt) is the signed `expires_at`, nothing else.
// - A 409 to an activation is confirmed with validate before it is final: servers differ on whether a
//   repeated activation is idempotent, and "already active on this machine" is a success.
// - A deactivation counts only when a signed record says this machine no longer holds an activation:
//   the deactivation answer itself (`deactivated_at`), or else a follow-up validate whose signed
//   answer says `"activated": false`. The seed signs neither deactivation answers nor refusals, so
//   with a server that follows it to the letter the release cannot be confirmed, and the kiosk says
//   so (`release_unconfirmed`) rather than report a seat it cannot prove free. That failure is
//   permanent unless only the follow-up could not be made (network, 5xx, 429): asking again
//   automatically gets no new proof, and a person should check the licence with the vendor.
// - reconcile never re-sends a change. Activate: validate tells whether it took effect. Refresh:
//   validate is read-only, so it is simply asked. Deactivate: a signed "not activated" from validate
//   means the deactivation took effect, but its receipt cannot be fetched again, so that is reported
//   as a permanent `already_deactivated` failure whose sentence says the seat was released.
// - GET /health is an extension of our demo server; health() falls back to an empty validate
//   (expecting 422) when a server lacks it.
import { PublicKeyError, importRsaPublicKey } from '../../../shared/crypto/rsa.ts';
import { fromUtf8 } from '../../../shared/crypto/encoding.ts';
import { exportedBytes, readSignedDocument, verifySignedDocument, type SignedDocument } from '../../../shared/crypto/signed-document.ts';
import { checkActiveRecord, checkReleaseRecord, type RecordAsk, type RecordProblem, type RecordProblemCode } from '../../../shared/formats/license-record.ts';
import { LICENSE_KEY_PATTERN, MACHINE_ID_PATTERN } from '../../../shared/formats/request.ts';
import { exchange, failure, type ConnectorDeps, fetchPlan, parseBaseUrl, retryAfter, slug, type Exchange, type HttpAnswer } from '../http.ts';
import type { Artifact, Connector, ConnectorRequest, Failure, HealthCheck, Outcome, RateLimit, Reconciled } from '../types.ts';

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

/** Tolerated difference between the kiosk's clock and the licence server's when reading expiry. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A signed document whose signature verified, and the bytes to export for it. */
interface Verified {
  document: SignedDocument;
  bytes: Uint8Array;
}

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

  /** Reads an answer as a signed document and verifies it; a Failure says why it cannot be used. */
  async function verified(answer: HttpAnswer): Promise<Verified | Failure> {
    const read = readSignedDocument(answer.bytes);
    if (!read.ok) {
      return failure(
        'bad_response',
        false,
        `The server answered HTTP ${answer.status} but not with a signed licence record: ${read.reason}; check that the base URL points at the licence API, or ask the vendor.`,
        null,
        answer.rateLimit,
      );
    }
    const form = await verifySignedDocument(await loadKey(), read.document);
    if (!form) return failure('signature_invalid', false, "Signature invalid: the server's response does not match the vendor public key; nothing was stored.", null, answer.rateLimit);
    return { document: read.document, bytes: exportedBytes(answer.bytes, read.document, form) };
  }

  async function accept(request: ConnectorRequest, endpoint: Endpoint, answer: HttpAnswer): Promise<Outcome> {
    if (endpoint === 'deactivate') return released(request, answer);
    const checked = await verified(answer);
    if (!('document' in checked)) return checked;
    const { problems, expiresAt } = checkActiveRecord(checked.document.data, askOf(request), now(), CLOCK_SKEW_MS);
    if (problems.length > 0) return refusedRecord(problems, answer.rateLimit);
    const data = checked.document.data;
    const seats = typeof data.activations === 'number' && typeof data.max_activations === 'number' ? ` (${data.activations} of ${data.max_activations} activations in use)` : '';
    const note = endpoint === 'activate' ? `Activated: the server's signed licence record verified${seats}.` : `Validated: the server confirmed this machine's activation and its signed licence record verified${seats}.`;
    return success(request, checked, `${note}${unsignedNote(checked.document)}`, answer.rateLimit, expiresAt);
  }

  /**
   * A deactivation counts only with a signed statement that this machine no longer holds an
   * activation: the deactivation answer itself, or else a follow-up validate (the seed signs neither
   * deactivation answers nor refusals; our server signs both, see license-server.ts).
   */
  async function released(request: ConnectorRequest, answer: HttpAnswer): Promise<Outcome> {
    const direct = await releaseProof(request, answer);
    if ('document' in direct) return success(request, direct, `Deactivated: the server released this machine's activation; its signed receipt verified.${unsignedNote(direct.document)}`, answer.rateLimit, null);
    const followUp = await post(request, 'validate');
    if (!followUp.ok) {
      const { retryable, retryAt, rateLimit, message } = followUp.failure;
      return unconfirmed(direct.reason, `could not be made (${message.replace(/\.$/, '')})`, retryable, retryAt, rateLimit);
    }
    if (followUp.answer.status !== 200 && followUp.answer.status !== 403) {
      const { retryable, retryAt, rateLimit, message } = refusal('validate', followUp.answer, now());
      return unconfirmed(direct.reason, `failed (${message.replace(/\.$/, '')})`, retryable, retryAt, rateLimit);
    }
    const proof = await releaseProof(request, followUp.answer);
    if ('document' in proof) {
      return success(
        request,
        proof,
        `Deactivated: the server's deactivation answer ${direct.reason}, so a follow-up validation was asked; its signed answer says this machine no longer holds an activation, and that signed record is the receipt.`,
        followUp.answer.rateLimit,
        null,
      );
    }
    return unconfirmed(direct.reason, proof.reason, false, null, followUp.answer.rateLimit);
  }

  /** The verified signed statement in an answer that this machine holds no activation, or why the answer is none. */
  async function releaseProof(request: ConnectorRequest, answer: HttpAnswer): Promise<Verified | { reason: string }> {
    const read = readSignedDocument(answer.bytes);
    if (!read.ok) return { reason: answer.status === 200 ? 'is not signed' : `answered without a signed record (HTTP ${answer.status})` };
    const form = await verifySignedDocument(await loadKey(), read.document);
    if (!form) return { reason: 'carries a signature that does not verify with the vendor public key' };
    // Dated no earlier than this answer (with the clock tolerance): an older release of this machine replayed is no proof.
    const problems = checkReleaseRecord(read.document.data, askOf(request), now() - CLOCK_SKEW_MS);
    if (problems.length > 0) {
      const stillActive = problems.every((p) => p.code === 'not_released') && read.document.data.valid === true;
      return { reason: stillActive ? 'says, signed, that this machine still holds an activation' : `is signed, but ${problems.map((p) => p.reason).join('; ')}` };
    }
    return { document: read.document, bytes: exportedBytes(answer.bytes, read.document, form) };
  }

  /** Did an interrupted deactivation take effect? validate tells, and its "not activated" counts only when signed. */
  async function reconcileRelease(request: ConnectorRequest): Promise<Reconciled> {
    const result = await post(request, 'validate');
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status === 200) {
      const check = await accept(request, 'validate', answer);
      return check.ok ? { ok: false, notApplied: true } : check;
    }
    const refused = refusal('validate', answer, now());
    if (refused.code !== 'machine_not_activated') return refused;
    const proof = await releaseProof(request, answer);
    if ('reason' in proof) {
      return failure(
        'release_unconfirmed',
        false,
        `Could not confirm the release: the deactivation was interrupted, and the server's answer that this machine holds no activation ${proof.reason}. The seat may still be taken: check the licence with the vendor, then Retry or cancel the request.`,
        null,
        answer.rateLimit,
      );
    }
    return failure(
      'already_deactivated',
      false,
      "The deactivation took effect (the server's signed answer says this machine no longer holds an activation), but its receipt was lost in transit and the server cannot issue it again; the seat is free.",
      null,
      answer.rateLimit,
    );
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
      if (request.kind === 'license-file') return failure('kind_not_served', false, 'The licence API issues no licence file for a key alone; nothing was sent.');
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
      if (request.kind === 'deactivate') return reconcileRelease(request);
      const check = await call(request, 'validate');
      if (request.kind === 'refresh') return check;
      if (check.ok) return { ...check, note: 'Already active on the server; its signed record was fetched, nothing re-sent.' };
      return check.code === 'machine_not_activated' ? { ok: false, notApplied: true } : check;
    },

    async health() {
      const checks: HealthCheck[] = [await publicKeyCheck(loadKey)];
      const probe = await send('GET', '/health');
      if (!probe.ok) {
        checks.push({ name: 'Server reachable', ok: false, message: probe.failure.message });
        checks.push({ name: 'Licence API', ok: false, notRun: true, message: 'Not run: the server could not be reached.' });
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

const askOf = (request: ConnectorRequest): RecordAsk => ({ licenseKey: request.licenseKey, machineId: request.deviceId });

/** `expiresAt` comes from the verified record only, so no unsigned member drives the response's validity. */
function success(request: ConnectorRequest, verified: Verified, note: string, rateLimit: RateLimit | null, expiresAt: string | null): Outcome {
  return { ok: true, artifact: artifactFor(request, verified.bytes, expiresAt), note, rateLimit };
}

function artifactFor(request: ConnectorRequest, bytes: Uint8Array, expiresAt: string | null): Artifact {
  const label = slug(request.deviceLabel);
  const prefix = request.kind === 'deactivate' ? 'deactivation' : 'activation';
  const name = [prefix, label, request.deviceId.toLowerCase().slice(0, 12)].filter(Boolean).join('-');
  return { fileName: `${name}.json`, mediaType: 'application/json', bytes, expiresAt };
}

function unsignedNote(document: SignedDocument): string {
  if (document.unsignedMembers.length === 0) return '';
  const names = document.unsignedMembers.map((name) => JSON.stringify(vendorText(name).slice(0, 40))).join(', ');
  return ` The server's unsigned members (${names}) were left out of the exported file.`;
}

/** A verified record that does not answer what was asked: refused with what it said and what to do. */
function refusedRecord(problems: RecordProblem[], rateLimit: RateLimit | null): Failure {
  const code = problems[0]?.code ?? 'bad_response';
  const todo: Record<RecordProblemCode, string> = {
    response_mismatch: 'it does not answer this request; check that the base URL points at the licence server for this licence',
    license_invalid: 'ask the vendor why the licence is not valid, then Retry',
    license_suspended: 'the vendor must reinstate the licence before this device can be served',
    license_not_active: 'ask the vendor to reactivate the licence, then Retry',
    license_expired: 'renew the licence with the vendor, then Retry',
    bad_response: 'ask the vendor to correct their licence server',
    not_released: 'ask the vendor',
  };
  const said = problems.map((p) => vendorText(p.reason)).join('; ');
  return failure(code, false, `The server's signed licence record was refused: ${said}. ${capitalise(todo[code])}; nothing was stored.`, null, rateLimit);
}

/** A deactivation the kiosk cannot prove: never reported as a released seat. */
function unconfirmed(answerReason: string, followUpReason: string, retryable: boolean, retryAt: number | null, rateLimit: RateLimit | null): Failure {
  const next = retryable
    ? 'The kiosk asks again by itself.'
    : "The seat may still be taken: check the licence with the vendor (or on the vendor's portal), then Retry or cancel the request.";
  return failure(
    'release_unconfirmed',
    retryable,
    `Could not confirm the release: the server's deactivation answer ${answerReason}, and the follow-up validation ${followUpReason}. ${next}`,
    retryAt,
    rateLimit,
  );
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

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
