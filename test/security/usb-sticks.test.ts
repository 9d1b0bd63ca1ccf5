// A stick is foreign media: what is on it must not make the kiosk read or write outside it. Links on
// the stick pointing elsewhere are not followed (neither request files nor folders), an answer name
// taken by a link is never written through, and only a stick that is present can be named.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openCore } from '../support/core.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

async function setup(t: TestContext) {
  const root = tempDir(t, 'kiosk-media-');
  const outside = tempDir(t, 'kiosk-outside-');
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const kiosk = openCore(tempDir(t), { sticks: { mountRoots: [root], pollMs: 60_000 } });
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Plant API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const stick = path.join(root, 'EVIL');
  fs.mkdirSync(stick);
  return { root, outside, stick, kiosk };
}

test('request files and folders linked from outside the stick are not read', async (t) => {
  const { outside, stick, kiosk } = await setup(t);
  fs.writeFileSync(path.join(outside, 'secret-request.json'), seed004File(KEY, 'laptop-own'));
  fs.mkdirSync(path.join(outside, 'home'));
  fs.writeFileSync(path.join(outside, 'home', 'other.json'), seed004File(KEY, 'home-dir'));
  fs.symlinkSync(path.join(outside, 'secret-request.json'), path.join(stick, 'linked.json'));
  fs.symlinkSync(path.join(outside, 'home'), path.join(stick, 'linked-folder'));
  fs.writeFileSync(path.join(stick, 'press-1.json'), seed004File(KEY, 'press-1'));

  const listed = (await kiosk.call('listSticks', {})).sticks.find((s) => s.label === 'EVIL')!;
  assert.equal(listed.newRequests, 1, 'only the stick\'s own file');
  const imported = await kiosk.call('importFromStick', { path: stick });
  assert.deepEqual(imported.results.map((r) => r.file), ['press-1.json']);
  assert.deepEqual((await kiosk.call('listRequests', {})).requests.map((r) => r.deviceLabel), ['press-1']);
});

test('an answer name taken by a link to a file outside the stick is not written through', async (t) => {
  const { outside, stick, kiosk } = await setup(t);
  fs.writeFileSync(path.join(stick, 'press-1.json'), seed004File(KEY, 'press-1'));
  await kiosk.call('importFromStick', { path: stick });
  await kiosk.call('syncNow', {});
  const victim = path.join(outside, 'bashrc');
  fs.writeFileSync(victim, 'the engineer\'s own file\n');
  fs.symlinkSync(victim, path.join(stick, 'press-1.response.json'));

  const result = await kiosk.call('writeAnswersToStick', { path: stick });
  assert.equal(result.written.length, 0);
  assert.match(result.problems[0]!.message, /a different file of that name is already on EVIL and the kiosk did not write it/);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'the engineer\'s own file\n');
  assert.ok(fs.lstatSync(path.join(stick, 'press-1.response.json')).isSymbolicLink(), 'the link is left as it was');
});

test('only a stick or watched folder that is present can be imported from or written to', async (t) => {
  const { root, outside, kiosk } = await setup(t);
  fs.writeFileSync(path.join(outside, 'press-9.json'), seed004File(KEY, 'press-9'));
  for (const p of [outside, root, '/']) {
    assert.match((await kiosk.fail('importFromStick', { path: p })).message, /No USB stick or watched folder is at/);
    assert.match((await kiosk.fail('writeAnswersToStick', { path: p })).message, /No USB stick or watched folder is at/);
  }
  assert.equal((await kiosk.call('listRequests', {})).requests.length, 0);
});
