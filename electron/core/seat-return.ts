// Seat return for a dead or replaced device: the engineer asks the vendor to release a device's seat
// without the device. Main builds a deactivation (format seat-return-entry) from an activated request in
// the queue or from a typed licence key + device id on a chosen connection, and queues it like any
// request: it goes at the next sync (offline it waits), each connector's own deactivation proves the
// release (a signed answer, or a signed lookup showing the machine gone), and the proof is stored as
// the response. A vendor whose API cannot release a seat without the device says so, and nothing is
// queued. Its id is content-based on connection, key, device and UTC day, so a double press (or the
// same return from the detail and the typed form) queues it once.
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { t } from '../../shared/i18n/index.ts';
import { maskLicenseKey, SEAT_RETURN_FORMAT, type ParsedRequest } from '../../shared/formats/request.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestRow, RequestStore } from '../store/request-store.ts';
import { holdsSeat } from './views.ts';

type Result = CallOutput<'returnSeat'>;

interface SeatToReturn {
  connection: ConnectionRecord;
  licenseKey: string;
  deviceId: string;
  deviceLabel: string | null;
  product: string | null;
  /** The activated request whose seat this returns, when it came from the queue. */
  returns: string | null;
}

/** What the engineer sees for a device: its label, else the start of its id. */
function deviceName(deviceId: string, label: string | null): string {
  return label ?? (deviceId.length > 16 ? `${deviceId.slice(0, 12)}…` : deviceId);
}

function refusal(name: string, message: string): Result {
  return { name, outcome: 'error', requestId: null, message };
}

/** The seat an activated request holds, or the sentence saying why there is none to return. */
function fromRequest(row: RequestRow | undefined, connections: readonly ConnectionRecord[]): SeatToReturn | string {
  if (!row) return t('core:seat.requestGone');
  if (row.kind !== 'activate' && row.kind !== 'refresh') return t('core:seat.notActivation');
  if (!holdsSeat(row)) {
    return t('core:seat.neverActivated', { state: t(`core:seat.states.${row.state}`) });
  }
  const connection = connections.find((c) => c.id === row.connection_id);
  if (!connection) return t('core:seat.connectionRemoved');
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.device_details) as Record<string, unknown>;
  } catch {
    details = {};
  }
  return { connection, licenseKey: row.license_key, deviceId: row.device_id, deviceLabel: row.device_label, product: typeof details.product === 'string' ? details.product : null, returns: row.id };
}

function fromTyped(input: CallInput<'checkSeatReturn'>, connections: readonly ConnectionRecord[]): SeatToReturn | string {
  const connection = connections.find((c) => c.id === input.connectionId);
  if (!connection) return t('core:seat.connectionGone');
  return { connection, licenseKey: input.licenseKey, deviceId: input.deviceId, deviceLabel: input.label?.trim() || null, product: input.product?.trim() || null, returns: null };
}

interface Prepared {
  id: string;
  request: ParsedRequest;
  seat: SeatToReturn;
  label: string;
  named: string;
  reason: string;
}

/** Checks the seat against its vendor and builds its deactivation (hashing is async, so it runs before any transaction). */
async function prepare(seat: SeatToReturn | string, reason: string, now: Date, name: string): Promise<Prepared | Result> {
  if (typeof seat === 'string') return refusal(name, seat);
  const vendor = vendorOf(seat.connection.vendor);
  const label = deviceName(seat.deviceId, seat.deviceLabel);
  const named = t('core:seat.nameFor', { device: label });
  const support = vendor.seatReturn;
  if (!support.supported) return refusal(named, support.why);
  const problem = support.problem?.(seat.licenseKey, seat.deviceId);
  if (problem) return refusal(named, t('core:seat.nothingQueued', { problem }));
  if (support.needsProduct && !seat.product) return refusal(named, t('core:seat.needsProduct', { vendor: vendor.names.connection }));
  const hint = vendor.serves.hints[0];
  if (hint === undefined) return refusal(named, t('core:seat.noKioskRequests', { vendor: vendor.names.connection }));
  const day = now.toISOString().slice(0, 10);
  const details: Record<string, string> = { reason, ...(seat.product ? { product: seat.product } : {}), ...(seat.returns ? { returns_request: seat.returns } : {}) };
  const request: ParsedRequest = {
    format: SEAT_RETURN_FORMAT,
    formatLabel: t('core:seat.formatLabel'),
    kind: 'deactivate',
    licenseKey: seat.licenseKey,
    deviceId: seat.deviceId,
    deviceLabel: seat.deviceLabel,
    deviceDetails: details,
    expiresAt: null,
    canonical: canonicalJson({ form: SEAT_RETURN_FORMAT, connection: seat.connection.id, key: seat.licenseKey, device: seat.deviceId, product: seat.product, day }),
    vendorHint: hint,
  };
  return { id: await sha256Hex(request.canonical), request, seat, label, named, reason };
}

/** Queues a prepared seat return with its connection and its reason in the audit trail, in one transaction. */
function commit(store: RequestStore, p: Prepared): Result {
  const { id, seat, label, named, reason } = p;
  const masked = maskLicenseKey(seat.licenseKey);
  const outcome = store.inOneTransaction(() => {
    const inserted = store.insert(id, p.request, { kind: 'engineer', name: named, raw: canonicalJson({ licenseKey: seat.licenseKey, deviceId: seat.deviceId, connection: seat.connection.id, product: seat.product }) }, 'queued');
    if (inserted === 'queued') {
      store.chooseConnection(id, seat.connection.id, seat.connection.name);
      const asked = { device: label, key: masked, connection: seat.connection.name, reason };
      store.audit(id, 'engineer', 'seat_return_asked', seat.returns ? t('core:seat.askedFromActivation', { ...asked, id: seat.returns.slice(0, 12) }) : t('core:seat.asked', asked));
      if (seat.returns) store.audit(seat.returns, 'engineer', 'seat_return_asked', t('core:seat.askedOnActivation', { id: id.slice(0, 12), reason }));
    }
    return inserted;
  });
  if (outcome === 'duplicate') return { name: named, outcome, requestId: id, message: t('core:seat.duplicate', { device: label, key: masked }) };
  return { name: named, outcome, requestId: id, message: t('core:seat.queued', { device: label, key: masked, connection: seat.connection.name }) };
}

export function seatReturnHandlers(deps: { store: RequestStore; connections: () => readonly ConnectionRecord[]; now: () => Date; queued: (ids: string[]) => void }) {
  const { store } = deps;
  return {
    async returnSeat(input: CallInput<'returnSeat'>): Promise<Result> {
      const connections = deps.connections();
      const seat = input.from === 'request' ? fromRequest(store.get(input.requestId), connections) : fromTyped(input, connections);
      const prepared = await prepare(seat, input.reason, deps.now(), t('core:seat.name'));
      const result = 'request' in prepared ? commit(store, prepared) : prepared;
      if (result.outcome === 'queued') deps.queued([result.requestId!]);
      return result;
    },
    /** The typed form's check before the engineer confirms: the same refusals returnSeat gives, nothing queued. */
    async checkSeatReturn(input: CallInput<'checkSeatReturn'>): Promise<CallOutput<'checkSeatReturn'>> {
      const prepared = await prepare(fromTyped(input, deps.connections()), '', deps.now(), t('core:seat.name'));
      if (!('request' in prepared)) return { ok: false, message: prepared.message };
      return { ok: true, message: t('core:seat.canReturn', { device: prepared.label, key: maskLicenseKey(prepared.seat.licenseKey), connection: prepared.seat.connection.name }) };
    },
    /** The returns of a selection, queued in one transaction: each refused one says why, the others go in together. */
    async returnSeats(input: CallInput<'returnSeats'>): Promise<CallOutput<'returnSeats'>> {
      const connections = deps.connections();
      const now = deps.now();
      const prepared = await Promise.all(
        input.requestIds.map((requestId) => {
          const row = store.get(requestId);
          return prepare(fromRequest(row, connections), input.reason, now, row ? t('core:seat.nameFor', { device: deviceName(row.device_id, row.device_label) }) : t('core:seat.name'));
        }),
      );
      const results = store.inOneTransaction(() => prepared.map((p) => ('request' in p ? commit(store, p) : p)));
      const ids = results.flatMap((r) => (r.outcome === 'queued' && r.requestId ? [r.requestId] : []));
      if (ids.length) deps.queued(ids);
      return { results };
    },
  };
}
