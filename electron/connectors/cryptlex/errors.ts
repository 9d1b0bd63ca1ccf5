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

/** What the kiosk was doing when Cryptlex refused: names the action and the permission it needs. */
export interface RefusalContext {
  /** 'activate' and 'deactivate' are offline-(de)activate; 'lookup' resolves a key; 'read' lists activations. */
  call: 'activate' | 'deactivate' | 'lookup' | 'read';
  /** Words for the action, e.g. "create offline activations". */
  action: string;
  /** The token permission the call needs, e.g. "activation:write". */
  scope: string;
}

interface Row {
  /** The HTTP statuses Cryptlex sends with the code (documentation only: the code decides). */
  status: readonly number[];
  retryable: boolean;
  sentence: (context: RefusalContext, status: number) => string;
}

const permanent = (status: number, sentence: string | Row['sentence']): Row => ({ status: [status], retryable: false, sentence: typeof sentence === 'string' ? () => sentence : sentence });

export const CRYPTLEX_REFUSALS = {
  // 400: the confirmed offline-activate codes.
  ACTIVATION_LIMIT_REACHED: permanent(
    400,
    'Activation limit reached: every activation this Cryptlex licence allows is in use; deactivate a device that no longer needs it, or ask the vendor for more activations.',
  ),
  REVOKED_LICENSE: permanent(400, 'The licence is revoked in Cryptlex; only the vendor can reinstate it or issue a new one.'),
  INVALID_LICENSE_KEY: permanent(
    400,
    "Cryptlex does not accept the licence key for this request: no licence has it, or the device's offline request was made with another key; check the key on the device against the vendor's records.",
  ),
  VM_ACTIVATION_NOT_ALLOWED: permanent(
    400,
    'The device runs in a virtual machine and this Cryptlex licence does not allow activation in one; activate the device on physical hardware, or ask the vendor to allow virtual machines on the licence.',
  ),
  COUNTRY_NOT_ALLOWED: permanent(
    400,
    "Cryptlex does not allow this licence to be activated from the country it places this kiosk in (it judges the kiosk's internet address, not the device's); sync from an allowed country, or ask the vendor to allow this one.",
  ),
  IP_ADDRESS_NOT_ALLOWED: permanent(
    400,
    'Cryptlex does not allow this licence to be activated from the internet address this kiosk connects from; sync from a network the licence allows, or ask the vendor to add this address.',
  ),
  INVALID_LICENSE_TYPE: permanent(
    400,
    'This Cryptlex licence is of a type a device cannot activate offline (a floating licence, for example); ask the vendor for a node-locked licence for this device.',
  ),
  METER_ATTRIBUTE_USES_LIMIT_REACHED: permanent(
    400,
    'A meter attribute of this Cryptlex licence has used all its allowed uses; ask the vendor to raise the limit or reset the uses, then retry.',
  ),
  INVALID_OFFLINE_REQUEST: permanent(
    400,
    "Cryptlex cannot read the device's offline request (damaged, truncated, or made for another product); generate a new request on the device and capture the request again.",
  ),
  // 409 on offline-deactivate.
  DEACTIVATION_LIMIT_REACHED: permanent(
    409,
    'This Cryptlex licence has used all the deactivations it allows; the vendor must raise the limit or reset the count before this device can be deactivated.',
  ),
  // 404: Cryptlex's body code for it is not documented; the kiosk names it from the call.
  ACTIVATION_NOT_FOUND: permanent(
    404,
    'Cryptlex holds no activation of this device on the licence (already deactivated, or never activated), so there is nothing to deactivate.',
  ),
  LICENSE_NOT_FOUND: permanent(
    404,
    'Cryptlex has no licence with the id this key resolved to; check the licence ids in Settings (or remove the entry so the kiosk looks the key up).',
  ),
  // Rate limit and server trouble: the sync engine waits and tries again.
  TOO_MANY_REQUESTS: {
    status: [429],
    retryable: true,
    sentence: () => 'Cryptlex is rate-limiting this kiosk (50 requests per 5 seconds per address); the kiosk waits and tries again by itself.',
  },
  server_error: {
    status: [500, 503],
    retryable: true,
    sentence: (c, status) => `Cryptlex had a problem of its own (HTTP ${status}) while the kiosk tried to ${c.action}; the kiosk tries again by itself.`,
  },
  // 401/403: the token.
  UNAUTHORIZED: permanent(401, 'Cryptlex does not accept the access token of this connection (revoked or mistyped); enter a valid personal access token in Settings.'),
  TOKEN_EXPIRED: permanent(401, 'The Cryptlex access token of this connection has expired; create a new personal access token and enter it in Settings.'),
  INSUFFICIENT_PERMISSIONS: permanent(403, (c) => `The Cryptlex access token may not ${c.action}; add the ${c.scope} permission to it in the Cryptlex dashboard.`),
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
    return { ...f, message: `${f.message} Cryptlex accepts requests again after ${new Date(at).toISOString()}.` };
  }
  if (status >= 500) return refusalFor('server_error', context, answer, retryAfter(answer.headers, now) ?? now + SERVER_ERROR_WAIT_MS);
  if (code !== null && known(code)) return refusalFor(code, context, answer);
  // From here on the code is not in the table: Cryptlex's own words are shown too, masked.
  const said = body?.message ? ` Cryptlex said: "${vendorText(body.message, secrets, maskSecret)}".` : '';
  const byStatus = statusRow(status, context);
  if (byStatus) {
    const f = refusalFor(byStatus, context, answer);
    return { ...f, message: `${f.message}${said}` };
  }
  if (status >= 300 && status < 400) return failure('unexpected_status', false, `The server redirects (HTTP ${status}); set the base URL to the address it redirects to.`, null, answer.rateLimit);
  // The code is shown only when it is a plain code that echoes no secret.
  const shownCode = code !== null && VENDOR_CODE.test(code) && vendorText(code, secrets, maskSecret) === code ? code : null;
  return failure(
    shownCode ?? 'unexpected_status',
    false,
    `Cryptlex refused to ${context.action} (HTTP ${status}${shownCode ? `, ${shownCode}` : ''}), an answer the kiosk does not know.${said} Check the request and the connection in Settings, or ask the vendor what it means; then retry.`,
    null,
    answer.rateLimit,
  );
}
