// The engineer's way to ask for a licence file for a key (Capture → "Licence file for a key"): main
// builds a request of kind "license-file" from the typed key, as if a device had sent one. It goes to
// the vendor whose descriptor serves licence files (routing then says "Needs a … connection" when
// there is none). Its id is content-based on the key and the UTC day: the same key entered twice on
// one day is queued once ("Already in the queue"; Retry checks out a fresh copy), and a new day asks
// anew, so a file that has since expired can be fetched again without cancelling anything.
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { maskLicenseKey, type ParsedRequest } from '../../shared/formats/request.ts';
import { t } from '../../shared/i18n/index.ts';
import { VENDORS } from '../connectors/registry.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestStore } from '../store/request-store.ts';
import { checkRequestKey } from './signed-key-check.ts';

type Result = CallOutput<'requestLicenseFile'>;
export const LICENSE_FILE_ENTRY_FORMAT = 'license-file-entry';

export async function requestLicenseFile(store: RequestStore, input: CallInput<'requestLicenseFile'>, now: Date, connections: readonly ConnectionRecord[]): Promise<Result> {
  const key = input.licenseKey;
  const label = input.label?.trim() || null;
  const name = t('core:licenseFile.name', { key: maskLicenseKey(key) });
  const refuse = (message: string): Result => ({ name, outcome: 'error', requestId: null, message });
  const serving = VENDORS.find((v) => v.kinds?.includes('license-file'));
  const hint = serving?.serves.hints[0];
  if (!serving || hint === undefined) return refuse(t('core:licenseFile.noVendor'));
  const day = now.toISOString().slice(0, 10);
  const keyDigest = await sha256Hex(key);
  const request: ParsedRequest = {
    format: LICENSE_FILE_ENTRY_FORMAT,
    formatLabel: t('core:licenseFile.formatLabel'),
    kind: 'license-file',
    licenseKey: key,
    // No device asked: the stand-in names the key without showing it.
    deviceId: `key-${keyDigest.slice(0, 16)}`,
    deviceLabel: label,
    deviceDetails: {},
    expiresAt: null,
    canonical: canonicalJson({ form: LICENSE_FILE_ENTRY_FORMAT, key, day }),
    vendorHint: hint,
  };
  const row = { format: request.format, vendor_hint: hint, device_details: '{}', chosen_connection_id: null };
  const signed = checkRequestKey(row, key, connections, t('core:licenseFile.typedKey'));
  if (signed?.status === 'invalid') return refuse(t('core:capture.notQueued', { problem: signed.message }));
  const id = await sha256Hex(request.canonical);
  const outcome = store.insert(id, request, { kind: 'engineer', name, raw: canonicalJson({ licenseKey: key, label }) }, 'queued');
  if (outcome === 'duplicate') return { name, outcome, requestId: id, message: t('core:licenseFile.duplicate', { key: maskLicenseKey(key) }) };
  if (signed) store.audit(id, 'engineer', signed.status === 'verified' ? 'key_verified' : 'key_unchecked', signed.message);
  const queued = { vendor: serving.names.request, key: maskLicenseKey(key) };
  return { name, outcome, requestId: id, message: label ? t('core:licenseFile.queuedLabelled', { ...queued, label }) : t('core:licenseFile.queued', queued) };
}
