// A device's receipt captured like any request text: nothing is queued. Once it verifies against the
// request it names (nonce, and the device key stored when the request was captured) and is bound to
// the response the kiosk holds now (SPEC.md §8a: version 2 names it by digest; version 1 only while
// that cannot be in doubt), and is later (device clock) than the verdict already recorded for that
// response, the request is marked delivered or the device's refusal is recorded. Every receipt that
// is refused, replayed or outdated gets a sentence and changes nothing.
import { createHash } from 'node:crypto';
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import {
  encodeReceipt,
  receiptFromUr,
  receiptVersion,
  responseDigestOf,
  verifyReceipt,
  type SignedReceipt,
} from '../../shared/formats/receipt.ts';
import type { DeviceReceiptRow, RequestStore } from '../store/request-store.ts';
import { t } from '../../shared/i18n/index.ts';
import { stateLabel } from '../../shared/api/states.ts';

type Result = CallOutput<'capture'>['results'][number];
type Item = CallInput<'capture'>['items'][number];


export function captureReceipt(store: RequestStore, item: Item): Result {
  const refuse = (message: string, requestId: string | null = null): Result => ({ name: item.name, outcome: 'error', requestId, message });
  let signed: SignedReceipt;
  try {
    signed = receiptFromUr(item.text);
  } catch (error) {
    if (error instanceof FormatError) return refuse(t('core:receipt.unreadable', { problem: error.message }));
    throw error;
  }
  const { receipt, signature } = signed;
  const row = store.get(receipt.requestId);
  if (!row) return refuse(t('core:receipt.notInQueue', { id: receipt.requestId.slice(0, 12) }));
  const id = row.id;
  const device = row.device_label ?? t('core:device', { id: row.device_id.slice(0, 12) });
  const Device = row.device_label ?? t('core:receipt.deviceCapital', { id: row.device_id.slice(0, 12) });
  if (!row.device_public_key || row.signature_state !== 'verified') {
    return refuse(t('core:receipt.unsigned', { device }), id);
  }
  if (row.nonce !== receipt.nonce) return refuse(t('core:receipt.nonce', { device }), id);
  if (!verifyReceipt({ receipt, signature }, fromHex(row.device_public_key))) {
    return refuse(t('core:receipt.signature', { device }), id);
  }

  // Which response it is about: only the one the kiosk holds now.
  const response = store.response(id);
  if (!response || (row.state !== 'fulfilled' && row.state !== 'delivered')) {
    return refuse(t('core:receipt.noResponse', { device, state: stateLabel(row.state) }), id);
  }
  const seq = response.response_seq;
  const version = receiptVersion(receipt);
  if (receipt.responseDigest !== undefined && receipt.responseDigest !== responseDigestOf(response.artifact)) {
    return refuse(
      seq > 1
        ? t('core:receipt.earlierResponse', { device })
        : t('core:receipt.otherResponse', { device }),
      id,
    );
  }
  if (version === 1 && seq > 1) {
    return refuse(t('core:receipt.oldVersionMany', { device, count: seq }), id);
  }
  if (version === 1 && store.hasNamedReceipt(id)) {
    return refuse(t('core:receipt.oldVersionReplay', { device }), id);
  }

  // Order: the same receipt again is idempotent; an older one never overrides a later verdict.
  const receiptSha256 = createHash('sha256').update(encodeReceipt(signed)).digest('hex');
  const verdict = store.deviceVerdict(id, seq);
  const recorded = store.deviceReceipt(id, receiptSha256);
  if (recorded && verdict?.receipt_sha256 === receiptSha256) {
    return recorded.outcome === 'applied'
      ? { name: item.name, outcome: 'confirmed', requestId: id, message: t('core:receipt.alreadyConfirmed', { device }) }
      : { name: item.name, outcome: 'device_refused', requestId: id, message: t('core:receipt.alreadyRefused', { device, at: deviceClock(recorded.applied_at) }) };
  }
  if (recorded && recorded.response_seq !== seq) {
    return refuse(t('core:receipt.recordedEarlier'), id);
  }
  if (verdict && receipt.appliedAt <= verdict.applied_at) {
    const order = {
      outcome: t(`core:receipt.outcomes.${receipt.outcome}`),
      at: deviceClock(receipt.appliedAt),
      device,
      was: t(`core:receipt.outcomes.${verdict.outcome}`),
      wasAt: deviceClock(verdict.applied_at),
    };
    return refuse(receipt.appliedAt < verdict.applied_at ? t('core:receipt.older', order) : t('core:receipt.notLater', order), id);
  }

  const at = deviceClock(receipt.appliedAt);
  const old = version === 1;
  const why = t(`core:receipt.reasons.${receipt.reason ?? 'other'}`);
  const entry: Omit<DeviceReceiptRow, 'recorded_at'> = {
    request_id: id,
    receipt_sha256: receiptSha256,
    response_seq: seq,
    version,
    response_digest: receipt.responseDigest ?? null,
    applied_at: receipt.appliedAt,
    outcome: receipt.outcome,
  };
  if (receipt.outcome === 'refused') {
    store.recordDeviceReceipt(entry, t(old ? 'core:receipt.refusedEntryOld' : 'core:receipt.refusedEntry', { at, why }));
    return { name: item.name, outcome: 'device_refused', requestId: id, message: t('core:receipt.refused', { device: capitalise(Device), at, why }) };
  }
  store.recordDeviceReceipt(entry, t(old ? 'core:receipt.appliedEntryOld' : 'core:receipt.appliedEntry', { at }));
  return { name: item.name, outcome: 'confirmed', requestId: id, message: t('core:receipt.confirmed', { device, at }) };
}

/** "23 Nov, 10:15:00 (device clock)" in the engineer's locale: the device's own time, which may be off. */
function deviceClock(seconds: number): string {
  return t('core:receipt.deviceClock', { at: new Date(seconds * 1000).toISOString() });
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
