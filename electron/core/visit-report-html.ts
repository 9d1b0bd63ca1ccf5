// The visit report as one self-contained A4 HTML page: Electron prints it to PDF, the web host serves
// it for the browser to print. Device labels, customer and site names come from outside (request
// files, the engineer's typing), so every text is escaped; the page's own policy allows only its one
// style block and its one print script, by hash.
import { createHash } from 'node:crypto';
import { currentLanguage, currentLocale, t } from '../../shared/i18n/index.ts';
import type { VisitReport } from './visit-report.ts';

// ui-text-ok: the page's markup; its words come from the catalogue
const STYLE = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.35 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0 0 4mm; }
.meta dt { color: #555; }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.counts { margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.4mm; border-bottom: 0.2mm solid #bbb; overflow-wrap: break-word; hyphens: auto; }
th { font-size: 8pt; color: #333; border-bottom: 0.4mm solid #333; }
tr { break-inside: avoid; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8pt; }
.small { font-size: 7.5pt; color: #444; }
.digest { margin-top: 5mm; padding-top: 2mm; border-top: 0.4mm solid #333; }
.digest p { margin: 0 0 1mm; }
.empty { color: #555; font-style: italic; }
@media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 10mm; } }
@media print { .screen-only { display: none; } }
.hint { background: #eef3fd; border: 0.3mm solid #9db4ea; padding: 2mm 3mm; margin: 0 0 4mm; }
.w11 { width: 11%; } .w13 { width: 13%; } .w14 { width: 14%; } .w16 { width: 16%; } .w18 { width: 18%; }
`;

/** The browser prints the page once it has loaded; Electron loads it with scripts off. */
// ui-text-ok: the page's script
const SCRIPT = "addEventListener('load', function () { print(); });";

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's whole policy: its own style and script, nothing fetched, not framed elsewhere. */
export const REPORT_CONTENT_POLICY = [
  "default-src 'none'",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The time zone the report's times are written in: this computer's, named in the report. */
export function reportTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A time as the customer reads it: the date and the time to the minute, in the language's locale and this computer's time zone. */
function when(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: reportTimeZone() }).format(date);
}

export function visitReportHtml(report: VisitReport): string {
  const e = escapeHtml;
  const { visit, counts, digest } = report;
  const zone = e(reportTimeZone());
  const rows = report.lines
    .map(
      // ui-text-ok: a row's markup
      (l) => `<tr>
  <td><strong>${e(l.device)}</strong><br><span class="mono small">${e(l.deviceId.slice(0, 16))}</span></td>
  <td class="mono">${e(l.licence)}</td>
  <td>${e(l.product)}</td>
  <td>${e(l.asked)}</td>
  <td>${e(l.outcome)}</td>
  <td>${e(l.delivery)}</td>
  <td class="small">${e(when(l.capturedAt))}<br>${e(when(l.answeredAt))}<br>${e(when(l.deliveredAt))}</td>
</tr>`,
    )
    .join('\n');
  const table = report.lines.length
    ? // ui-text-ok: the table's markup
      `<table>
<colgroup><col class="w18"><col class="w14"><col class="w11"><col class="w14"><col class="w16"><col class="w13"><col class="w14"></colgroup>
<thead><tr><th>${e(t('core:report.columns.device'))}</th><th>${e(t('core:report.columns.licence'))}</th><th>${e(t('core:report.columns.product'))}</th><th>${e(t('core:report.columns.asked'))}</th><th>${e(t('core:report.columns.outcome'))}</th><th>${e(t('core:report.columns.delivery'))}</th><th>${t('core:report.columns.times', { zone })}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : // ui-text-ok: markup around a catalogue sentence
      `<p class="empty">${e(t('core:report.empty'))}</p>`;
  const tally = { count: counts.requests, delivered: counts.delivered, confirmed: counts.confirmed, exported: counts.exported, ready: counts.ready, waiting: counts.waiting, refused: counts.refused };
  // ui-text-ok: the page's markup; its words come from the catalogue
  return `<!doctype html>
<html lang="${currentLanguage()}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(REPORT_CONTENT_POLICY)}">
<title>${e(t('core:report.title', { customer: visit.customer, site: visit.site }))}</title>
<style>${STYLE}</style>
<script>${SCRIPT}</script>
</head>
<body>
<p class="hint screen-only">${e(t('core:report.printHint'))}</p>
<h1>${e(t('core:report.heading'))}</h1>
<dl class="meta">
  <dt>${e(t('core:report.customer'))}</dt><dd>${e(visit.customer)}</dd>
  <dt>${e(t('core:report.site'))}</dt><dd>${e(visit.site)}</dd>
  <dt>${e(t('core:report.ticket'))}</dt><dd>${e(visit.ticket ?? '—')}</dd>
  <dt>${e(t('core:report.engineer'))}</dt><dd>${e(report.engineer)}</dd>
  <dt>${t('core:report.started', { zone })}</dt><dd>${e(when(visit.started_at))}</dd>
  <dt>${t('core:report.ended', { zone })}</dt><dd>${e(visit.ended_at ? when(visit.ended_at) : t('core:report.stillOpen'))}</dd>
</dl>
<p class="counts">${counts.other ? t('core:report.countsOther', { ...tally, other: counts.other }) : t('core:report.counts', tally)}</p>
${table}
<div class="digest">
  <p>${digest.firstSeq === null ? t('core:report.digestNone', { count: digest.entries }) : t('core:report.digest', { count: digest.entries, first: digest.firstSeq, last: digest.lastSeq })}</p>
  <p class="mono">${e(digest.sha256)}</p>
  <p class="small">${t('core:report.footer', { id: e(visit.id), at: e(when(report.generatedAt)), zone })}</p>
</div>
</body>
</html>
`;
}
