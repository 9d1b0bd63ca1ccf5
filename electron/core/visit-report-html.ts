// The visit report as one self-contained A4 HTML page: Electron prints it to PDF, the web host serves
// it for the browser to print. Device labels, customer and site names come from outside (request
// files, the engineer's typing), so every text is escaped; the page's own policy allows only its one
// style block and its one print script, by hash.
import { createHash } from 'node:crypto';
import type { VisitReport } from './visit-report.ts';

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
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.4mm; border-bottom: 0.2mm solid #bbb; overflow-wrap: anywhere; }
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
.w11 { width: 11%; } .w13 { width: 13%; } .w16 { width: 16%; } .w20 { width: 20%; }
`;

/** The browser prints the page once it has loaded; Electron loads it with scripts off. */
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

/** A time as the customer reads it: UTC, to the minute. */
function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—';
}

export function visitReportHtml(report: VisitReport): string {
  const e = escapeHtml;
  const { visit, counts, digest } = report;
  const seqs = digest.firstSeq === null ? 'no entries' : `entries ${digest.firstSeq}–${digest.lastSeq}`;
  const rows = report.lines
    .map(
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
    ? `<table>
<colgroup><col class="w20"><col class="w16"><col class="w11"><col class="w11"><col class="w16"><col class="w13"><col class="w13"></colgroup>
<thead><tr><th>Device</th><th>Licence</th><th>Product</th><th>Asked</th><th>Outcome</th><th>Delivered as</th><th>Captured / answered / delivered (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p class="empty">No requests were captured during this visit.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(REPORT_CONTENT_POLICY)}">
<title>${e(`Visit report – ${visit.customer}, ${visit.site}`)}</title>
<style>${STYLE}</style>
<script>${SCRIPT}</script>
</head>
<body>
<p class="hint screen-only">To keep this report as a PDF, print it (Ctrl+P) and choose “Save as PDF”.</p>
<h1>Visit report</h1>
<dl class="meta">
  <dt>Customer</dt><dd>${e(visit.customer)}</dd>
  <dt>Site</dt><dd>${e(visit.site)}</dd>
  <dt>Ticket / work order</dt><dd>${e(visit.ticket ?? '—')}</dd>
  <dt>Engineer</dt><dd>${e(report.engineer)}</dd>
  <dt>Started (UTC)</dt><dd>${e(when(visit.started_at))}</dd>
  <dt>Ended (UTC)</dt><dd>${e(visit.ended_at ? when(visit.ended_at) : 'still open')}</dd>
</dl>
<p class="counts"><strong>${counts.requests}</strong> request${counts.requests === 1 ? '' : 's'}: ${counts.delivered} delivered (${counts.confirmed} confirmed by the device), ${counts.exported} exported but not yet delivered, ${counts.ready} ready to deliver, ${counts.waiting} waiting to sync, ${counts.refused} refused${counts.other ? `, ${counts.other} cancelled or expired` : ''}.</p>
${table}
<div class="digest">
  <p><strong>Audit digest</strong> (SHA-256 over the canonical form of this visit's ${digest.entries} audit ${e(seqs)}):</p>
  <p class="mono">${e(digest.sha256)}</p>
  <p class="small">Visit ${e(visit.id)} · report made ${e(when(report.generatedAt))} UTC · licence keys are shown masked.</p>
</div>
</body>
</html>
`;
}
