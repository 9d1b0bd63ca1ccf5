// Which folders are sticks: children of each mount root, never a root itself (/media/<user> inside
// /media), never a link (macOS links the system disk into /Volumes); watched folders that exist.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultMountRoots, listVolumes } from '../../electron/usb/volumes.ts';
import { answerName } from '../../electron/usb/write-back.ts';
import { tempDir } from '../support/temp.ts';

test('the OS mount roots', () => {
  assert.deepEqual(defaultMountRoots('linux', 'eng'), ['/media', '/media/eng', '/run/media/eng']);
  assert.deepEqual(defaultMountRoots('darwin', 'eng'), ['/Volumes']);
  assert.deepEqual(defaultMountRoots('win32', 'eng'), []);
});

test('sticks under nested mount roots, links skipped, watched folders that exist', (t) => {
  const media = tempDir(t);
  const user = path.join(media, 'eng');
  fs.mkdirSync(path.join(user, 'KINGSTON'), { recursive: true });
  fs.mkdirSync(path.join(media, 'SANDISK'));
  fs.mkdirSync(path.join(media, '.hidden'));
  fs.symlinkSync('/', path.join(media, 'Macintosh HD'));
  const watched = tempDir(t);
  const volumes = listVolumes([media, user, path.join(media, 'missing-root')], [watched, path.join(watched, 'gone')]);
  assert.deepEqual(
    volumes.map((v) => [v.label, v.kind]).sort(),
    [
      ['KINGSTON', 'removable'],
      ['SANDISK', 'removable'],
      [path.basename(watched), 'watched'],
    ].sort(),
  );
});

test('an answer keeps its request\'s name and takes the vendor\'s extension', () => {
  assert.equal(answerName('/m/S/press-1.txt', 'press-1-ab12-machine.lic'), 'press-1.lic');
  assert.equal(answerName('/m/S/cl-2.req', 'cl-2-response.dat'), 'cl-2.dat');
  // The same extension as the request: the answer must not replace it.
  assert.equal(answerName('/m/S/press-1.json', 'activation-press-1-abc.json'), 'press-1.response.json');
  assert.equal(answerName('/m/S/PRESS.JSON', 'x.json'), 'PRESS.response.json');
});
