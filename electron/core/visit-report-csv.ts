// The visit report as CSV, one row per request (RFC 4180 quoting, CRLF). Device labels and names come
// from outside: a cell a spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets
// a leading apostrophe, so it shows as the text it is.
// Its times stay ISO 8601 in UTC: a spreadsheet reads them as times whatever the language.
import { t } from '../../shared/i18n/index.ts';
import type { VisitReport } from './visit-report.ts';

const COLUMNS = ['customer', 'site', 'ticket', 'engineer', 'device', 'deviceId', 'licence', 'product', 'asked', 'outcome', 'delivery', 'capturedAt', 'answeredAt', 'deliveredAt', 'requestId', 'visitId'] as const;

/** One cell: neutralised when a spreadsheet would run it, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function visitReportCsv(report: VisitReport): string {
  const { visit } = report;
  const rows = report.lines.map((l) => [
    visit.customer,
    visit.site,
    visit.ticket ?? '',
    report.engineer,
    l.device,
    l.deviceId,
    l.licence,
    l.product,
    l.asked,
    l.outcome,
    l.delivery,
    l.capturedAt,
    l.answeredAt ?? '',
    l.deliveredAt ?? '',
    l.requestId,
    visit.id,
  ]);
  const header = COLUMNS.map((column) => t(`core:report.csv.${column}`));
  return [header, ...rows].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}
