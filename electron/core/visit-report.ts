// What a visit's report says, read from the store: one line per request of the visit, the counts,
// the engineer, and a digest tying it to the audit trail. The HTML and CSV forms only lay this out.
import { createHash } from 'node:crypto';
import { maskLicenseKey } from '../../shared/formats/request.ts';
import { t } from '../../shared/i18n/index.ts';
import type { Db } from '../store/database.ts';
import type { AuditRow, RequestRow, RequestStore, ResponseRow } from '../store/request-store.ts';
import { visitTag, type VisitRow } from '../store/visit-store.ts';
import { requiredVendor } from './routing.ts';
import { stateLabel } from '../../shared/api/states.ts';
import { deviceText, writtenFrom } from './words.ts';

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
  /** The device's receipt confirmed it. */
  confirmed: boolean;
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

/** Product names; the plain licence API's is a description, so it is translated. */
const VENDOR_PRODUCT: Record<string, string> = { keygen: 'Keygen', cryptlex: 'Cryptlex', licensespring: 'LicenseSpring' };

/** The engineer as Preferences holds it ({name, id}); anything else reads as not set. */
export function engineerText(value: unknown): string {
  if (value === null || typeof value !== 'object') return t('core:report.notSet');
  const { name, id } = value as { name?: unknown; id?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return t('core:report.notSet');
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
    if (line.confirmed) counts.confirmed++;
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

function reportLine(row: RequestRow, response: ResponseRow | undefined, history: AuditRow[], verdict: 'applied' | 'refused' | undefined): ReportLine {
  const details = JSON.parse(row.device_details) as Record<string, unknown>;
  const vendor = requiredVendor(row);
  const product = typeof details.product === 'string' ? details.product : vendor === 'generic' ? t('core:report.genericProduct') : vendor ? VENDOR_PRODUCT[vendor] ?? vendor : '—';
  // How the response reached the device: each way the audit shows, and the device's own word last.
  const ways = new Set<string>();
  for (const entry of history) {
    // A file written out (download, folder, USB stick) is "file"; it counts as delivered only once marked or confirmed.
    // The entry's words are those of the language set when it was written, so each language's sentence is recognised.
    if (entry.event === 'exported') ways.add(t('core:report.ways.file'));
    else if (entry.event === 'delivered') {
      const qr = writtenFrom(entry.detail, 'kiosk.shownAsQr');
      const file = ['export.exportedTo', 'export.exportedToDownload', 'export.exportedInZip'].some((key) => writtenFrom(entry.detail, key));
      ways.add(qr ? t('core:report.ways.qr') : file ? t('core:report.ways.file') : t('core:report.ways.marked'));
    }
  }
  if (verdict === 'applied') ways.add(t('core:report.ways.receipt'));
  if (verdict === 'refused') ways.add(t('core:report.ways.refused'));
  const outcome = row.state === 'rejected' && row.last_error ? t('core:report.outcomeWithError', { state: stateLabel(row.state), error: row.last_error }) : stateLabel(row.state);
  return {
    requestId: row.id,
    device: deviceText(row.device_label, row.device_id),
    deviceId: row.device_id,
    licence: row.license_key ? maskLicenseKey(row.license_key) : t('core:report.noKey'),
    product,
    asked: t(`core:report.asked.${row.kind}`),
    outcome,
    delivery: ways.size ? [...ways].join(', ') : '—',
    capturedAt: row.captured_at,
    answeredAt: response?.verified_at ?? null,
    deliveredAt: response?.delivered_at ?? null,
    confirmed: verdict === 'applied',
  };
}

/**
 * The visit's audit entries: every entry of the requests it holds now, and its own start and end.
 * Read from the columns every kiosk has today (seq, at, request_id, actor, event, detail).
 */
/** A visit's audit entries (parameters: visit id, its tag's length, its tag); the Audit screen's visit filter is the same rule. */
// ui-text-ok: SQL
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
