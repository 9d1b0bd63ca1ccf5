// Cryptlex's refusals, in one table: each answer the Web API gives the kiosk gets one sentence the
// engineer can act on and its class (retryable: the sync engine tries again by itself; permanent: the
// request is rejected until a person changes something). Facts from ../shared/reference/cryptlex.md
// ("Errors, limits, health", confirmed against Cryptlex's own activation example):
// - offline-activate refuses with 400 and one of the codes below; 409 DEACTIVATION_LIMIT_REACHED;
//   404 when the activation (or, for an activation, the licence id) does not exist; 429 rate limited;
//   500/503 server trouble.
// - Suspended and expired licences are NOT refused: Cryptlex activates them and signs the state into
//   the response (offline-response.ts reads it), so no row here guesses at them.
// - 401/403 are token problems (an unknown or expired token, a missing permission).
// A code not in the table is still shown: its class follows the status and Cryptlex's own message
// is quoted, masked.
import { maskSecret } from '../../secrets/mask.ts';
import { failure, retryAfter, vendorText, type HttpAnswer } from '../http.ts';
import type { Failure } from '../types.ts';
import { t } from '../../../shared/i18n/index.ts';

/** What the kiosk was doing when Cryptlex refused: names the action and the permission it needs. */
export interface RefusalContext {
  /** 'activate' and 'deactivate' are offline-(de)activate; 'lookup' resolves a key; 'read' lists activations. */
  call: 'activate' | 'deactivate' | 'lookup' | 'read';
  /** The action, named in the catalogue (cryptlex:actions), e.g. 'activate' for "create offline activations". */
  action: 'activate' | 'deactivateOffline' | 'deactivateById' | 'lookup' | 'read';
  /** The token permission the call needs, e.g. "activation:write". */
  scope: string;
}

interface Row {
  /** The HTTP statuses Cryptlex sends with the code (documentation only: the code decides). */
  status: readonly number[];
  retryable: boolean;
  sentence: (context: RefusalContext, status: number) => string;
}

/** The catalogue's words for an action (cryptlex:actions). */
const actionWords = (c: RefusalContext): string => t(`cryptlex:actions.${c.action}`);

const permanent = (status: number, sentence: Row['sentence']): Row => ({ status: [status], retryable: false, sentence });

export const CRYPTLEX_REFUSALS = {
  // 400: the confirmed offline-activate codes.
  ACTIVATION_LIMIT_REACHED: permanent(400, () => t('cryptlex:refusals.ACTIVATION_LIMIT_REACHED')),
  REVOKED_LICENSE: permanent(400, () => t('cryptlex:refusals.REVOKED_LICENSE')),
  INVALID_LICENSE_KEY: permanent(400, () => t('cryptlex:refusals.INVALID_LICENSE_KEY')),
  VM_ACTIVATION_NOT_ALLOWED: permanent(400, () => t('cryptlex:refusals.VM_ACTIVATION_NOT_ALLOWED')),
  COUNTRY_NOT_ALLOWED: permanent(400, () => t('cryptlex:refusals.COUNTRY_NOT_ALLOWED')),
  IP_ADDRESS_NOT_ALLOWED: permanent(400, () => t('cryptlex:refusals.IP_ADDRESS_NOT_ALLOWED')),
  INVALID_LICENSE_TYPE: permanent(400, () => t('cryptlex:refusals.INVALID_LICENSE_TYPE')),
  METER_ATTRIBUTE_USES_LIMIT_REACHED: permanent(400, () => t('cryptlex:refusals.METER_ATTRIBUTE_USES_LIMIT_REACHED')),
  INVALID_OFFLINE_REQUEST: permanent(400, () => t('cryptlex:refusals.INVALID_OFFLINE_REQUEST')),
  // 409 on offline-deactivate.
  DEACTIVATION_LIMIT_REACHED: permanent(409, () => t('cryptlex:refusals.DEACTIVATION_LIMIT_REACHED')),
  // 404: Cryptlex's body code for it is not documented; the kiosk names it from the call.
  ACTIVATION_NOT_FOUND: permanent(404, () => t('cryptlex:refusals.ACTIVATION_NOT_FOUND')),
  LICENSE_NOT_FOUND: permanent(404, () => t('cryptlex:refusals.LICENSE_NOT_FOUND')),
  // Rate limit and server trouble: the sync engine waits and tries again.
  TOO_MANY_REQUESTS: {
    status: [429],
    retryable: true,
    sentence: () => t('cryptlex:refusals.TOO_MANY_REQUESTS'),
  },
  server_error: {
    status: [500, 503],
    retryable: true,
    sentence: (c, status) => t('cryptlex:refusals.server_error', { status, action: actionWords(c) }),
  },
  // 401/403: the token.
  UNAUTHORIZED: permanent(401, () => t('cryptlex:refusals.UNAUTHORIZED')),
  TOKEN_EXPIRED: permanent(401, () => t('cryptlex:refusals.TOKEN_EXPIRED')),
  INSUFFICIENT_PERMISSIONS: permanent(403, (c) => t('cryptlex:refusals.INSUFFICIENT_PERMISSIONS', { action: actionWords(c), scope: c.scope })),
} as const satisfies Record<string, Row>;

export type CryptlexRefusalCode = keyof typeof CRYPTLEX_REFUSALS;

/** Waits after a 429 without Retry-After, and after 5xx: Cryptlex's own client waits 30 s. */
const SERVER_ERROR_WAIT_MS = 30_000;
/** Cryptlex's own client adds 2 s to Retry-After. */
const RETRY_AFTER_MARGIN_MS = 2_000;
const VENDOR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

function known(code: string): code is CryptlexRefusalCode {
  return Object.hasOwn(CRYPTLEX_REFUSALS, code);
}

/** The row an answer without a known code falls to by its status (401/403 token, 404 by the call). */
function statusRow(status: number, context: RefusalContext): CryptlexRefusalCode | null {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'INSUFFICIENT_PERMISSIONS';
  if (status === 404 && context.call === 'deactivate') return 'ACTIVATION_NOT_FOUND';
  if (status === 404 && context.call === 'activate') return 'LICENSE_NOT_FOUND';
  return null;
}

/** The table's sentence and class for a code; the sync engine's view of the failure. */
export function refusalFor(code: CryptlexRefusalCode, context: RefusalContext, answer: Pick<HttpAnswer, 'status' | 'rateLimit'>, retryAt: number | null = null): Failure {
  const row: Row = CRYPTLEX_REFUSALS[code];
  return failure(code, row.retryable, row.sentence(context, answer.status), retryAt, answer.rateLimit);
}

/**
 * Turns one non-success answer into a Failure. `body` is the parsed `{code, message}` (either may be
 * absent); `secrets` are masked wherever Cryptlex's own text is shown.
 */
export function classifyRefusal(answer: HttpAnswer, body: { code?: string | undefined; message?: string | undefined } | null, context: RefusalContext, secrets: string[], now: number): Failure {
  const { status } = answer;
  const code = body?.code ?? null;
  if (status === 429) {
    const wait = retryAfter(answer.headers, now);
    const at = wait !== null ? wait + RETRY_AFTER_MARGIN_MS : (answer.rateLimit?.resetAt ?? now + 5_000);
    const f = refusalFor('TOO_MANY_REQUESTS', context, answer, at);
    return { ...f, message: t('cryptlex:refusals.rateLimitedUntil', { sentence: f.message, at: new Date(at).toISOString() }) };
  }
  if (status >= 500) return refusalFor('server_error', context, answer, retryAfter(answer.headers, now) ?? now + SERVER_ERROR_WAIT_MS);
  if (code !== null && known(code)) return refusalFor(code, context, answer);
  // From here on the code is not in the table: Cryptlex's own words are shown too, masked.
  const said = body?.message ? vendorText(body.message, secrets, maskSecret) : null;
  const byStatus = statusRow(status, context);
  if (byStatus) {
    const f = refusalFor(byStatus, context, answer);
    return { ...f, message: said === null ? f.message : t('cryptlex:refusals.vendorSaid', { sentence: f.message, said }) };
  }
  if (status >= 300 && status < 400) return failure('unexpected_status', false, t('cryptlex:refusals.redirect', { status }), null, answer.rateLimit);
  // The code is shown only when it is a plain code that echoes no secret.
  const shownCode = code !== null && VENDOR_CODE.test(code) && vendorText(code, secrets, maskSecret) === code ? code : null;
  return failure(
    shownCode ?? 'unexpected_status',
    false,
    t(shownCode ? (said === null ? 'cryptlex:refusals.unknownCode' : 'cryptlex:refusals.unknownCodeSaid') : said === null ? 'cryptlex:refusals.unknown' : 'cryptlex:refusals.unknownSaid', {
      action: actionWords(context),
      status,
      code: shownCode,
      said,
    }),
    null,
    answer.rateLimit,
  );
}
