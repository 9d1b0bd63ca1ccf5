// What a visit's report says, read from the store: one line per request of the visit, the counts,
// the engineer, and a digest tying it to the audit trail. The HTML and CSV forms only lay this out.
import { createHash } from 'node:crypto';
import { STATE_LABELS } from '../../shared/api/states.ts';
import { maskLicenseKey } from '../../shared/formats/request.ts';
import type { Db } from '../store/database.ts';
import type { AuditRow, RequestRow, RequestStore, ResponseRow } from '../store/request-store.ts';
import { visitTag, type VisitRow } from '../store/visit-store.ts';
import { requiredVendor } from './routing.ts';

export interface ReportLine {
  requestId: string;
  device: string;
  deviceId: string;
  licence: string;
  product: string;
  asked: string;
  outcome: string;
  delivery: string;
  capturedAt: string;
  answeredAt: string | null;
  deliveredAt: string | null;
}

export interface AuditDigest {
  /** SHA-256 (hex) over the canonical form of the visit's audit entries, see `auditDigest`. */
  sha256: string;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface VisitReport {
  visit: Pick<VisitRow, 'id' | 'customer' | 'site' | 'ticket' | 'started_at' | 'ended_at'>;
  engineer: string;
  generatedAt: string;
  lines: ReportLine[];
  counts: { requests: number; delivered: number; confirmed: number; exported: number; ready: number; waiting: number; refused: number; other: number };
  digest: AuditDigest;
}

const ASKED: Record<RequestRow['kind'], string> = {
  activate: 'Activation',
  deactivate: 'Deactivation (seat release)',
  refresh: 'Refresh',
  'license-file': 'Licence file',
};

const VENDOR_PRODUCT: Record<string, string> = { generic: 'Licence API', keygen: 'Keygen', cryptlex: 'Cryptlex', licensespring: 'LicenseSpring' };

/** The engineer as Preferences holds it ({name, id}); anything else reads as not set. */
export function engineerText(value: unknown): string {
  if (value === null || typeof value !== 'object') return 'not set';
  const { name, id } = value as { name?: unknown; id?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return 'not set';
  return typeof id === 'string' && id.trim() !== '' ? `${name.trim()} (${id.trim()})` : name.trim();
}

export function buildVisitReport(db: Db, store: RequestStore, visit: VisitRow, currentEngineer: unknown, now: Date): VisitReport {
  const rows = db
    .prepare(
      `SELECT r.*, s.file_name AS response_file_name FROM requests r LEFT JOIN responses s ON s.request_id = r.id
       WHERE r.visit_id = ? ORDER BY r.captured_at, r.id`,
    )
    .all(visit.id) as RequestRow[];
  const counts = { requests: rows.length, delivered: 0, confirmed: 0, exported: 0, ready: 0, waiting: 0, refused: 0, other: 0 };
  const lines = rows.map((row) => {
    const response = store.response(row.id);
    const line = reportLine(row, response, store.history(row.id), response ? store.deviceVerdict(row.id, response.response_seq)?.outcome : undefined);
    if (row.state === 'delivered') counts.delivered++;
    // Written out as a file but not yet delivered: the file has not reached its device as far as the kiosk knows.
    else if (row.state === 'fulfilled' && response?.exported_at) counts.exported++;
    else if (row.state === 'fulfilled') counts.ready++;
    else if (row.state === 'queued' || row.state === 'retry_wait' || row.state === 'in_flight') counts.waiting++;
    else if (row.state === 'rejected') counts.refused++;
    else counts.other++;
    if (line.delivery.includes(RECEIPT)) counts.confirmed++;
    return line;
  });
  const stored = visit.engineer === null ? null : (JSON.parse(visit.engineer) as unknown);
  return {
    visit: { id: visit.id, customer: visit.customer, site: visit.site, ticket: visit.ticket, started_at: visit.started_at, ended_at: visit.ended_at },
    engineer: engineerText(stored ?? currentEngineer),
    generatedAt: now.toISOString(),
    lines,
    counts,
    digest: auditDigest(visitAuditRows(db, visit.id)),
  };
}

const RECEIPT = "confirmed by the device's receipt";

function reportLine(row: RequestRow, response: ResponseRow | undefined, history: AuditRow[], verdict: 'applied' | 'refused' | undefined): ReportLine {
  const details = JSON.parse(row.device_details) as Record<string, unknown>;
  const vendor = requiredVendor(row);
  const product = typeof details.product === 'string' ? details.product : vendor ? VENDOR_PRODUCT[vendor] ?? vendor : '—';
  // How the response reached the device: each way the audit shows, and the device's own word last.
  const ways = new Set<string>();
  for (const entry of history) {
    // A file written out (download, folder, USB stick) is "file"; it counts as delivered only once marked or confirmed.
    if (entry.event === 'exported') ways.add('file');
    else if (entry.event === 'delivered') ways.add(entry.detail.startsWith('Shown as QR') ? 'QR' : entry.detail.startsWith('Exported as') ? 'file' : 'marked delivered by the engineer');
  }
  if (verdict === 'applied') ways.add(RECEIPT);
  if (verdict === 'refused') ways.add("refused by the device's receipt");
  const outcome = row.state === 'rejected' && row.last_error ? `${STATE_LABELS[row.state]}: ${row.last_error}` : STATE_LABELS[row.state];
  return {
    requestId: row.id,
    device: row.device_label ?? `device ${row.device_id.slice(0, 12)}`,
    deviceId: row.device_id,
    licence: row.license_key ? maskLicenseKey(row.license_key) : '(none given)',
    product,
    asked: ASKED[row.kind],
    outcome,
    delivery: ways.size ? [...ways].join(', ') : '—',
    capturedAt: row.captured_at,
    answeredAt: response?.verified_at ?? null,
    deliveredAt: response?.delivered_at ?? null,
  };
}

/**
 * The visit's audit entries: every entry of the requests it holds now, and its own start and end.
 * Read from the columns every kiosk has today (seq, at, request_id, actor, event, detail).
 */
/** A visit's audit entries (parameters: visit id, its tag's length, its tag); the Audit screen's visit filter is the same rule. */
export const VISIT_ENTRIES = `(audit.request_id IN (SELECT id FROM requests WHERE visit_id = ?)
  OR (audit.request_id IS NULL AND audit.event IN ('visit_started', 'visit_ended') AND substr(audit.detail, 1, ?) = ?))`;

export function visitAuditRows(db: Db, visitId: string): AuditRow[] {
  return db
    .prepare(
`SELECT seq, at, request_id, actor, event, detail FROM audit WHERE ${VISIT_ENTRIES} ORDER BY seq`,
    )
    .all(visitId, visitTag(visitId).length, visitTag(visitId)) as AuditRow[];
}

/**
 * SHA-256 over the entries in seq order, each as the JSON array [seq, at, request_id, actor, event,
 * detail] followed by a line feed. Anyone holding the audit export recomputes it from the rows in
 * the printed seq range. (With the audit's hash chain, the same rows' chain hashes take the place of
 * their columns, and the chain head at the last seq is printed beside it.)
 */
export function auditDigest(rows: readonly AuditRow[]): AuditDigest {
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${JSON.stringify([r.seq, r.at, r.request_id, r.actor, r.event, r.detail])}\n`);
  return { sha256: hash.digest('hex'), entries: rows.length, firstSeq: rows[0]?.seq ?? null, lastSeq: rows.at(-1)?.seq ?? null };
}
