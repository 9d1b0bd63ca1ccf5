// Attacks on the visit report: device labels and customer names are text from outside (a request
// file's hostname, the engineer's typing) and must stay text in the HTML page, in the spreadsheet a
// CSV opens in, and the page the web host serves for printing must be readable once, by its key only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'HOSTL-11111-BBBBB-22222-CCCCC';
const HOSTILE_LABELS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '"><svg onload=alert(3)>',
  "'><iframe src=javascript:alert(4)>",
  '</td></tr></table><a href="https://evil.example">pay here</a>',
];
const FORMULAS = ['=HYPERLINK("https://evil.example","click")', '+SUM(1,2)', '-2+3', '@cmd|/c calc', '\t=1+1', '\r=2+2'];

/** RFC 4180 cells, enough to read back what the report wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

async function hostileVisit(t: Parameters<typeof tempDir>[0], labels: string[], customer: string) {
  const pages: string[] = [];
  const kiosk = openCore(tempDir(t), { deliverTo: 'download', printPage: (html) => (pages.push(html), '/print/x') });
  t.after(() => kiosk.core.close());
  const visit = await kiosk.call('startVisit', { customer, site: '<b>Plant</b> & "Hall"' });
  const { results } = await kiosk.call('capture', { items: labels.map((label, i) => item(`dev-${i}.json`, seed004File(KEY, label))) });
  assert.ok(results.every((r) => r.outcome === 'queued'), JSON.stringify(results));
  return { kiosk, pages, visit };
}

test('hostile device labels and customer names appear as text in the report page, never as markup', async (t) => {
  const { kiosk, pages, visit } = await hostileVisit(t, HOSTILE_LABELS, '</title><script>alert("customer")</script>');
  await kiosk.call('exportVisitReport', { id: visit.id, format: 'pdf' });
  const html = pages[0]!;
  assert.equal(html.match(/<script/gi)?.length, 1, 'only the page’s own print script');
  for (const tag of ['<img', '<svg', '<iframe', '<a ', '<b>']) assert.ok(!html.toLowerCase().includes(tag), `no ${tag} element`);
  assert.equal(html.match(/<\/table>/g)?.length, 1, 'the device table is not closed early');
  assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(html.includes('&lt;/title&gt;&lt;script&gt;alert(&quot;customer&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('&lt;b&gt;Plant&lt;/b&gt; &amp; &quot;Hall&quot;'));
  // Even a missed escape could not run: the page's policy allows its own style and script by hash only.
  const policy = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
  assert.match(policy, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*';/);
  assert.ok(!policy.includes('unsafe'));
});

test('CSV cells a spreadsheet would run as formulas are neutralised, and quoting keeps every cell in its column', async (t) => {
  const { kiosk, visit } = await hostileVisit(t, [...FORMULAS, 'line\nbreak, "quoted"'], '=cmd|"/c calc"!A1');
  const csv = await kiosk.call('exportVisitReport', { id: visit.id, format: 'csv' });
  assert.equal(csv.via, 'download');
  if (csv.via !== 'download') return;
  const rows = parseCsv(Buffer.from(csv.file.contentBase64, 'base64').toString('utf8'));
  assert.equal(rows.length, 1 + FORMULAS.length + 1);
  for (const row of rows) {
    assert.equal(row.length, rows[0]!.length, 'every row has every column');
    for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell starts as a formula: ${JSON.stringify(cell)}`);
  }
  const devices = rows.slice(1).map((r) => r[rows[0]!.indexOf('Device')]);
  for (const formula of FORMULAS) assert.ok(devices.includes(`'${formula}`), `${JSON.stringify(formula)} kept as text`);
  assert.ok(devices.includes('line\nbreak, "quoted"'));
  assert.equal(rows[1]![0], `'=cmd|"/c calc"!A1`);
});

test('the web host serves a report page once, by its unguessable path, under the page’s own strict policy', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const visit = await host.call('startVisit', { customer: 'Acme', site: 'Hall 1' });
  const out = await host.call('exportVisitReport', { id: visit.id, format: 'pdf' });
  assert.equal(out.via, 'print');
  if (out.via !== 'print') return;
  assert.match(out.url, /^\/print\/[0-9a-f]{64}$/);
  const url = new URL(out.url, host.url).href;
  const first = await fetch(url);
  assert.equal(first.status, 200);
  assert.match(await first.text(), /<h1>Visit report<\/h1>/);
  const policy = first.headers.get('content-security-policy')!;
  assert.match(policy, /^default-src 'none'; style-src 'sha256-/);
  assert.ok(!policy.includes('unsafe') && !policy.includes("'self'"));
  assert.equal(first.headers.get('x-frame-options'), 'DENY');
  assert.equal((await fetch(url)).status, 404, 'a second read finds nothing');
  assert.equal((await fetch(new URL(`/print/${'a'.repeat(64)}`, host.url))).status, 404);
});
