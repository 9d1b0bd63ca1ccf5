// Site visits through the core, on a real SQLite file and the licence API server on 127.0.0.1:
// captures from every source are tagged with the open visit, lists filter by visit, requests move
// between visits in one call, and the report (HTML for the PDF, CSV) says what happened to each.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { CAPTURE_SOURCES } from '../../shared/api/contract.ts';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { checkResponse, generateDeviceKeyPair, makeReceipt } from '../../shared/device/kit.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { deviceRequest, openKitFlow, pendingOf } from '../support/kit-flow.ts';
import { item, keygenQrText, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'VISIT-11111-BBBBB-22222-CCCCC';

function kioskWithPages(t: TestContext, dataDir = tempDir(t)) {
  const pages: string[] = [];
  const kiosk = openCore(dataDir, { deliverTo: 'download', printPage: (html) => (pages.push(html), `/print/${'0'.repeat(64)}`) });
  t.after(() => kiosk.core.close());
  return { kiosk, pages, dataDir };
}

async function captureOne(kiosk: TestCore, name: string, text: string, source?: (typeof CAPTURE_SOURCES)[number]): Promise<string> {
  const { results } = await kiosk.call('capture', { items: [{ ...item(name, text), ...(source ? { source } : {}) }] });
  assert.equal(results[0]!.outcome, 'queued', results[0]!.message);
  return results[0]!.requestId!;
}

test('every capture source is tagged with the open visit; before and after it, requests belong to none', async (t) => {
  const { kiosk } = kioskWithPages(t);
  const before = await captureOne(kiosk, 'before.json', seed004File(KEY, 'before-visit'));
  const visit = await kiosk.call('startVisit', { customer: 'Acme Plastics', site: 'Plant 2', ticket: 'WO-4711' });
  assert.equal(visit.endedAt, null);
  assert.equal((await kiosk.call('listVisits', {})).open?.id, visit.id);

  const during: string[] = [];
  for (const source of CAPTURE_SOURCES) {
    const text = source === 'file' ? seed004File(KEY, `press-${source}`) : keygenQrText(KEY, machineId(`press-${source}`));
    during.push(await captureOne(kiosk, source === 'file' ? 'press-file.json' : `${source} 10:00`, text, source));
  }
  const licenceFile = await kiosk.call('requestLicenseFile', { licenseKey: 'key/abc.def', label: 'cabinet 7' });
  assert.equal(licenceFile.outcome, 'queued', licenceFile.message);
  during.push(licenceFile.requestId!);

  for (const id of during) assert.equal((await kiosk.call('getRequest', { id })).visitId, visit.id, id);
  assert.equal((await kiosk.call('getRequest', { id: before })).visitId, null);

  const ended = await kiosk.call('endVisit', { id: visit.id });
  assert.ok(ended.endedAt);
  assert.equal(ended.requests, during.length);
  const after = await captureOne(kiosk, 'after.json', seed004File(KEY, 'after-visit'));
  assert.equal((await kiosk.call('getRequest', { id: after })).visitId, null);

  const ids = async (filter: { visitId?: string | null }) => (await kiosk.call('listRequests', filter)).requests.map((r) => r.id).sort();
  assert.deepEqual(await ids({ visitId: visit.id }), [...during].sort());
  assert.deepEqual(await ids({ visitId: null }), [before, after].sort());
  assert.equal((await ids({})).length, during.length + 2, 'without a visit filter every request shows');
});

test('one visit open at a time; ending twice, unknown visits and bad names are refused with a sentence', async (t) => {
  const { kiosk } = kioskWithPages(t);
  const visit = await kiosk.call('startVisit', { customer: 'Acme', site: 'Hall 1' });
  assert.match((await kiosk.fail('startVisit', { customer: 'Other', site: 'Hall 9' })).message, /The visit for "Acme" at "Hall 1" is still open: end it before starting another\./);
  await kiosk.call('endVisit', { id: visit.id });
  assert.match((await kiosk.fail('endVisit', { id: visit.id })).message, /has already ended/);
  assert.match((await kiosk.fail('endVisit', { id: '00000000-0000-4000-8000-000000000000' })).message, /That visit does not exist/);
  assert.match((await kiosk.fail('startVisit', { customer: '  ', site: 'x' })).message, /enter the customer/);
  assert.match((await kiosk.fail('startVisit', { customer: 'Acme\u0007', site: 'x' })).message, /the customer contains control characters/);
  assert.match((await kiosk.fail('startVisit', { customer: 'Acme', site: 'x'.repeat(121) })).message, /the site is at most 120 characters/);
  assert.match((await kiosk.fail('exportVisitReport', { id: 'not-a-uuid', format: 'csv' })).message, /a visit id is a UUID/);
  const { visits } = await kiosk.call('listVisits', {});
  assert.equal(visits.length, 1, 'nothing was stored by the refused calls');
});

test('requests move to another visit or to none, in one call, each move audited', async (t) => {
  const { kiosk, dataDir } = kioskWithPages(t);
  const first = await kiosk.call('startVisit', { customer: 'Acme', site: 'North' });
  const a = await captureOne(kiosk, 'a.json', seed004File(KEY, 'dev-a'));
  const b = await captureOne(kiosk, 'b.json', seed004File(KEY, 'dev-b'));
  await kiosk.call('endVisit', { id: first.id });
  const second = await kiosk.call('startVisit', { customer: 'Acme', site: 'South' });
  const c = await captureOne(kiosk, 'c.json', seed004File(KEY, 'dev-c'));

  const moved = await kiosk.call('moveToVisit', { ids: [a, b, c], visitId: second.id });
  assert.deepEqual(moved.moved.sort(), [a, b].sort(), 'c was already there');
  assert.deepEqual(moved.missing, []);
  assert.deepEqual((await kiosk.call('listRequests', { visitId: second.id })).requests.map((r) => r.id).sort(), [a, b, c].sort());
  assert.equal((await kiosk.call('listRequests', { visitId: first.id })).requests.length, 0);

  const out = await kiosk.call('moveToVisit', { ids: [b], visitId: null });
  assert.deepEqual(out.moved, [b]);
  assert.equal((await kiosk.call('getRequest', { id: b })).visitId, null);
  const history = (await kiosk.call('getRequest', { id: b })).history.filter((h) => h.event === 'visit_moved').map((h) => h.detail);
  assert.deepEqual(history, [
    `[visit ${second.id}] Moved to the visit for "Acme" at "South" (was [visit ${first.id}])`,
    `Moved out of its visit: it belongs to none now (was [visit ${second.id}])`,
  ]);

  const gone = 'f'.repeat(64);
  const partial = await kiosk.call('moveToVisit', { ids: [gone, a], visitId: first.id });
  assert.deepEqual(partial, { moved: [a], missing: [gone] });
  assert.match((await kiosk.fail('moveToVisit', { ids: [a], visitId: '00000000-0000-4000-8000-000000000000' })).message, /That visit does not exist/);
  assert.equal((await kiosk.call('getRequest', { id: a })).visitId, first.id, 'a refused move changes nothing');

  // The move is one transaction: the rows and their audit entries land together.
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  const audited = db.prepare(`SELECT COUNT(*) AS n FROM audit WHERE event = 'visit_moved'`).get() as { n: number };
  assert.equal(audited.n, 4);
});

test('the report names each device with its masked licence, what was asked, the outcome, how it was delivered, and a digest of its audit entries', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const { kiosk, pages, dataDir } = kioskWithPages(t);
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const outside = await captureOne(kiosk, 'outside.json', seed004File(KEY, 'not-in-visit'));
  const visit = await kiosk.call('startVisit', { customer: 'Acme Plastics', site: 'Plant 2', ticket: 'WO-4711' });
  const filed = await captureOne(kiosk, 'press-1.json', seed004File(KEY, 'press-1'));
  const shown = await captureOne(kiosk, 'press-2.json', seed004File(KEY, 'press-2'));
  const refused = await captureOne(kiosk, 'press-3.json', seed004File('NOPE0-11111-BBBBB-22222-CCCCC', 'press-3'));
  await kiosk.call('syncNow', {});
  await kiosk.call('deliver', { ids: [filed], to: 'download' });
  await kiosk.call('markDelivered', { id: shown, via: 'screen' });
  await kiosk.call('endVisit', { id: visit.id });

  const pdf = await kiosk.call('exportVisitReport', { id: visit.id, format: 'pdf' });
  assert.equal(pdf.via, 'print');
  const html = pages.at(-1)!;
  for (const text of ['Acme Plastics', 'Plant 2', 'WO-4711', 'press-1', 'press-2', 'press-3', 'VISIT-•••-CCCCC', 'Activation', 'Ready to deliver', 'Delivered', 'Refused', 'not set']) {
    assert.ok(html.includes(text), `the report says ${text}`);
  }
  assert.ok(!html.includes(KEY), 'the licence key is masked');
  assert.ok(!html.includes('not-in-visit'), 'a request of no visit is not in it');
  // The file was exported (not delivered: it has not reached its device as far as the kiosk knows); the QR was seen read.
  assert.match(html, /<strong>3<\/strong> requests: 1 delivered \(0 confirmed by the device\), 1 exported but not yet delivered, 0 ready to deliver, 0 waiting to sync, 1 refused\./);
  const row = (device: string) => html.slice(html.indexOf(`<strong>${device}</strong>`), html.indexOf('</tr>', html.indexOf(`<strong>${device}</strong>`)));
  assert.match(row('press-1'), /<td>file<\/td>/);
  assert.match(row('press-2'), /<td>QR<\/td>/);
  assert.match(row('press-3'), /<td>Refused: [^<]+<\/td>\s*<td>—<\/td>/);

  // The digest, recomputed here from the database: the visit's start and end and every entry of its three requests.
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
  t.after(() => db.close());
  const rows = db
    .prepare(`SELECT seq, at, request_id, actor, event, detail FROM audit WHERE request_id IN (?, ?, ?) OR event IN ('visit_started', 'visit_ended') ORDER BY seq`)
    .all(filed, shown, refused) as { seq: number; request_id: string | null }[];
  const expected = createHash('sha256')
    .update(rows.map((r) => `${JSON.stringify(Object.values(r))}\n`).join(''))
    .digest('hex');
  assert.ok(html.includes(expected), 'the digest covers exactly the visit’s audit entries');
  assert.ok(html.includes(`${rows.length} audit entries ${rows[0]!.seq}–${rows.at(-1)!.seq}`));
  assert.ok(!rows.some((r) => r.request_id === outside));
  // The Audit screen's visit filter shows exactly the entries the digest covers.
  const listed = await kiosk.call('listAudit', { filter: { visitId: visit.id }, offset: 0, limit: 500 });
  assert.deepEqual(listed.entries.map((e) => e.seq).sort((a, b) => a - b), rows.map((r) => r.seq));

  const csv = await kiosk.call('exportVisitReport', { id: visit.id, format: 'csv' });
  assert.equal(csv.via, 'download');
  if (csv.via !== 'download') return;
  assert.equal(csv.file.fileName, `visit-report-acme-plastics-plant-2-${visit.startedAt.slice(0, 10)}.csv`);
  const lines = Buffer.from(csv.file.contentBase64, 'base64').toString('utf8').split('\r\n');
  assert.equal(lines.length, 5, 'header, three requests, and the final line break');
  assert.match(lines[0]!, /^Customer,Site,Ticket,Engineer,Device,Device id,Licence \(masked\),/);
  assert.ok(lines.some((l) => l.startsWith('Acme Plastics,Plant 2,WO-4711,not set,press-1,') && l.includes(',file,')));
});

test('the report names the engineer kept in Preferences when the visit started; a desktop kiosk writes PDF and CSV into the folder chosen', async (t) => {
  const dataDir = tempDir(t);
  const folder = tempDir(t);
  const printed: string[] = [];
  // Electron's printer stands in as the OS would: it gets the page and hands back its bytes.
  const kiosk = openCore(dataDir, { chooseFolder: async () => folder, printPdf: async (html) => (printed.push(html), Buffer.from('%PDF-1.7 stand-in')) });
  t.after(() => kiosk.core.close());
  await kiosk.call('getStatus', {});
  const db = new Database(path.join(dataDir, 'kiosk.sqlite'));
  db.prepare(`INSERT INTO preferences (key, value) VALUES ('engineer', ?)`).run(JSON.stringify({ name: 'Dana Field', id: 'E-042' }));
  db.close();
  const visit = await kiosk.call('startVisit', { customer: 'Acme', site: 'Hall 1' });
  assert.deepEqual(visit.engineer, { name: 'Dana Field', id: 'E-042' });
  await captureOne(kiosk, 'lathe.json', seed004File(KEY, 'lathe'));
  const pdf = await kiosk.call('exportVisitReport', { id: visit.id, format: 'pdf' });
  assert.deepEqual(pdf, { via: 'folder', folder, fileName: `visit-report-acme-hall-1-${visit.startedAt.slice(0, 10)}.pdf` });
  assert.ok(printed[0]!.includes('Dana Field (E-042)'));
  assert.equal(fs.readFileSync(path.join(folder, pdf.fileName), 'utf8'), '%PDF-1.7 stand-in');
  const csv = await kiosk.call('exportVisitReport', { id: visit.id, format: 'csv' });
  assert.equal(csv.via, 'folder');
  assert.match(fs.readFileSync(path.join(folder, `visit-report-acme-hall-1-${visit.startedAt.slice(0, 10)}.csv`), 'utf8'), /Acme,Hall 1,,Dana Field \(E-042\),lathe,/);
  const history = await kiosk.call('listRequests', { visitId: visit.id });
  assert.equal(history.requests.length, 1);
});

test("a response the device confirmed with its signed receipt is reported as confirmed by the device's receipt", async (t) => {
  const pages: string[] = [];
  const { kiosk, vendor } = await openKitFlow(t, KEY, { core: { deliverTo: 'download', printPage: (html) => (pages.push(html), '/print/x') } });
  const visit = await kiosk.call('startVisit', { customer: 'Acme', site: 'Cleanroom' });
  const device = generateDeviceKeyPair();
  const made = await deviceRequest(KEY, 'cleanroom-scale', 'nonce-cleanroom-01', device.secretKey);
  await kiosk.call('capture', { items: [{ ...item('Camera 10:00:00', made.ur), source: 'camera' }] });
  await kiosk.call('syncNow', {});
  const qr = await kiosk.call('getResponseQr', { id: made.requestId });
  const checked = await checkResponse(qr.ur, { pending: pendingOf(made), vendor, now: new Date() });
  assert.ok(checked.ok);
  const receipt = makeReceipt({ pending: pendingOf(made), outcome: 'applied', now: new Date(), responseDigest: checked.responseDigest }, device.secretKey);
  const { results } = await kiosk.call('capture', { items: [{ ...item('Camera 10:01:00', receipt.ur), source: 'camera' }] });
  assert.equal(results[0]!.outcome, 'confirmed');
  assert.equal((await kiosk.call('listRequests', { visitId: visit.id })).requests.length, 1, 'the receipt queued nothing, in the visit or out of it');

  await kiosk.call('exportVisitReport', { id: visit.id, format: 'pdf' });
  const html = pages[0]!;
  assert.match(html, /<td>confirmed by the device&#39;s receipt<\/td>/);
  assert.match(html, /1 delivered \(1 confirmed by the device\)/);
});
