// A device's receipt captured like any request text: nothing is queued. Once it verifies against the
// request it names (nonce, and the device key stored when the request was captured) and is bound to
// the response the kiosk holds now (SPEC.md §8a: version 2 names it by digest; version 1 only while
// that cannot be in doubt), and is later (device clock) than the verdict already recorded for that
// response, the request is marked delivered or the device's refusal is recorded. Every receipt that
// is refused, replayed or outdated gets a sentence and changes nothing.
import { createHash } from 'node:crypto';
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import { STATE_LABELS } from '../../shared/api/states.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import {
  encodeReceipt,
  receiptFromUr,
  receiptVersion,
  responseDigestOf,
  verifyReceipt,
  type ReceiptReason,
  type SignedReceipt,
} from '../../shared/formats/receipt.ts';
import type { DeviceReceiptRow, RequestStore } from '../store/request-store.ts';

type Result = CallOutput<'capture'>['results'][number];
type Item = CallInput<'capture'>['items'][number];

const REASONS: Record<ReceiptReason, string> = {
  signature: 'the vendor signature did not verify',
  'wrong-device': 'it was issued for another device',
  'wrong-request': 'it answers another request',
  expired: 'the licence or the request had expired',
  clock: 'the device clock disagrees with the licence dates',
  other: 'no reason given',
};

export function captureReceipt(store: RequestStore, item: Item): Result {
  const refuse = (message: string, requestId: string | null = null): Result => ({ name: item.name, outcome: 'error', requestId, message });
  let signed: SignedReceipt;
  try {
    signed = receiptFromUr(item.text);
  } catch (error) {
    if (error instanceof FormatError) return refuse(`Not a readable device receipt: ${error.message}.`);
    throw error;
  }
  const { receipt, signature } = signed;
  const row = store.get(receipt.requestId);
  if (!row) return refuse(`This receipt is for a request that is not in the queue (${receipt.requestId.slice(0, 12)}…); nothing was changed.`);
  const id = row.id;
  const device = row.device_label ?? `device ${row.device_id.slice(0, 12)}`;
  if (!row.device_public_key || row.signature_state !== 'verified') {
    return refuse(`The request from ${device} was not signed by its device, so a receipt cannot confirm it; mark it delivered by hand.`, id);
  }
  if (row.nonce !== receipt.nonce) return refuse(`This receipt does not carry the nonce of the request from ${device} (a replayed or foreign receipt); nothing was changed.`, id);
  if (!verifyReceipt({ receipt, signature }, fromHex(row.device_public_key))) {
    return refuse(`The receipt's signature does not verify with the key of ${device}: it comes from another device or was altered; nothing was changed.`, id);
  }

  // Which response it is about: only the one the kiosk holds now.
  const response = store.response(id);
  if (!response || (row.state !== 'fulfilled' && row.state !== 'delivered')) {
    return refuse(`The request from ${device} holds no response to confirm (it is "${STATE_LABELS[row.state]}"); nothing was changed.`, id);
  }
  const seq = response.response_seq;
  const version = receiptVersion(receipt);
  if (receipt.responseDigest !== undefined && receipt.responseDigest !== responseDigestOf(response.artifact)) {
    return refuse(
      seq > 1
        ? `This receipt is for an earlier response of this request; the kiosk now holds the one Retry fetched. Let ${device} read the current response and scan the receipt it shows then; nothing was changed.`
        : `This receipt is for another response than the one the kiosk holds for the request from ${device}; let the device read the current response and scan the receipt it shows then; nothing was changed.`,
      id,
    );
  }
  if (version === 1 && seq > 1) {
    return refuse(`This is an old-version receipt that does not name its response, and the request from ${device} has had ${seq} responses (Retry), so it cannot tell which one the device took. Let the device read the current response again, or mark it delivered by hand; nothing was changed.`, id);
  }
  if (version === 1 && store.hasNamedReceipt(id)) {
    return refuse(`This is an old-version receipt that does not name its response, but ${device} already sent receipts that do: it can only be a replay; nothing was changed.`, id);
  }

  // Order: the same receipt again is idempotent; an older one never overrides a later verdict.
  const receiptSha256 = createHash('sha256').update(encodeReceipt(signed)).digest('hex');
  const verdict = store.deviceVerdict(id, seq);
  const recorded = store.deviceReceipt(id, receiptSha256);
  if (recorded && verdict?.receipt_sha256 === receiptSha256) {
    return recorded.outcome === 'applied'
      ? { name: item.name, outcome: 'confirmed', requestId: id, message: `Already confirmed by ${device}; nothing changed.` }
      : { name: item.name, outcome: 'device_refused', requestId: id, message: `Already recorded: ${device} refused this response at ${deviceClock(recorded.applied_at)}; nothing changed.` };
  }
  if (recorded && recorded.response_seq !== seq) {
    return refuse(`This receipt was already recorded for an earlier response of this request; the kiosk now holds the one Retry fetched, so it changes nothing.`, id);
  }
  if (verdict && receipt.appliedAt <= verdict.applied_at) {
    return refuse(
      `This receipt (${receipt.outcome} at ${deviceClock(receipt.appliedAt)}) is ${receipt.appliedAt < verdict.applied_at ? 'older than' : 'no later than'} the receipt from ${device} already recorded for this response (${verdict.outcome} at ${deviceClock(verdict.applied_at)}); the later one stands and nothing was changed.`,
      id,
    );
  }

  const at = deviceClock(receipt.appliedAt);
  const note = version === 1 ? ' (old-version receipt, which names no response)' : '';
  const why = REASONS[receipt.reason ?? 'other'];
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
    store.recordDeviceReceipt(entry, `Refused on the device at ${at}: ${why}${note}`);
    return { name: item.name, outcome: 'device_refused', requestId: id, message: `${capitalise(device)} refused the response at ${at}: ${why}. Check the request, then retry it.` };
  }
  store.recordDeviceReceipt(entry, `Applied on the device at ${at}${note}`);
  return { name: item.name, outcome: 'confirmed', requestId: id, message: `Confirmed by ${device}: applied at ${at}. Marked delivered.` };
}

/** "2026-11-23 10:15:00 UTC (device clock)": the device's own time, which may be off. */
function deviceClock(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC (device clock)`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
