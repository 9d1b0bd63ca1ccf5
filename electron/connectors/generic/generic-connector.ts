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
import { t } from '../../../shared/i18n/index.ts';

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
    if (!base) return Promise.resolve({ ok: false, failure: failure('configuration', false, t('licenseApi:request.badBaseUrl')) });
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
        t('licenseApi:answer.notSigned', { status: answer.status, reason: read.reason }),
        null,
        answer.rateLimit,
      );
    }
    const form = await verifySignedDocument(await loadKey(), read.document);
    if (!form) return failure('signature_invalid', false, t('licenseApi:answer.signatureInvalid'), null, answer.rateLimit);
    return { document: read.document, bytes: exportedBytes(answer.bytes, read.document, form) };
  }

  async function accept(request: ConnectorRequest, endpoint: Endpoint, answer: HttpAnswer): Promise<Outcome> {
    if (endpoint === 'deactivate') return released(request, answer);
    const checked = await verified(answer);
    if (!('document' in checked)) return checked;
    const { problems, expiresAt } = checkActiveRecord(checked.document.data, askOf(request), now(), CLOCK_SKEW_MS);
    if (problems.length > 0) return refusedRecord(problems, answer.rateLimit);
    const data = checked.document.data;
    const seats = typeof data.activations === 'number' && typeof data.max_activations === 'number' ? { used: data.activations, max: data.max_activations } : null;
    const note =
      endpoint === 'activate'
        ? seats ? t('licenseApi:answer.activatedSeats', seats) : t('licenseApi:answer.activated')
        : seats ? t('licenseApi:answer.validatedSeats', seats) : t('licenseApi:answer.validated');
    return success(request, checked, `${note}${unsignedNote(checked.document)}`, answer.rateLimit, expiresAt);
  }

  /**
   * A deactivation counts only with a signed statement that this machine no longer holds an
   * activation: the deactivation answer itself, or else a follow-up validate (the seed signs neither
   * deactivation answers nor refusals; our server signs both, see license-server.ts).
   */
  async function released(request: ConnectorRequest, answer: HttpAnswer): Promise<Outcome> {
    const direct = await releaseProof(request, answer);
    if ('document' in direct) return success(request, direct, `${t('licenseApi:release.deactivated')}${unsignedNote(direct.document)}`, answer.rateLimit, null);
    const followUp = await post(request, 'validate');
    if (!followUp.ok) {
      const { retryable, retryAt, rateLimit, message } = followUp.failure;
      return unconfirmed(direct.reason, t('licenseApi:release.followUpNotMade', { message: message.replace(/\.$/, '') }), retryable, retryAt, rateLimit);
    }
    if (followUp.answer.status !== 200 && followUp.answer.status !== 403) {
      const { retryable, retryAt, rateLimit, message } = refusal('validate', followUp.answer, now());
      return unconfirmed(direct.reason, t('licenseApi:release.followUpFailed', { message: message.replace(/\.$/, '') }), retryable, retryAt, rateLimit);
    }
    const proof = await releaseProof(request, followUp.answer);
    if ('document' in proof) {
      return success(
        request,
        proof,
        t('licenseApi:release.deactivatedByValidation', { reason: direct.reason }),
        followUp.answer.rateLimit,
        null,
      );
    }
    return unconfirmed(direct.reason, proof.reason, false, null, followUp.answer.rateLimit);
  }

  /** The verified signed statement in an answer that this machine holds no activation, or why the answer is none. */
  async function releaseProof(request: ConnectorRequest, answer: HttpAnswer): Promise<Verified | { reason: string }> {
    const read = readSignedDocument(answer.bytes);
    if (!read.ok) return { reason: answer.status === 200 ? t('licenseApi:proof.notSigned') : t('licenseApi:proof.noRecord', { status: answer.status }) };
    const form = await verifySignedDocument(await loadKey(), read.document);
    if (!form) return { reason: t('licenseApi:proof.badSignature') };
    // Dated no earlier than this answer (with the clock tolerance): an older release of this machine replayed is no proof.
    const problems = checkReleaseRecord(read.document.data, askOf(request), now() - CLOCK_SKEW_MS);
    if (problems.length > 0) {
      const stillActive = problems.every((p) => p.code === 'not_released') && read.document.data.valid === true;
      return { reason: stillActive ? t('licenseApi:proof.stillActive') : t('licenseApi:proof.signedBut', { problems: problems.map((p) => p.reason).join('; ') }) };
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
        t('licenseApi:release.interrupted', { reason: proof.reason }),
        null,
        answer.rateLimit,
      );
    }
    return failure(
      'already_deactivated',
      false,
      t('licenseApi:release.tookEffect'),
      null,
      answer.rateLimit,
    );
  }

  /** Before calling a 409 final, asks whether this machine already holds an activation. */
  async function confirmConflict(request: ConnectorRequest, conflict: Failure): Promise<Outcome> {
    const check = await call(request, 'validate');
    if (check.ok) {
      return { ...check, note: t('licenseApi:answer.alreadyActiveConflict') };
    }
    if (check.code === 'signature_invalid') return check;
    if (check.retryable) {
      return { ...check, message: t('licenseApi:answer.conflictCheckFailed', { message: check.message }) };
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
      const reason = error instanceof PublicKeyError ? error.message : t('licenseApi:request.keyUnreadable');
      return failure('public_key_invalid', false, t('licenseApi:request.keyUnusable', { reason }));
    }
  }

  return {
    async fulfil(request) {
      const problem = await preflight(request);
      if (problem) return problem;
      if (request.kind === 'license-file') return failure('kind_not_served', false, t('licenseApi:request.noLicenceFile'));
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
      if (check.ok) return { ...check, note: t('licenseApi:answer.alreadyActive') };
      return check.code === 'machine_not_activated' ? { ok: false, notApplied: true } : check;
    },

    async health() {
      const checks: HealthCheck[] = [await publicKeyCheck(loadKey)];
      const probe = await send('GET', '/health');
      if (!probe.ok) {
        checks.push({ name: t('licenseApi:health.reachable'), ok: false, message: probe.failure.message });
        checks.push({ name: t('licenseApi:health.api'), ok: false, notRun: true, message: t('licenseApi:health.notRun') });
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
          ? { name: t('licenseApi:health.reachable'), ok: false, message: t('licenseApi:health.reachableError', { host, status: answer.status }) }
          : { name: t('licenseApi:health.reachable'), ok: true, message: t('licenseApi:health.reachableOk', { host, status: answer.status }) },
      );
      const apiLike = answer.rateLimit !== null && (viaHealth || answer.status === 422 || answer.status === 429);
      checks.push(
        apiLike
          ? { name: t('licenseApi:health.api'), ok: true, message: t('licenseApi:health.apiOk', { limit: answer.rateLimit?.limit, remaining: answer.rateLimit?.remaining }) }
          : { name: t('licenseApi:health.api'), ok: false, message: t('licenseApi:health.apiBad') },
      );
      return checks;
    },
  };
}

async function publicKeyCheck(loadKey: () => Promise<CryptoKey>): Promise<HealthCheck> {
  try {
    const key = await loadKey();
    const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    return { name: t('licenseApi:health.publicKey'), ok: true, message: t('licenseApi:health.publicKeyOk', { bits }) };
  } catch (error) {
    const reason = error instanceof PublicKeyError ? error.message : t('licenseApi:request.keyUnreadable');
    return { name: t('licenseApi:health.publicKey'), ok: false, message: t('licenseApi:health.publicKeyBad', { reason }) };
  }
}

function checkRequest(request: ConnectorRequest): Failure | null {
  if (!LICENSE_KEY_PATTERN.test(request.licenseKey)) {
    return failure('invalid_request', false, t('licenseApi:request.badKey'));
  }
  if (!MACHINE_ID_PATTERN.test(request.deviceId)) {
    return failure('invalid_request', false, t('licenseApi:request.badMachine'));
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
  return t('licenseApi:answer.unsignedMembers', { names });
}

/** A verified record that does not answer what was asked: refused with what it said and what to do. */
function refusedRecord(problems: RecordProblem[], rateLimit: RateLimit | null): Failure {
  // One sentence per problem code: what the record said, then what to do.
  const code: RecordProblemCode = problems[0]?.code ?? 'bad_response';
  const said = problems.map((p) => vendorText(p.reason)).join('; ');
  return failure(code, false, t(`licenseApi:record.${code}`, { said }), null, rateLimit);
}

/** A deactivation the kiosk cannot prove: never reported as a released seat. */
function unconfirmed(answerReason: string, followUpReason: string, retryable: boolean, retryAt: number | null, rateLimit: RateLimit | null): Failure {
  const next = t(retryable ? 'licenseApi:release.nextRetry' : 'licenseApi:release.nextCheck');
  return failure(
    'release_unconfirmed',
    retryable,
    t('licenseApi:release.unconfirmed', { answer: answerReason, followUp: followUpReason, next }),
    retryAt,
    rateLimit,
  );
}

/** Maps a non-200 answer to a Failure with a sentence for the field engineer. */
function refusal(endpoint: Endpoint, answer: HttpAnswer, now: number): Failure {
  const { status, rateLimit } = answer;
  const vendor = readVendorError(answer.bytes);
  const said = vendor.message ? vendorText(vendor.message) : null;
  const fail = (code: string, retryable: boolean, message: string, retryAt: number | null = null) => failure(code, retryable, message, retryAt, rateLimit);

  if (status === 403) {
    const text = `${vendor.code ?? ''} ${vendor.message ?? ''}`.toLowerCase();
    if (text.includes('suspend')) return fail('license_suspended', false, t('licenseApi:refusal.suspended'));
    if (text.includes('expir')) return fail('license_expired', false, t('licenseApi:refusal.expired'));
    if (/not[ _-]?activ/.test(text)) {
      return fail(
        'machine_not_activated',
        false,
        t(endpoint === 'deactivate' ? 'licenseApi:refusal.notActivatedDeactivate' : 'licenseApi:refusal.notActivatedValidate'),
      );
    }
    return fail(vendor.code ?? 'forbidden', false, said === null ? t('licenseApi:refusal.forbidden') : t('licenseApi:refusal.forbiddenSaid', { said }));
  }
  if (status === 404) {
    const text = `${vendor.code ?? ''} ${vendor.message ?? ''}`.toLowerCase();
    if (/licen|key/.test(text)) return fail('license_not_found', false, t('licenseApi:refusal.unknownKey'));
    return fail('not_found', false, said === null ? t('licenseApi:refusal.notFound') : t('licenseApi:refusal.notFoundSaid', { said }));
  }
  if (status === 409) {
    return fail(
      endpoint === 'activate' ? 'activation_limit_reached' : (vendor.code ?? 'conflict'),
      false,
      endpoint === 'activate' ? t('licenseApi:refusal.activationLimit') : said === null ? t('licenseApi:refusal.conflict') : t('licenseApi:refusal.conflictSaid', { said }),
    );
  }
  if (status === 422 || status === 400) {
    const details = Object.entries(vendor.fields)
      .map(([field, messages]) => `${vendorText(field)}: ${messages.map(vendorText).join(', ')}`)
      .join('; ');
    return fail(vendor.code ?? 'validation_error', false, details ? t('licenseApi:refusal.invalidFields', { details }) : said === null ? t('licenseApi:refusal.invalid') : t('licenseApi:refusal.invalidSaid', { said }));
  }
  if (status === 429) {
    const retryAt = retryAfter(answer.headers, now) ?? rateLimit?.resetAt ?? null;
    const message = retryAt === null ? t('licenseApi:refusal.rateLimited') : t('licenseApi:refusal.rateLimitedUntil', { at: new Date(retryAt).toISOString() });
    return fail('rate_limited', true, message, retryAt);
  }
  if (status >= 500) {
    return fail('server_error', true, said === null ? t('licenseApi:refusal.server', { status }) : t('licenseApi:refusal.serverSaid', { status, said }), retryAfter(answer.headers, now));
  }
  if (status >= 300 && status < 400) {
    return fail('unexpected_status', false, t('licenseApi:refusal.redirect', { status }));
  }
  return fail('unexpected_status', false, said === null ? t('licenseApi:refusal.unexpected', { status }) : t('licenseApi:refusal.unexpectedSaid', { status, said }));
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
