// A device's receipt captured like any request text: nothing is queued; once it verifies against the
// request it names (nonce, and the device key stored when the request was captured) the request is
// marked delivered, or the device's refusal is recorded. Every bad receipt gets a sentence.
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import { receiptFromUr, verifyReceipt, type ReceiptReason, type SignedReceipt } from '../../shared/formats/receipt.ts';
import type { RequestStore } from '../store/request-store.ts';

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
  const device = row.device_label ?? `device ${row.device_id.slice(0, 12)}`;
  if (!row.device_public_key || row.signature_state !== 'verified') {
    return refuse(`The request from ${device} was not signed by its device, so a receipt cannot confirm it; mark it delivered by hand.`, row.id);
  }
  if (row.nonce !== receipt.nonce) return refuse(`This receipt does not carry the nonce of the request from ${device} (a replayed or foreign receipt); nothing was changed.`, row.id);
  if (!verifyReceipt({ receipt, signature }, fromHex(row.device_public_key))) {
    return refuse(`The receipt's signature does not verify with the key of ${device}: it comes from another device or was altered; nothing was changed.`, row.id);
  }
  const at = deviceClock(receipt.appliedAt);
  if (receipt.outcome === 'refused') {
    const why = REASONS[receipt.reason ?? 'other'];
    store.audit(row.id, 'system', 'device_refused', `Refused on the device at ${at}: ${why}`);
    return { name: item.name, outcome: 'device_refused', requestId: row.id, message: `${capitalise(device)} refused the response at ${at}: ${why}. Check the request, then retry it.` };
  }
  const done = store.confirmByDevice(row.id, at);
  if (done === 'no_response') return refuse(`The request from ${device} has no response yet, so there is nothing to confirm; nothing was changed.`, row.id);
  return {
    name: item.name,
    outcome: 'confirmed',
    requestId: row.id,
    message: done === 'already_confirmed' ? `Already confirmed by ${device}; nothing changed.` : `Confirmed by ${device}: applied at ${at}. Marked delivered.`,
  };
}

/** "2026-11-23 10:15:00 UTC (device clock)": the device's own time, which may be off. */
function deviceClock(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC (device clock)`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
