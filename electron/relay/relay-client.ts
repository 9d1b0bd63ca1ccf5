// The kiosk's side of the relay protocol: enrolment and signed calls. Used by the kiosk's relay
// connector (electron/connectors/relay/) and by the relay's tests.
import type { z } from 'zod';
import { signCall, type KioskKeys } from './signed-call.ts';
import { enrolAnswer, submitAnswer, type EnrolAnswer, type SubmitAnswer, type SubmitBody } from './wire.ts';

export const RELAY_TIMEOUT_MS = 30_000;

/** A call that got no usable answer: the relay is down, unreachable, or answered something else. */
export type Unanswered = { ok: false; retryable: true; code: 'network' | 'bad_response'; message: string; retryAfterMs: null };

async function call(baseUrl: string, method: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown } | Unanswered> {
  const host = new URL(baseUrl).host;
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body } : {}), signal: AbortSignal.timeout(RELAY_TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, retryable: true, code: 'network', message: `The relay at ${host} could not be reached (${(error as Error).message}); the request waits and is sent again.`, retryAfterMs: null };
  }
  try {
    return { status: response.status, json: await response.json() };
  } catch {
    return { ok: false, retryable: true, code: 'bad_response', message: `The relay at ${host} answered HTTP ${response.status} with something that is not JSON; the request waits and is sent again.`, retryAfterMs: null };
  }
}

/** A relay's failure answer (any status), or the body checked against `schema` on 200. */
function read<T extends z.ZodType>(schema: T, host: string, answer: { status: number; json: unknown }): z.output<T> | SubmitAnswer {
  const failure = submitAnswer.safeParse(answer.json);
  if (failure.success && !failure.data.ok) return failure.data;
  const parsed = answer.status === 200 ? schema.safeParse(answer.json) : null;
  if (parsed?.success) return parsed.data;
  return { ok: false, retryable: true, code: 'bad_response', message: `The relay at ${host} answered HTTP ${answer.status} in a form this kiosk does not read; the request waits and is sent again.`, retryAfterMs: null };
}

export async function enrol(baseUrl: string, code: string, publicKey: string, label: string): Promise<EnrolAnswer | SubmitAnswer> {
  const answer = await call(baseUrl, 'POST', '/v1/enrol', JSON.stringify({ code, publicKey, label }), {});
  return 'status' in answer ? read(enrolAnswer, new URL(baseUrl).host, answer) : answer;
}

export async function signedCall(baseUrl: string, keys: KioskKeys, method: 'GET' | 'POST', path: string, body: string): Promise<{ status: number; json: unknown } | Unanswered> {
  return call(baseUrl, method, path, body, await signCall(keys, method, path, body));
}

export async function submit(baseUrl: string, keys: KioskKeys, body: SubmitBody): Promise<SubmitAnswer> {
  const answer = await signedCall(baseUrl, keys, 'POST', '/v1/requests', JSON.stringify(body));
  return 'status' in answer ? read(submitAnswer, new URL(baseUrl).host, answer) : answer;
}
