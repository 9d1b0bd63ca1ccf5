// The central audit as CSV or JSON for `npm run relay -- audit`.
import type { AuditRow } from './audit-store.ts';

export type AuditFormat = 'csv' | 'json';

const COLUMNS: [string, (r: AuditRow) => string | number | null][] = [
  ['at', (r) => r.at],
  ['engineer', (r) => r.engineerName],
  ['engineer_id', (r) => r.engineerId],
  ['kiosk_id', (r) => r.kioskId],
  ['request_id', (r) => r.requestId],
  ['vendor', (r) => r.vendor],
  ['connection', (r) => r.connection],
  ['call', (r) => r.call],
  ['outcome', (r) => r.outcome],
  ['detail', (r) => r.detail],
];

/** One CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditRows(rows: AuditRow[], format: AuditFormat): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  return [COLUMNS.map(([name]) => name).join(','), ...rows.map((r) => COLUMNS.map(([, get]) => cell(get(r))).join(','))].join('\n');
}
