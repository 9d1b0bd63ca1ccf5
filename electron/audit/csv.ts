// The audit trail as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read it as UTF-8).
// A cell that starts with = + - @ (or a tab or carriage return) would run as a formula in Excel,
// LibreOffice or Google Sheets: it gets a leading apostrophe, which spreadsheets show as text.
import type { AuditEntryView } from '../../shared/api/audit.ts';
import { t } from '../../shared/i18n/index.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const CSV_COLUMNS = ['entry', 'time', 'who', 'engineer', 'engineerId', 'event', 'device', 'request', 'detail', 'hash'] as const;

/** The header row in the language of the moment (the cells stay data: ISO times in UTC, codes, hashes). */
export const csvHeader = (): string[] => CSV_COLUMNS.map((column) => t(`store:auditCsv.${column}`));

export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function auditCsv(entries: Iterable<AuditEntryView>): { text: string; count: number } {
  let text = `\uFEFF${csvRow(csvHeader())}`;
  let count = 0;
  for (const e of entries) {
    text += csvRow([e.seq, e.at, e.actor, e.actorName, e.actorId, e.event, e.device, e.requestId, e.detail, e.hash]);
    count++;
  }
  return { text, count };
}
