// USB sticks and watched folders against real folders: a temp folder is the mount root (the OS's
// /media/<user>), a folder appearing in it is a stick. Read-only and full sticks are real tmpfs mounts
// (root only; skipped with the reason otherwise). Only the file reader is replaced, for the file
// that changes while it is read.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startLicenseServer, type LicenseServerHandle } from '../../electron/demo/license-server.ts';
import type { FileOps } from '../../electron/usb/stick-scan.ts';
import type { StickView } from '../../shared/api/sticks.ts';
import { openCore, type TestCore } from '../support/core.ts';
import { seed004File } from '../support/requests.ts';
import { repoRoot, tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function server(t: TestContext): Promise<LicenseServerHandle> {
  const handle = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 100 }] });
  t.after(() => handle.close());
  return handle;
}

async function kioskWithRoot(t: TestContext, fileOps?: FileOps) {
  const root = tempDir(t, 'kiosk-media-');
  const licenses = await server(t);
  const kiosk = openCore(tempDir(t), { sticks: { mountRoots: [root], pollMs: 100, ...(fileOps ? { fileOps } : {}) } });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Plant API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  return { root, kiosk };
}

function writeStick(folder: string, devices: string[], extra: Record<string, string> = {}): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const device of devices) fs.writeFileSync(path.join(folder, `${device}.json`), seed004File(KEY, device));
  for (const [name, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
}

/** Waits for the watcher to report the stick (the event, not a call, drives this). */
function nextStick(kiosk: TestCore, label: string, ok: (s: StickView) => boolean = () => true): Promise<StickView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sticksChanged event for ${label}`)), 10_000);
    const stop = kiosk.core.subscribe((e) => {
      if (e.event !== 'sticksChanged') return;
      const stick = (e.payload as { sticks: StickView[] }).sticks.find((s) => s.label === label);
      if (stick && !stick.busy && ok(stick)) {
        clearTimeout(timer);
        stop();
        resolve(stick);
      }
    });
  });
}

const allFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

test('a stick that appears is offered, imported once, and gets every answer beside its request with a manifest that matches', async (t) => {
  const { root, kiosk } = await kioskWithRoot(t);
  const appeared = nextStick(kiosk, 'KINGSTON', (s) => s.newRequests === 4);
  writeStick(path.join(root, 'KINGSTON'), ['press-1', 'press-2', 'press-3'], {
    'line-b/press-4.json': seed004File(KEY, 'press-4'),
    'broken.json': '{"license_key": "AAAAA',
    'photo.jpg': 'not a request and not request-like',
  });
  const stick = await appeared;
  assert.equal(stick.kind, 'removable');
  assert.deepEqual(stick.problems.length, 1);
  assert.match(stick.problems[0]!, /"broken\.json" is not a request the kiosk can read/);

  const imported = await kiosk.call('importFromStick', { path: stick.path });
  assert.equal(imported.label, 'KINGSTON');
  assert.equal(imported.queued, 4);
  assert.deepEqual(imported.results.filter((r) => r.outcome === 'error').map((r) => r.file), ['broken.json']);

  // Never twice: the same files again are not read as new, and the same request copied elsewhere is the capture's duplicate.
  const again = await kiosk.call('importFromStick', { path: stick.path });
  assert.deepEqual(again.results, []);
  fs.copyFileSync(path.join(stick.path, 'press-1.json'), path.join(stick.path, 'press-1-copy.json'));
  const copy = await kiosk.call('importFromStick', { path: stick.path });
  assert.deepEqual(copy.results.map((r) => [r.file, r.outcome]), [['press-1-copy.json', 'duplicate']]);
  assert.equal((await kiosk.call('listRequests', {})).requests.length, 4);

  await kiosk.call('syncNow', {});
  const ready = (await kiosk.call('listSticks', {})).sticks.find((s) => s.label === 'KINGSTON')!;
  assert.equal(ready.answersReady, 5, 'four requests, one of them read from two files');
  assert.equal(ready.newRequests, 0);

  const written = await kiosk.call('writeAnswersToStick', { path: stick.path });
  assert.deepEqual(written.problems, []);
  assert.deepEqual(written.written.map((w) => w.file).sort(), ['line-b/press-4.response.json', 'press-1-copy.response.json', 'press-1.response.json', 'press-2.response.json', 'press-3.response.json']);
  assert.deepEqual(allFiles(stick.path), [
    'README.txt',
    'broken.json',
    'line-b/press-4.json',
    'line-b/press-4.response.json',
    'manifest.json',
    'photo.jpg',
    'press-1-copy.json',
    'press-1-copy.response.json',
    'press-1.json',
    'press-1.response.json',
    'press-2.json',
    'press-2.response.json',
    'press-3.json',
    'press-3.response.json',
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(stick.path, 'manifest.json'), 'utf8')) as { answers: { requestId: string; deviceId: string; deviceLabel: string | null; file: string; sha256: string; verifiedAt: string }[] };
  assert.equal(manifest.answers.length, 5);
  for (const answer of manifest.answers) {
    assert.equal(answer.sha256, sha(fs.readFileSync(path.join(stick.path, answer.file))), `${answer.file}'s digest`);
    const detail = await kiosk.call('getRequest', { id: answer.requestId });
    assert.equal(detail.state, 'fulfilled', 'on the stick is exported, not yet delivered');
    assert.ok(detail.exportedAt, 'recorded as exported');
    assert.equal(answer.deviceLabel, detail.deviceLabel);
    assert.equal(answer.deviceId, detail.deviceId);
    assert.equal(answer.verifiedAt, detail.response!.verifiedAt);
  }
  const press2 = manifest.answers.find((a) => a.file === 'press-2.response.json')!;
  const history = (await kiosk.call('getRequest', { id: press2.requestId })).history;
  assert.match(history.at(-1)!.detail, /Written as press-2\.response\.json beside press-2\.json on KINGSTON/);
  assert.match(fs.readFileSync(path.join(stick.path, 'README.txt'), 'utf8'), /manifest\.json lists every answer/);

  // The answers the kiosk wrote are not requests to import, and writing again changes nothing.
  const after = (await kiosk.call('listSticks', {})).sticks.find((s) => s.label === 'KINGSTON')!;
  assert.equal(after.newRequests, 0);
  assert.equal(after.problems.length, 0);
  const twice = await kiosk.call('writeAnswersToStick', { path: stick.path });
  assert.equal(twice.written.length, 0);
  assert.equal(twice.alreadyThere, 5);
});

test('a watched folder is a stick of its own, and auto-import takes new files without asking', async (t) => {
  const { kiosk } = await kioskWithRoot(t);
  const folder = tempDir(t, 'kiosk-watched-');
  const refused = await kiosk.fail('setStickSettings', { watchedFolders: [path.join(folder, 'missing')] });
  assert.match(refused.message, /is not a folder on this computer/);
  assert.match((await kiosk.fail('setStickSettings', { watchedFolders: ['relative/dir'] })).message, /not a full folder path/);
  const settings = await kiosk.call('setStickSettings', { watchedFolders: [folder], autoImport: true });
  assert.deepEqual(settings.watchedFolders, [folder]);
  assert.equal(settings.autoImport, true);

  const imported = nextStick(kiosk, path.basename(folder), (s) => s.imported === 2);
  writeStick(folder, ['bay-1', 'bay-2']);
  const stick = await imported;
  assert.equal(stick.kind, 'watched');
  assert.equal(stick.newRequests, 0);
  assert.deepEqual({ ...stick.autoImported, at: null }, { at: null, queued: 2, duplicates: 0, failed: [] }, 'the panel can say what was imported by itself');
  assert.equal((await kiosk.call('listRequests', {})).requests.length, 2);
});

test('a file that changes while it is read is not imported, and is imported once it stays still', async (t) => {
  let changeNext = true;
  const ops: FileOps = {
    stat: (file) => fs.statSync(file),
    readFile(file) {
      const bytes = fs.readFileSync(file);
      // The copy onto the stick is still going on: more bytes land right after this read.
      if (changeNext && file.endsWith('slow.json')) {
        changeNext = false;
        fs.appendFileSync(file, ' ');
      }
      return bytes;
    },
  };
  const { root, kiosk } = await kioskWithRoot(t, ops);
  const folder = path.join(root, 'SANDISK');
  writeStick(folder, ['quick'], { 'slow.json': seed004File(KEY, 'slow') });
  await nextStick(kiosk, 'SANDISK');
  changeNext = true;
  const first = await kiosk.call('importFromStick', { path: folder });
  const slow = first.results.find((r) => r.file === 'slow.json')!;
  assert.equal(slow.outcome, 'error');
  assert.match(slow.message, /"slow\.json" changed while it was read .* it was not imported/);
  assert.equal(first.queued, 1);
  const second = await kiosk.call('importFromStick', { path: folder });
  assert.deepEqual(second.results.map((r) => [r.file, r.outcome]), [['slow.json', 'queued']]);
});

test('a stick pulled mid-write keeps no half file and names every answer that did not get there', async (t) => {
  const { root, kiosk } = await kioskWithRoot(t);
  const folder = path.join(root, 'KINGSTON');
  const devices = Array.from({ length: 6 }, (_, i) => `press-${i + 1}`);
  writeStick(folder, devices);
  await nextStick(kiosk, 'KINGSTON', (s) => s.newRequests === 6);
  await kiosk.call('importFromStick', { path: folder });
  await kiosk.call('syncNow', {});
  const pulled = tempDir(t, 'kiosk-pulled-');
  kiosk.core.subscribe((e) => {
    const stick = e.event === 'sticksChanged' ? (e.payload as { sticks: StickView[] }).sticks.find((s) => s.label === 'KINGSTON') : undefined;
    // The engineer pulls the stick after two answers: what was on it is kept aside to look at.
    if (stick?.busy?.action === 'write' && stick.busy.done === 2 && fs.existsSync(folder)) fs.renameSync(folder, path.join(pulled, 'KINGSTON'));
  });
  const result = await kiosk.call('writeAnswersToStick', { path: folder });
  assert.equal(result.written.length, 2);
  assert.equal(result.problems.length, 4);
  assert.match(result.problems[0]!.message, /did not get onto KINGSTON: the stick was removed/);
  for (const p of result.problems.slice(1)) assert.match(p.message, /was not written: KINGSTON was removed/);
  const left = allFiles(path.join(pulled, 'KINGSTON'));
  assert.equal(left.filter((f) => f.endsWith('.response.json')).length, 2);
  assert.deepEqual(left.filter((f) => f.includes('.tmp') || f === 'manifest.json'), [], 'no temp file, no manifest of a partial write');
  const states = await Promise.all(result.written.map((w) => kiosk.call('getRequest', { id: w.requestId })));
  assert.ok(states.every((s) => s.state === 'fulfilled' && s.exportedAt !== null), 'the two on the stick are exported');
  assert.equal((await kiosk.call('listRequests', { states: ['fulfilled'], exported: false })).requests.length, 4, 'the answers that did not get there are not exported');
});

test('a kiosk that dies mid-write leaves a temp file only, removed at the next start; the answers go again', async (t) => {
  const root = tempDir(t, 'kiosk-media-');
  const dataDir = tempDir(t);
  const licenses = await server(t);
  const folder = path.join(root, 'KINGSTON');
  writeStick(folder, ['press-1', 'press-2', 'press-3']);
  const first = openCore(dataDir, { sticks: { mountRoots: [root], pollMs: 60_000 } });
  await first.call('saveConnection', { name: 'Plant API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  await first.call('importFromStick', { path: folder });
  await first.call('syncNow', {});
  await first.core.close();

  const crash = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-stick-write.ts'), dataDir, root, folder], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(crash.signal, 'SIGKILL', `the kiosk was killed mid-write\n${crash.stderr}`);
  const leftovers = allFiles(folder).filter((f) => !/^press-\d\.json$/.test(f));
  assert.equal(leftovers.length, 2, `one answer and one temp file: ${leftovers.join(', ')}`);
  assert.ok(leftovers.some((f) => f.endsWith('.tmp')));

  const kiosk = openCore(dataDir, { sticks: { mountRoots: [root], pollMs: 60_000 } });
  t.after(() => kiosk.core.close());
  assert.deepEqual(allFiles(folder).filter((f) => f.endsWith('.tmp')), [], 'the temp file is removed at start');
  const again = await kiosk.call('writeAnswersToStick', { path: folder });
  assert.deepEqual(again.problems, []);
  assert.equal(again.written.length + again.alreadyThere, 3);
  assert.equal((await kiosk.call('listRequests', { states: ['fulfilled'], exported: true })).requests.length, 3);
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { answers: { file: string; sha256: string }[] };
  for (const a of manifest.answers) assert.equal(a.sha256, sha(fs.readFileSync(path.join(folder, a.file))));
});

/** Mounts a real tmpfs at `dir` (root only); null, with the test skipped, where that is not allowed. */
function mountTmpfs(t: TestContext, dir: string, options: string): (() => void) | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    t.skip('mounting a tmpfs needs root: this test uses a real read-only or full file system');
    return null;
  }
}

test('a read-only stick: one sentence per answer, nothing written, every answer still to deliver', async (t) => {
  const { root, kiosk } = await kioskWithRoot(t);
  const folder = path.join(root, 'LOCKED');
  fs.mkdirSync(folder);
  const unmount = mountTmpfs(t, folder, 'size=1m');
  if (!unmount) return;
  try {
  writeStick(folder, ['press-1', 'press-2']);
  await nextStick(kiosk, 'LOCKED', (s) => s.newRequests === 2);
  await kiosk.call('importFromStick', { path: folder });
  await kiosk.call('syncNow', {});
  execFileSync('mount', ['-o', 'remount,ro', folder]);
  const result = await kiosk.call('writeAnswersToStick', { path: folder });
  assert.equal(result.written.length, 0);
  assert.equal(result.problems.length, 2);
  assert.match(result.problems[0]!.message, /LOCKED is read-only \(check its write-protect switch\)/);
  assert.deepEqual(allFiles(folder), ['press-1.json', 'press-2.json']);
  assert.equal((await kiosk.call('listRequests', { states: ['fulfilled'] })).requests.length, 2);
  } finally {
    await kiosk.core.close();
    unmount();
  }
});

test('a full stick: no half file, the engineer is told, and the answers go once there is room', async (t) => {
  const { root, kiosk } = await kioskWithRoot(t);
  const folder = path.join(root, 'FULL');
  fs.mkdirSync(folder);
  const unmount = mountTmpfs(t, folder, 'size=64k');
  if (!unmount) return;
  try {
  writeStick(folder, ['press-1', 'press-2', 'press-3']);
  await nextStick(kiosk, 'FULL', (s) => s.newRequests === 3);
  await kiosk.call('importFromStick', { path: folder });
  await kiosk.call('syncNow', {});
  // Fill every block left on the stick.
  const filler = path.join(folder, 'video.bin');
  const fd = fs.openSync(filler, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(1024));
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  const full = await kiosk.call('writeAnswersToStick', { path: folder });
  assert.equal(full.written.length, 0);
  assert.equal(full.problems.length, 3);
  for (const p of full.problems) assert.match(p.message, /FULL is full\. Free some space on it/);
  assert.deepEqual(allFiles(folder), ['press-1.json', 'press-2.json', 'press-3.json', 'video.bin'], 'no half answer, no temp file');

  fs.rmSync(filler);
  const roomy = await kiosk.call('writeAnswersToStick', { path: folder });
  assert.deepEqual(roomy.problems, []);
  assert.equal(roomy.written.length, 3);
  } finally {
    await kiosk.core.close();
    unmount();
  }
});
