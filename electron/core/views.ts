// Database rows → the contract's shapes. Licence keys leave main only masked.
import type { RequestDetail, RequestSummary } from '../../shared/api/contract.ts';
import { maskLicenseKey } from '../../shared/formats/request.ts';
import { requiredVendor } from './routing.ts';
import type { AuditRow, RequestRow, ResponseRow } from '../store/request-store.ts';

export function toSummary(row: RequestRow): RequestSummary {
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
  };
}

const PREVIEW_CHARS = 4000;

export function toDetail(row: RequestRow, history: AuditRow[], response: ResponseRow | undefined): RequestDetail {
  return {
    ...toSummary(row),
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
