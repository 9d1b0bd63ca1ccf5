// Database rows → the contract's shapes. Licence keys leave main only masked.
import type { RequestDetail, RequestSummary } from '../../shared/api/contract.ts';
import { maskLicenseKey } from '../../shared/formats/request.ts';
import { requiredVendor } from './routing.ts';
import type { AuditRow, RequestRow, ResponseRow } from '../store/request-store.ts';

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
    needsLicenseKey: row.needs_license_key === 1,
    vendor: requiredVendor(row),
    chosenConnectionId: row.chosen_connection_id,
    expiresAt: row.expires_at,
    responseExpiresAt: row.response_expires_at ?? null,
    expiryWarning: expiryWarning(row, now.getTime()),
  };
}

const WAITING_TO_SEND = new Set(['queued', 'retry_wait', 'in_flight']);

/** Requests not yet sent and responses not yet delivered, close to or past what the device accepts. */
export function expiryWarning(row: RequestRow, now: number): RequestSummary['expiryWarning'] {
  const left = (iso: string | null | undefined) => (iso ? Date.parse(iso) - now : Number.POSITIVE_INFINITY);
  if (WAITING_TO_SEND.has(row.state)) {
    const ms = left(row.expires_at);
    if (ms <= 0) return { level: 'expired', message: 'The request has expired: it will not be sent. Capture a new one from the device.' };
    if (ms <= EXPIRY_WARNING_MS) return { level: 'soon', message: 'The request expires soon: sync before then, or capture a new one from the device.' };
  }
  if (row.state === 'fulfilled') {
    const ms = left(row.response_expires_at);
    if (ms <= 0) return { level: 'expired', message: 'The response has expired: the device would refuse it. Retry to get a fresh one.' };
    if (ms <= EXPIRY_WARNING_MS) return { level: 'soon', message: 'The response expires soon: deliver it to the device before then.' };
  }
  return null;
}

const PREVIEW_CHARS = 4000;

export function toDetail(row: RequestRow, history: AuditRow[], response: ResponseRow | undefined, now: Date): RequestDetail {
  return {
    ...toSummary(row, now),
    deviceDetails: JSON.parse(row.device_details) as Record<string, string>,
    deviceSignature: row.signature_state === 'verified' || row.signature_state === 'unsigned' ? row.signature_state : null,
    history: history.map((h) => ({ seq: h.seq, at: h.at, event: h.event, detail: h.detail })),
    response: response
      ? {
          fileName: response.file_name,
          mediaType: response.media_type,
          sizeBytes: response.artifact.length,
          verifiedAt: response.verified_at,
          deliveredAt: response.delivered_at,
          preview: response.artifact.subarray(0, PREVIEW_CHARS).toString('utf8'),
        }
      : null,
  };
}
