// HTTP plumbing the connectors (generic, Keygen, Cryptlex) share: a capped, timed fetch that never
// follows redirects, transport failures as sentences, Retry-After and rate-limit headers, and the
// file-name slug, shared by every connector.
import { t } from '../../shared/i18n/index.ts';
import { maskSecretsIn } from '../secrets/mask.ts';
import type { CallGate, Failure, RateLimit } from './types.ts';

export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  rateLimit: RateLimit | null;
}

export type Exchange = { ok: true; answer: HttpAnswer } | { ok: false; failure: Failure };

export function failure(code: string, retryable: boolean, message: string, retryAt: number | null = null, rateLimit: RateLimit | null = null): Failure {
  return { ok: false, retryable, code, message, retryAt, rateLimit };
}

export function parseBaseUrl(text: string): URL | null {
  try {
    const url = new URL(text.replace(/\/+$/, ''));
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/** What every connector may be given besides its settings (tests pass a clock; sync passes its rate limiter). */
export interface ConnectorDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  gate?: CallGate;
}

export interface FetchPlan {
  fetchImpl: typeof fetch;
  timeoutMs: number;
  now: () => number;
  rateLimitHeaders: { limit: string; remaining: string; reset: string };
  gate: CallGate | null;
}

/** A connector's fetch settings; `prefix` names its rate-limit headers (X-RateLimit-* or X-Rate-Limit-*). */
export function fetchPlan(deps: ConnectorDeps, prefix: 'x-ratelimit' | 'x-rate-limit'): FetchPlan {
  return {
    gate: deps.gate ?? null,
    fetchImpl: deps.fetch ?? fetch,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: deps.now ?? Date.now,
    rateLimitHeaders: { limit: `${prefix}-limit`, remaining: `${prefix}-remaining`, reset: `${prefix}-reset` },
  };
}

/** "<device label>-<device id slug>-<suffix>": the file name tells the engineer which device it is for. */
export function deviceFileName(request: { deviceLabel: string | null; deviceId: string }, suffix: string): string {
  const device = [slug(request.deviceLabel), slug(request.deviceId, 16)].filter(Boolean).join('-') || 'device';
  return `${device}-${suffix}`;
}

export async function exchange(plan: FetchPlan, url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Exchange> {
  if (plan.gate && !(await plan.gate.acquire())) {
    return { ok: false, failure: failure('stopped', true, t('connector:http.stopped')) };
  }
  let rateLimit: RateLimit | null = null;
  let retryAt: number | null = null;
  let status: number | null = null;
  const startedAt = performance.now();
  try {
    const response = await plan.fetchImpl(url.href, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      // A redirect would carry the licence key or the token to another address.
      redirect: 'manual',
      signal: AbortSignal.timeout(plan.timeoutMs),
    });
    status = response.status;
    rateLimit = parseRateLimit(response.headers, plan.rateLimitHeaders, plan.now());
    if (response.status === 429) retryAt = retryAfter(response.headers, plan.now()) ?? rateLimit?.resetAt ?? plan.now() + 1000;
    const bytes = await readCapped(response);
    if (!bytes) {
      return { ok: false, failure: failure('bad_response', false, t('connector:http.tooLarge', { host: url.host }), null, rateLimit) };
    }
    return { ok: true, answer: { status: response.status, headers: response.headers, bytes, rateLimit } };
  } catch (error) {
    return { ok: false, failure: transportFailure(error, url.host, plan.timeoutMs) };
  } finally {
    plan.gate?.release(rateLimit, retryAt, { status, latencyMs: performance.now() - startedAt });
  }
}

export function transportFailure(error: unknown, host: string, timeoutMs: number): Failure {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return failure('timeout', true, t('connector:http.timeout', { host, seconds: Math.round(timeoutMs / 1000) }));
  }
  const code = e.cause?.code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return failure('tls_error', false, t('connector:http.tls', { host, code }));
  }
  // A refused connection or an unknown name fails before anything is sent: say so, not "may or may not".
  if (code === 'ECONNREFUSED') return failure('network', true, t('connector:http.refused', { host }));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failure('network', true, t('connector:http.noHost', { host }));
  const reason = code ? t('connector:http.failedCode', { code }) : t('connector:http.failed');
  return failure('network', true, t('connector:http.unreachable', { host, reason }));
}

async function readCapped(response: Response): Promise<Uint8Array | null> {
  if (Number(response.headers.get('content-length')) > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function numberHeader(value: string | null): number | null {
  return value !== null && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : null;
}

export function parseRateLimit(headers: Headers, names: FetchPlan['rateLimitHeaders'], now: number): RateLimit | null {
  const limit = numberHeader(headers.get(names.limit));
  const remaining = numberHeader(headers.get(names.remaining));
  const reset = numberHeader(headers.get(names.reset));
  if (limit === null || remaining === null || reset === null) return null;
  // Epoch seconds (Keygen), epoch milliseconds, or seconds until the reset.
  const resetAt = reset > 1e12 ? reset : reset > 1e9 ? reset * 1000 : now + reset * 1000;
  return { limit, remaining, resetAt };
}

export function retryAfter(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return now + Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? date : null;
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** Lower-case letters, digits and dashes, at most `max` characters; '' when nothing usable is left. */
export function slug(text: string | null | undefined, max = 40): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** Vendor text shown to the engineer: one line, bounded, with the given secrets masked in any form the server echoed them in. */
export function vendorText(text: string, secrets: Array<string | null | undefined>, mask: (s: string) => string): string {
  // Masked before the line is cut, so no part of an echoed secret survives the cut.
  const line = maskSecretsIn(text.replace(/\p{Cc}+/gu, ' ').trim(), secrets, mask);
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
