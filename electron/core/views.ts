// Database rows → the contract's shapes. Licence keys leave main only masked.
import type { RequestDetail, RequestSummary } from '../../shared/api/contract.ts';
import { maskLicenseKey } from '../../shared/formats/request.ts';
import type { SignedKeyCheck } from '../connectors/keygen/signed-key.ts';
import { requiredVendor } from './routing.ts';
import { RESPONSE_STORED_EVENTS, type AuditRow, type RequestRow, type RequestStore, type ResponseRow } from '../store/request-store.ts';
import { t } from '../../shared/i18n/index.ts';
import { stateLabel } from '../../shared/api/states.ts';

/** How long before a validity limit the engineer is warned. */
export const EXPIRY_WARNING_MS = 24 * 3600_000;

export function toSummary(row: RequestRow, now: Date): RequestSummary {
  return {
    id: row.id,
    format: row.format,
    formatLabel: row.format_label,
    kind: row.kind,
    sourceName: row.source_name,
    licenseKeyMasked: maskLicenseKey(row.license_key),
    deviceId: row.device_id,
    deviceLabel: row.device_label,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'retry_wait' ? row.next_attempt_at : null,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error,
    capturedAt: row.captured_at,
    updatedAt: row.updated_at,
    responseFileName: row.response_file_name ?? null,
    exportedAt: row.response_exported_at ?? null,
    needsLicenseKey: row.needs_license_key === 1,
    vendor: requiredVendor(row),
    chosenConnectionId: row.chosen_connection_id,
    expiresAt: row.expires_at,
    responseExpiresAt: row.response_expires_at ?? null,
    expiryWarning: expiryWarning(row, now.getTime()),
    visitId: row.visit_id ?? null,
  };
}

const WAITING_TO_SEND = new Set(['queued', 'retry_wait', 'in_flight']);

/** Requests not yet sent and responses not yet delivered, close to or past what the device accepts. */
export function expiryWarning(row: Pick<RequestRow, 'state' | 'expires_at' | 'response_expires_at'>, now: number): RequestSummary['expiryWarning'] {
  const left = (iso: string | null | undefined) => (iso ? Date.parse(iso) - now : Number.POSITIVE_INFINITY);
  if (WAITING_TO_SEND.has(row.state) && row.expires_at) {
    const ms = left(row.expires_at);
    const at = row.expires_at;
    if (ms <= 0) return { level: 'expired', subject: 'request', at, message: t('core:views.requestExpired') };
    if (ms <= EXPIRY_WARNING_MS) return { level: 'soon', subject: 'request', at, message: t('core:views.requestSoon') };
  }
  if (row.state === 'fulfilled' && row.response_expires_at) {
    const ms = left(row.response_expires_at);
    const at = row.response_expires_at;
    if (ms <= 0) return { level: 'expired', subject: 'response', at, message: t('core:views.responseExpired') };
    if (ms <= EXPIRY_WARNING_MS) return { level: 'soon', subject: 'response', at, message: t('core:views.responseSoon') };
  }
  return null;
}

/** Why a stored response must not go to its device (it expired), or null. */
export function responseUnusable(response: ResponseRow, now: number): string | null {
  if (!response.expires_at || Date.parse(response.expires_at) > now) return null;
  return t('core:views.responseExpiredAt', { at: response.expires_at });
}

/** A request whose answer may go to its device now (ready or delivered before, and not expired), or the sentence why not. */
export function deliverableAnswer(requests: RequestStore, id: string, now: number): { row: RequestRow; response: ResponseRow } | { problem: string } {
  const row = requests.get(id);
  const response = row && requests.response(id);
  if (!row || !response || (row.state !== 'fulfilled' && row.state !== 'delivered')) {
    return { problem: row ? t('core:views.notReady', { state: stateLabel(row.state) }) : t('core:views.notInQueue') };
  }
  const unusable = responseUnusable(response, now);
  return unusable ? { problem: unusable } : { row, response };
}

/**
 * What the device's receipt last said about the response the request holds now, from the history:
 * only receipts after that response was stored count (an earlier response's verdict is not this one's),
 * and only accepted receipts are in the history, each later (device clock) than the one before.
 */
export function deviceReceipt(history: AuditRow[]): RequestDetail['deviceReceipt'] {
  const stored = history.findLastIndex((h) => (RESPONSE_STORED_EVENTS as readonly string[]).includes(h.event));
  const said = history.slice(stored + 1).findLast((h) => h.event === 'device_confirmed' || h.event === 'device_refused');
  return said ? { outcome: said.event === 'device_confirmed' ? 'applied' : 'refused', at: said.at, detail: said.detail } : null;
}

// A cancelled request is not retried by habit: it is restored on purpose (restoreRequest).
const RETRY_FROM = new Set(['rejected', 'retry_wait']);
const CANCEL_FROM = new Set(['queued', 'retry_wait', 'rejected']);

/** An activation the vendor answered holds a seat the engineer may return (seat-return.ts holds to the same). */
export function holdsSeat(row: Pick<RequestRow, 'kind' | 'state'>): boolean {
  return (row.kind === 'activate' || row.kind === 'refresh') && (row.state === 'fulfilled' || row.state === 'delivered');
}

/**
 * What the engineer may do with a request now (retryRequest and cancelRequest enforce the same). A
 * fulfilled request goes again when its response expired, or when its device refused the response.
 */
export function allowedActions(row: Pick<RequestRow, 'kind' | 'state' | 'expires_at' | 'response_expires_at'>, history: AuditRow[], now: number): RequestDetail['actions'] {
  const fetchAgain = row.state === 'fulfilled' && (expiryWarning(row, now)?.level === 'expired' || deviceReceipt(history)?.outcome === 'refused');
  return { retry: RETRY_FROM.has(row.state) || fetchAgain, cancel: CANCEL_FROM.has(row.state), restore: row.state === 'cancelled', returnSeat: holdsSeat(row) };
}

/** Whose key may be entered or corrected: a request not sent successfully yet, its key missing or typed by the engineer (request-store.setLicenseKey holds to the same). */
export function keyEditable(row: Pick<RequestRow, 'state' | 'needs_license_key' | 'license_key'>, history: AuditRow[]): boolean {
  const waiting = row.state === 'queued' || row.state === 'retry_wait' || row.state === 'rejected';
  return waiting && (row.needs_license_key === 1 || row.license_key === '' || history.some((h) => h.event === 'license_key_entered'));
}

const PREVIEW_CHARS = 4000;

/** The detail without `keyProblem`, which needs the connections (key-refusals.ts). */
export function toDetail(row: RequestRow, history: AuditRow[], response: ResponseRow | undefined, now: Date, key: SignedKeyCheck | null = null): Omit<RequestDetail, 'keyProblem'> {
  return {
    ...toSummary(row, now),
    deviceDetails: JSON.parse(row.device_details) as Record<string, string>,
    deviceSignature: row.signature_state === 'verified' || row.signature_state === 'unsigned' ? row.signature_state : null,
    history: history.map((h) => ({ seq: h.seq, at: h.at, event: h.event, detail: h.detail })),
    actions: allowedActions(row, history, now.getTime()),
    keyEditable: keyEditable(row, history),
    signedKey: key && { status: key.status, message: key.message, licence: key.dataset?.licence ?? null, product: key.dataset?.product ?? null, expiry: key.dataset?.expiry ?? null, dataset: key.dataset?.text ?? null },
    deviceReceipt: deviceReceipt(history),
    response: response
      ? {
          fileName: response.file_name,
          mediaType: response.media_type,
          sizeBytes: response.artifact.length,
          verifiedAt: response.verified_at,
          deliveredAt: response.delivered_at,
          exportedAt: response.exported_at,
          preview: response.artifact.subarray(0, PREVIEW_CHARS).toString('utf8'),
        }
      : null,
  };
}
