// Connector for Cryptlex Web API v3 offline activation, per ../shared/reference/cryptlex.md.
// The queued request carries the device's offline request file verbatim in `requestBody` (opaque to
// the kiosk, ≤ 16,384 characters), the Cryptlex licence key in `licenseKey`, and in `deviceId` the
// device fingerprint when the capture format exposes it (else any stable device id: it is used only
// to name files and to look the activation up during reconcile).
//
// Decisions:
// - licenseKey → licenseId: first the connection's own table (`licenseIds`, for vendors who hand out
//   ids and grant no read scope at all), then GET /v3/licenses?key=<key>&limit=1 with the narrowest
//   token configured — a separate license:read-only lookup token when set, else the activation token.
//   The key is validated non-empty before the call (an empty `key=` returns EVERY licence), and the
//   answer must hold exactly the licence with that key. Results are cached in memory per connector.
// - The artifact is the `offlineResponse` string byte for byte (UTF-8), named per device
//   (file-names.ts: `<label>-<device>-cryptlex-response.dat`, or a request-id prefix for a bare
//   request file; LexActivator's ActivateLicenseOffline takes any path).
// - The response must be a JWT (RS256) of exactly three canonical base64url parts whose strictly
//   parsed claims name this licence (`lid`), this device (`fp`, when the captured form names the
//   fingerprint: a kiosk request does, a bare request file is encrypted for Cryptlex and does not),
//   this very request (`orh`, SHA-256 of the offline request as sent), have not expired (`eat`), and
//   do not say the licence is suspended or expired (Cryptlex signs those states instead of refusing;
//   the kiosk refuses, since the device would). See offline-response.ts. With the product's RSA
//   public key the signature is verified too; without one the note says it was not.
// - Retry safety: Cryptlex re-uses the activation of a fingerprint already on the licence, so a
//   repeated offline-activate takes no second seat. reconcile looks the activation up by fingerprint
//   (activation:read): found → the response, which cannot be fetched again, is re-issued by the same
//   idempotent call; not found → not applied.
// - Deactivation answers carry no file; the artifact is the kiosk's own unsigned JSON receipt.
// - A seat return (a dead or replaced device, no device file) uses the Web API's deactivation of an
//   activation by id (changelog 3.53.0): the activation whose fingerprint is the device id is looked up,
//   POST /v3/activations/{id}/deactivate, then looked up again. A retried return that finds none is
//   done ("already free"); a first one that finds none says the id is wrong.
// - Every refusal is classified by one table (errors.ts): Cryptlex's documented codes, 429 (Retry-After
//   + 2 s, like Cryptlex's own client) and 5xx (30 s) retryable, the rest permanent with a sentence.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { utf8 } from '../../../shared/crypto/encoding.ts';
import { cryptlexStandInDeviceId } from '../../../shared/formats/foreign.ts';
import { maskSecret } from '../../secrets/mask.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import { exchange, type ConnectorDeps, failure, fetchPlan, parseBaseUrl, parseJson, vendorText, type HttpAnswer } from '../http.ts';
import type { Artifact, Connector, ConnectorRequest, Failure, HealthCheck, Outcome, RateLimit, Reconciled } from '../types.ts';
import { classifyRefusal, refusalFor, type RefusalContext } from './errors.ts';
import { cryptlexFileName } from './file-names.ts';
import { checkOfflineResponse } from './offline-response.ts';
import { t } from '../../../shared/i18n/index.ts';

export interface CryptlexSettings {
  /** https://api.cryptlex.com (or a regional/self-hosted base). */
  baseUrl: string;
  /** SecretStore id of the access token with activation:write (and activation:read for reconcile). */
  accessTokenSecretId: string;
  /** SecretStore id of a license:read-only token used only to resolve keys to ids (optional). */
  lookupTokenSecretId?: string | null;
  /** Known licence ids by licence key: no lookup (and no read scope) needed for these. */
  licenseIds?: Record<string, string>;
  /** Seconds the offline response stays usable on the device (default 259200 = 3 days). */
  responseValiditySeconds?: number;
  /** The product's RSA public key (PEM) to verify signed responses; optional. */
  productPublicKeyPem?: string | null;
  clockSkewSeconds?: number;
}

export interface CryptlexDeps extends ConnectorDeps {
  secrets: SecretStore;
}

export const CRYPTLEX_DEFAULT_VALIDITY = 259_200;
export const MAX_OFFLINE_REQUEST_CHARS = 16_384;
const LICENSE_KEY = /^[\x21-\x7e]{1,256}$/;
const OFFLINE_REQUEST = /^[\x21-\x7e]+$/;

const errorBody = z.looseObject({ code: z.string().optional(), message: z.string().optional() });
const licenseList = z.array(z.looseObject({ id: z.string().min(1).max(256), key: z.string() }));
const activationList = z.array(z.looseObject({ id: z.string().min(1).max(256), fingerprint: z.string().optional() }));
const activateBody = z.looseObject({ offlineResponse: z.string().min(1) });

const LOOKUP: RefusalContext = { call: 'lookup', action: 'lookup', scope: 'license:read' };

type Step<T> = { ok: true; value: T; rateLimit: RateLimit | null } | { ok: false; failure: Failure };


export function createCryptlexConnector(settings: CryptlexSettings, deps: CryptlexDeps): Connector {
  const plan = fetchPlan(deps, 'x-rate-limit');
  const { now } = plan;
  const base = parseBaseUrl(settings.baseUrl);
  const validity = settings.responseValiditySeconds ?? CRYPTLEX_DEFAULT_VALIDITY;
  const skewMs = (settings.clockSkewSeconds ?? 300) * 1000;
  const licenseIds = new Map<string, string>(Object.entries(settings.licenseIds ?? {}));
  let productKey: KeyObject | null | 'invalid' = null;
  if (settings.productPublicKeyPem) {
    try {
      productKey = createPublicKey(settings.productPublicKeyPem);
      if (productKey.asymmetricKeyType !== 'rsa') productKey = 'invalid';
    } catch {
      productKey = 'invalid';
    }
  }

  function configurationProblem(): Failure | null {
    if (!base) return failure('configuration', false, t('cryptlex:settings.baseUrl'));
    if (!Number.isInteger(validity) || validity < 60) return failure('configuration', false, t('cryptlex:settings.validity'));
    if (productKey === 'invalid') return failure('configuration', false, t('cryptlex:settings.productKey'));
    return null;
  }

  async function token(id: string | null | undefined, what: 'access' | 'lookup'): Promise<{ ok: true; value: string } | { ok: false; failure: Failure }> {
    const value = id ? await deps.secrets.get(id) : null;
    if (!value) return { ok: false, failure: failure('token_missing', false, t(`cryptlex:tokenMissing.${what}`)) };
    return { ok: true, value };
  }

  /** Tells whether a token is accepted and holds one permission, from a call that changes nothing. */
  async function permissionCheck(name: string, method: 'GET' | 'POST', path: string, bearer: string, scope: string, body?: unknown): Promise<HealthCheck> {
    const result = await call(method, path, bearer, body);
    if (!result.ok) return { name, ok: false, message: result.failure.message };
    const { status } = result.answer;
    const code = errorBody.safeParse(parseJson(result.answer.bytes));
    const vendorCode = code.success ? (code.data.code ?? '') : '';
    const shown = maskSecret(bearer);
    if (status === 401) return { name, ok: false, message: t(vendorCode === 'TOKEN_EXPIRED' ? 'cryptlex:health.tokenExpired' : 'cryptlex:health.tokenRefused', { token: shown }) };
    if (status === 403) return { name, ok: false, message: t('cryptlex:health.tokenLacks', { token: shown, scope }) };
    if (status === 200 || status === 400 || status === 422) return { name, ok: true, message: t('cryptlex:health.tokenHas', { token: shown, scope }) };
    return { name, ok: false, message: t('cryptlex:health.tokenCheckFailed', { status, scope }) };
  }

  async function call(method: 'GET' | 'POST', path: string, bearer: string | null, body?: unknown) {
    const url = new URL(`${base?.href.replace(/\/+$/, '')}${path}`);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return exchange(plan, url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  function refusal(answer: HttpAnswer, context: RefusalContext, secrets: string[]): Failure {
    const body = errorBody.safeParse(parseJson(answer.bytes));
    return classifyRefusal(answer, body.success ? body.data : null, context, secrets, now());
  }

  async function resolveLicenseId(request: ConnectorRequest, activationToken: string): Promise<Step<string>> {
    const cached = licenseIds.get(request.licenseKey);
    if (cached) return { ok: true, value: cached, rateLimit: null };
    let bearer = activationToken;
    if (settings.lookupTokenSecretId) {
      const lookup = await token(settings.lookupTokenSecretId, 'lookup');
      if (!lookup.ok) return lookup;
      bearer = lookup.value;
    }
    const secrets = [request.licenseKey, bearer, activationToken];
    // Never without a key: an empty `key=` is ignored by Cryptlex and every licence comes back.
    if (!LICENSE_KEY.test(request.licenseKey)) return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.badKey')) };
    const result = await call('GET', `/v3/licenses?${new URLSearchParams({ key: request.licenseKey, limit: '1' })}`, bearer);
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status !== 200) return { ok: false, failure: refusal(answer, LOOKUP, secrets) };
    const list = licenseList.safeParse(parseJson(answer.bytes));
    if (!list.success) return { ok: false, failure: failure('bad_response', false, t('cryptlex:lookup.notAList'), null, answer.rateLimit) };
    const matches = list.data.filter((l) => l.key === request.licenseKey);
    if (matches.length === 0) return { ok: false, failure: refusalFor('INVALID_LICENSE_KEY', LOOKUP, answer) };
    if (matches.length !== 1 || list.data.length !== 1) {
      return { ok: false, failure: failure('INVALID_LICENSE_KEY', false, t('cryptlex:lookup.ambiguous'), null, answer.rateLimit) };
    }
    const id = matches[0]?.id ?? '';
    licenseIds.set(request.licenseKey, id);
    return { ok: true, value: id, rateLimit: answer.rateLimit };
  }

  /** The fingerprint the captured request names; null for a bare request file (encrypted for Cryptlex). */
  function requestFingerprint(request: ConnectorRequest, sent: string): string | null {
    return request.deviceId === cryptlexStandInDeviceId(sent) ? null : request.deviceId;
  }

  async function start(request: ConnectorRequest): Promise<{ ok: true; token: string } | { ok: false; failure: Failure }> {
    const problem = configurationProblem();
    if (problem) return { ok: false, failure: problem };
    const body = request.requestBody?.trim() ?? '';
    if (body.length === 0) return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.noRequestFile')) };
    if (body.length > MAX_OFFLINE_REQUEST_CHARS || !OFFLINE_REQUEST.test(body)) {
      return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.badRequestFile', { max: MAX_OFFLINE_REQUEST_CHARS })) };
    }
    if (!LICENSE_KEY.test(request.licenseKey)) return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.badKey')) };
    const access = await token(settings.accessTokenSecretId, 'access');
    if (!access.ok) return access;
    return { ok: true, token: access.value };
  }

  async function activate(request: ConnectorRequest, bearer: string, licenseId: string): Promise<Outcome> {
    const secrets = [request.licenseKey, bearer];
    // The hash claim is compared with exactly these characters.
    const sent = (request.requestBody ?? '').trim();
    const result = await call('POST', '/v3/activations/offline-activate', bearer, { offlineRequest: sent, responseValidity: validity, licenseId });
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200 && answer.status !== 201) return refusal(answer, { call: 'activate', action: 'activate', scope: 'activation:write' }, secrets);
    const body = activateBody.safeParse(parseJson(answer.bytes));
    if (!body.success) return failure('bad_response', false, t('cryptlex:activate.noOfflineResponse'), null, answer.rateLimit);
    const fingerprint = requestFingerprint(request, sent);
    const check = checkOfflineResponse(body.data.offlineResponse, {
      licenseId,
      fingerprint,
      requestSent: sent,
      now: now(),
      skewMs,
      productKey: productKey === 'invalid' ? null : productKey,
    });
    if (!check.ok) return failure(check.code, false, check.message, null, answer.rateLimit);
    const artifact: Artifact = {
      fileName: cryptlexFileName(request, fingerprint !== null, 'response.dat'),
      mediaType: 'application/octet-stream',
      bytes: utf8(body.data.offlineResponse),
      // LexActivator refuses the response after the signed expiry.
      expiresAt: check.expiresAt,
    };
    const days = Math.round((validity / 86_400) * 10) / 10;
    const received = t(check.verified ? 'cryptlex:activate.receivedVerified' : 'cryptlex:activate.receivedUnverified', { days });
    const device = fingerprint === null ? t('cryptlex:activate.deviceUnknown', { fingerprint: vendorText(check.fingerprint, [], maskSecret) }) : '';
    return { ok: true, artifact, note: `${received}${device}`, rateLimit: answer.rateLimit };
  }

  async function deactivate(request: ConnectorRequest, bearer: string, licenseId: string): Promise<Outcome> {
    const sent = (request.requestBody ?? '').trim();
    const result = await call('POST', '/v3/activations/offline-deactivate', bearer, { offlineRequest: sent, licenseId });
    if (!result.ok) return result.failure;
    const { answer } = result;
    if (answer.status !== 200 && answer.status !== 204) return refusal(answer, { call: 'deactivate', action: 'deactivateOffline', scope: 'activation:write' }, [request.licenseKey, bearer]);
    // Cryptlex signs none of its API answers: the kiosk asks again whether the device is still listed,
    // and says plainly that the release rests on unsigned answers.
    const after = await findActivation(request, bearer, licenseId);
    if (after.ok && after.value) {
      return failure('release_unconfirmed', false, t('cryptlex:release.unconfirmed'), null, after.rateLimit);
    }
    const receipt = { format: 'activation-kiosk/cryptlex-deactivation', version: 1, licenseId, device: request.deviceId, deactivatedAt: new Date(now()).toISOString(), signed: false };
    return {
      ok: true,
      artifact: { fileName: cryptlexFileName(request, requestFingerprint(request, sent) !== null, 'deactivation.json'), mediaType: 'application/json', bytes: utf8(`${JSON.stringify(receipt, null, 2)}\n`) },
      note: t(after.ok ? 'cryptlex:release.acceptedListed' : 'cryptlex:release.acceptedUnchecked'),
      rateLimit: answer.rateLimit,
    };
  }

  /** The id of the licence's activation whose fingerprint is the request's device id; null when Cryptlex lists none. */
  async function findActivation(request: ConnectorRequest, bearer: string, licenseId: string): Promise<Step<string | null>> {
    const result = await call('GET', `/v3/activations?${new URLSearchParams({ licenseId, fingerprint: request.deviceId })}`, bearer);
    if (!result.ok) return result;
    const { answer } = result;
    if (answer.status !== 200) return { ok: false, failure: refusal(answer, { call: 'read', action: 'read', scope: 'activation:read' }, [request.licenseKey, bearer]) };
    const list = activationList.safeParse(parseJson(answer.bytes));
    if (!list.success) return { ok: false, failure: failure('bad_response', false, t('cryptlex:lookup.activationsNotAList'), null, answer.rateLimit) };
    return { ok: true, value: list.data.find((a) => a.fingerprint === request.deviceId)?.id ?? null, rateLimit: answer.rateLimit };
  }

  /** A seat return carries no device file: the key and the device id (the activation's fingerprint) are all it sends. */
  async function startSeatReturn(request: ConnectorRequest): Promise<{ ok: true; token: string } | { ok: false; failure: Failure }> {
    const problem = configurationProblem();
    if (problem) return { ok: false, failure: problem };
    if (!LICENSE_KEY.test(request.licenseKey)) return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.badKey')) };
    if (!LICENSE_KEY.test(request.deviceId)) return { ok: false, failure: failure('invalid_request', false, t('cryptlex:request.badDeviceId')) };
    const access = await token(settings.accessTokenSecretId, 'access');
    return access.ok ? { ok: true, token: access.value } : access;
  }

  /** The kiosk's own unsigned record of a seat Cryptlex released (Cryptlex signs none of its answers). */
  function seatReleased(request: ConnectorRequest, licenseId: string, activationId: string | null, note: string, rateLimit: RateLimit | null): Outcome {
    const receipt = { format: 'activation-kiosk/cryptlex-deactivation', version: 1, licenseId, device: request.deviceId, activationId, seatReturn: true, deactivatedAt: new Date(now()).toISOString(), signed: false };
    return {
      ok: true,
      artifact: { fileName: cryptlexFileName(request, true, 'deactivation.json'), mediaType: 'application/json', bytes: utf8(`${JSON.stringify(receipt, null, 2)}\n`) },
      note: t('cryptlex:release.unsignedRecord', { note }),
      rateLimit,
    };
  }

  /**
   * A dead or replaced device's seat, released without the device: the licence's activation with this
   * fingerprint, deactivated by POST /v3/activations/{id}/deactivate (activation:write; Cryptlex counts
   * it against the licence's allowed deactivations), then looked up again to show it gone.
   */
  async function returnSeat(request: ConnectorRequest, bearer: string, licenseId: string): Promise<Outcome> {
    const found = await findActivation(request, bearer, licenseId);
    if (!found.ok) return found.failure;
    if (!found.value) return failure('ACTIVATION_NOT_FOUND', false, t('cryptlex:release.noSuchActivation'), null, found.rateLimit);
    const activationId = found.value;
    const result = await call('POST', `/v3/activations/${encodeURIComponent(activationId)}/deactivate`, bearer, {});
    if (!result.ok) return result.failure;
    const { answer } = result;
    const gone404 = answer.status === 404;
    if (!gone404 && answer.status !== 200 && answer.status !== 204) return refusal(answer, { call: 'deactivate', action: 'deactivateById', scope: 'activation:write' }, [request.licenseKey, bearer]);
    const after = await findActivation(request, bearer, licenseId);
    if (after.ok && after.value) {
      return failure('release_unconfirmed', false, t(gone404 ? 'cryptlex:release.unconfirmedGone' : 'cryptlex:release.unconfirmed'), null, after.rateLimit);
    }
    if (gone404 && !after.ok) return after.failure;
    const note = t(gone404 ? 'cryptlex:release.seatAlreadyFreeRemoved' : after.ok ? 'cryptlex:release.seatReturnedListed' : 'cryptlex:release.seatReturnedUnchecked');
    return seatReleased(request, licenseId, activationId, note, after.ok ? after.rateLimit : answer.rateLimit);
  }

  return {
    async fulfil(request) {
      // Defence in depth (the registry refuses it first): any other kind would become an activation.
      if (request.kind === 'license-file') return failure('kind_not_served', false, t('cryptlex:request.noLicenceFile'));
      if (request.kind === 'deactivate' && request.seatReturn) {
        const begun = await startSeatReturn(request);
        if (!begun.ok) return begun.failure;
        const id = await resolveLicenseId(request, begun.token);
        return id.ok ? returnSeat(request, begun.token, id.value) : id.failure;
      }
      const begun = await start(request);
      if (!begun.ok) return begun.failure;
      const id = await resolveLicenseId(request, begun.token);
      if (!id.ok) return id.failure;
      if (request.kind === 'deactivate') return deactivate(request, begun.token, id.value);
      // 'refresh' is a new offline activation of the same fingerprint: Cryptlex re-uses its seat.
      return activate(request, begun.token, id.value);
    },

    async reconcile(request): Promise<Reconciled> {
      const seatReturn = request.kind === 'deactivate' && request.seatReturn === true;
      const begun = seatReturn ? await startSeatReturn(request) : await start(request);
      if (!begun.ok) return begun.failure;
      const id = await resolveLicenseId(request, begun.token);
      if (!id.ok) return id.failure;
      const found = await findActivation(request, begun.token, id.value);
      if (!found.ok) return found.failure;
      if (request.kind === 'deactivate') {
        if (found.value) return { ok: false, notApplied: true };
        // A seat return asked for the seat to be free, and it is: a retried return is done, not refused.
        if (seatReturn) return seatReleased(request, id.value, null, t('cryptlex:release.seatAlreadyFree'), found.rateLimit);
        return failure('already_deactivated', false, t('cryptlex:release.tookEffect'), null, found.rateLimit);
      }
      if (!found.value) return { ok: false, notApplied: true };
      const outcome = await activate(request, begun.token, id.value);
      return outcome.ok ? { ...outcome, note: t('cryptlex:activate.alreadyActive', { note: outcome.note }) } : outcome;
    },

    async health() {
      const checks: HealthCheck[] = [];
      const problem = configurationProblem();
      if (problem) checks.push({ name: t('cryptlex:health.settings'), ok: false, message: problem.message });
      if (!base) return checks;
      const status = await call('GET', '/v3/status', null);
      const reachable = t('cryptlex:health.reachable');
      const limit = status.ok ? status.answer.rateLimit : null;
      checks.push(
        !status.ok
          ? { name: reachable, ok: false, message: status.failure.message }
          : status.answer.status === 200
            ? { name: reachable, ok: true, message: limit ? t('cryptlex:health.reachableOkLimit', { host: base.host, remaining: limit.remaining, limit: limit.limit }) : t('cryptlex:health.reachableOk', { host: base.host }) }
            : { name: reachable, ok: false, message: t('cryptlex:health.reachableBad', { host: base.host, status: status.answer.status }) },
      );
      const access = await deps.secrets.get(settings.accessTokenSecretId);
      if (!access) {
        checks.push({ name: t('cryptlex:health.accessToken'), ok: false, message: t('cryptlex:health.noAccessToken') });
      } else {
        // Each permission is asked for with a call that changes nothing: a read, or an empty offline
        // activation that Cryptlex refuses as invalid once the token's permission has been checked.
        checks.push(await permissionCheck(t('cryptlex:health.permission', { scope: 'activation:write' }), 'POST', '/v3/activations/offline-activate', access, 'activation:write', {}));
        checks.push(await permissionCheck(t('cryptlex:health.permission', { scope: 'activation:read' }), 'GET', '/v3/activations?limit=1', access, 'activation:read'));
      }
      const lookup = settings.lookupTokenSecretId ? await deps.secrets.get(settings.lookupTokenSecretId) : null;
      if (settings.lookupTokenSecretId && !lookup) {
        checks.push({ name: t('cryptlex:health.lookup'), ok: false, message: t('cryptlex:health.noLookupToken') });
      } else if (lookup || access) {
        // A key no licence has: the answer is an empty list, and the key is never empty (an empty key lists every licence).
        const check = await permissionCheck(t('cryptlex:health.permission', { scope: 'license:read' }), 'GET', '/v3/licenses?key=kiosk-permission-check&limit=1', (lookup ?? access)!, 'license:read');
        const known = licenseIds.size ? t('cryptlex:health.knownIds', { count: licenseIds.size }) : '';
        checks.push({ ...check, message: `${t(lookup ? 'cryptlex:health.resolvesWithLookup' : 'cryptlex:health.resolvesWithAccess', { check: check.message })}${known}` });
      }
      checks.push(
        productKey && productKey !== 'invalid'
          ? { name: t('cryptlex:health.productKey'), ok: true, message: t('cryptlex:health.productKeyOk') }
          : { name: t('cryptlex:health.productKey'), ok: productKey === null, message: t(productKey === null ? 'cryptlex:health.productKeyNone' : 'cryptlex:health.productKeyBad') },
      );
      return checks;
    },
  };
}
