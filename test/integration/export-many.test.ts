// Many answers exported at once, through the core against the licence API server on 127.0.0.1 and a
// real SQLite file: one ZIP (web host) or one folder (Electron) with a manifest whose SHA-256s match
// the files; progress events; a cancel that leaves nothing behind; "exported" is not "delivered"
// until the engineer marks it (one call, one transaction for many).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { unzipSync } from 'fflate';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import type { EventPayload } from '../../shared/api/contract.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
type Manifest = { version: number; count: number; answers: { requestId: string; deviceId: string; deviceLabel: string | null; file: string; sha256: string; verifiedAt: string }[] };

/** A core with `n` fulfilled answers; `deliverTo` as the web host or Electron has it. */
async function withAnswers(t: TestContext, n: number, deliverTo: 'folder' | 'download', exportDir = tempDir(t)) {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10_000 }] });
  t.after(() => licenses.close());
  const kiosk = openCore(tempDir(t), { deliverTo, chooseFolder: async () => exportDir });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const { results } = await kiosk.call('capture', { items: Array.from({ length: n }, (_, i) => item(`press-${i}.json`, seed004File(KEY, `press-${i}`))) });
  const ids = results.map((r) => r.requestId!);
  const summary = await kiosk.call('syncNow', {});
  assert.equal(summary.fulfilled, n);
  const progress: EventPayload<'exportProgress'>[] = [];
  kiosk.core.subscribe((e) => {
    if (e.event === 'exportProgress') progress.push(e.payload as EventPayload<'exportProgress'>);
  });
  return { kiosk, ids, exportDir, progress };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function history(kiosk: TestCore, id: string) {
  return (await kiosk.call('getRequest', { id })).history.map((h) => h.event);
}

test('web host: many answers become one ZIP with a manifest; they are exported, not delivered', async (t) => {
  const { kiosk, ids, progress } = await withAnswers(t, 12, 'download');
  const result = await kiosk.call('exportAnswers', { exportId: 'web-export-1', ids: [...ids, '0'.repeat(64)] });
  assert.equal(result.outcome, 'exported');
  assert.match(result.zip!.fileName, /^answers-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.zip$/);
  assert.deepEqual(result.problems, [{ id: '0'.repeat(64), message: 'Not in the queue.' }]);
  assert.equal(result.exported.length, 12);

  const files = unzipSync(Buffer.from(result.zip!.contentBase64, 'base64'));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8')) as Manifest;
  assert.equal(Object.keys(files).length, 13);
  assert.equal(manifest.count, 12);
  assert.deepEqual(new Set(manifest.answers.map((a) => a.requestId)), new Set(ids));
  for (const answer of manifest.answers) {
    const bytes = files[answer.file];
    assert.ok(bytes, `${answer.file} is in the ZIP`);
    assert.equal(answer.sha256, sha256(bytes), `${answer.file}'s hash`);
    const detail = await kiosk.call('getRequest', { id: answer.requestId });
    assert.equal(answer.deviceId, detail.deviceId);
    assert.equal(answer.deviceLabel, detail.deviceLabel);
    assert.equal(answer.verifiedAt, detail.response!.verifiedAt);
  }
  // Each file in the ZIP is the stored response, byte for byte (as a single export hands it out).
  const single = await kiosk.call('deliver', { ids: [ids[3]!], to: 'download' });
  const entry = manifest.answers.find((a) => a.requestId === ids[3]);
  assert.equal(Buffer.from(files[entry!.file]!).toString('base64'), single.files[0]!.contentBase64);
  assert.deepEqual(progress.at(-1), { exportId: 'web-export-1', done: 12, total: 12 });
  assert.ok(progress.every((p) => p.exportId === 'web-export-1' && p.total === 12));

  // Exported, not delivered: still ready, with the export on record and audited.
  const exported = await kiosk.call('listRequests', { states: ['fulfilled'], exported: true });
  assert.equal(exported.requests.length, 12);
  assert.ok(exported.requests.every((r) => r.exportedAt !== null && r.state === 'fulfilled'));
  assert.equal((await kiosk.call('listRequests', { exported: false, states: ['fulfilled'] })).requests.length, 0);
  assert.deepEqual(await history(kiosk, ids[0]!), ['captured', 'sending', 'fulfilled', 'exported']);

  // The engineer marks them delivered: one call; a second time says so for each.
  const marked = await kiosk.call('markManyDelivered', { ids: ids.slice(0, 5) });
  assert.deepEqual(new Set(marked.delivered), new Set(ids.slice(0, 5)));
  assert.equal((await kiosk.call('getStatus', {})).counts.delivered, 5);
  assert.deepEqual(await history(kiosk, ids[0]!), ['captured', 'sending', 'fulfilled', 'exported', 'delivered']);
  const again = await kiosk.call('markManyDelivered', { ids: ids.slice(0, 2) });
  assert.deepEqual(again.delivered, []);
  assert.deepEqual(again.problems.map((p) => p.message), ['Already delivered.', 'Already delivered.']);
});

test('Electron: many answers become one new folder with the manifest; nothing else is left in the chosen folder', async (t) => {
  const { kiosk, ids, exportDir } = await withAnswers(t, 6, 'folder');
  fs.mkdirSync(path.join(exportDir, 'something-else'));
  const first = await kiosk.call('exportAnswers', { exportId: 'folder-export-1', ids });
  assert.equal(first.outcome, 'exported');
  assert.equal(path.dirname(first.folder!), exportDir);
  const names = fs.readdirSync(first.folder!);
  assert.equal(names.length, 7);
  const manifest = JSON.parse(fs.readFileSync(path.join(first.folder!, 'manifest.json'), 'utf8')) as Manifest;
  for (const answer of manifest.answers) assert.equal(sha256(fs.readFileSync(path.join(first.folder!, answer.file))), answer.sha256);
  assert.deepEqual(new Set(manifest.answers.map((a) => a.requestId)), new Set(ids));

  // A second export in the same second gets its own folder, never mixed into the first.
  const second = await kiosk.call('exportAnswers', { exportId: 'folder-export-2', ids });
  assert.notEqual(second.folder, first.folder);
  assert.deepEqual(fs.readdirSync(exportDir).filter((n) => n.startsWith('.')), [], 'no temp folder left');
  assert.equal(fs.readdirSync(exportDir).length, 3);
});

test('a cancelled export leaves no file or folder behind and records nothing', async (t) => {
  for (const deliverTo of ['folder', 'download'] as const) {
    const { kiosk, ids, exportDir } = await withAnswers(t, 40, deliverTo);
    const exportId = `cancel-${deliverTo}`;
    // Cancel as soon as the first file is reported, as the Cancel button would.
    const stop = kiosk.core.subscribe((e) => {
      if (e.event === 'exportProgress') void kiosk.core.call('cancelExport', { exportId });
    });
    const result = await kiosk.call('exportAnswers', { exportId, ids });
    stop();
    assert.equal(result.outcome, 'cancelled', deliverTo);
    assert.equal(result.zip, null);
    assert.equal(result.folder, null);
    assert.deepEqual(fs.readdirSync(exportDir), [], `${deliverTo}: nothing left in the folder`);
    assert.equal((await kiosk.call('listRequests', { exported: true })).requests.length, 0);
    assert.deepEqual(await history(kiosk, ids[0]!), ['captured', 'sending', 'fulfilled']);
    // Cancelling an export that is not running says so.
    assert.deepEqual(await kiosk.call('cancelExport', { exportId }), { cancelled: false });
  }
});

test('only ready answers are exported; a request not ready is named with why', async (t) => {
  const { kiosk, ids } = await withAnswers(t, 2, 'download');
  await kiosk.call('markManyDelivered', { ids: [ids[0]!] });
  const { results } = await kiosk.call('capture', { items: [item('late.json', seed004File(KEY, 'late'))] });
  const waiting = results[0]!.requestId!;
  const result = await kiosk.call('exportAnswers', { exportId: 'mixed-export', ids: [ids[0]!, ids[1]!, waiting] });
  assert.deepEqual(result.exported.map((e) => e.id).sort(), [ids[0]!, ids[1]!].sort(), 'a delivered answer can be exported again');
  assert.deepEqual(result.problems, [{ id: waiting, message: 'Not ready to deliver (Waiting to sync).' }]);
  const none = await kiosk.call('exportAnswers', { exportId: 'nothing-export', ids: [waiting] });
  assert.equal(none.outcome, 'nothing');
  const marked = await kiosk.call('markManyDelivered', { ids: [waiting] });
  assert.match(marked.problems[0]!.message, /ready to deliver can be marked delivered; this request is "Waiting to sync"/);
});
