import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { writeNewFile } from '../../electron/deliver/write-file.ts';
import { tempDir } from '../support/temp.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

test('writes the file and leaves no temp file behind', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(writeNewFile(dir, 'a.json', bytes('{"a":1}')), { fileName: 'a.json', alreadyThere: false });
  assert.equal(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'), '{"a":1}');
  assert.deepEqual(fs.readdirSync(dir), ['a.json']);
});

test('never overwrites a different file: the new one gets a numbered name', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'a.json'), 'someone else');
  assert.equal(writeNewFile(dir, 'a.json', bytes('mine')).fileName, 'a (2).json');
  assert.equal(writeNewFile(dir, 'a.json', bytes('third')).fileName, 'a (3).json');
  assert.equal(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'), 'someone else');
  assert.equal(fs.readFileSync(path.join(dir, 'a (2).json'), 'utf8'), 'mine');
});

test('the same bytes already there are recognised, not duplicated', (t) => {
  const dir = tempDir(t);
  writeNewFile(dir, 'a.json', bytes('same'));
  assert.deepEqual(writeNewFile(dir, 'a.json', bytes('same')), { fileName: 'a.json', alreadyThere: true });
  assert.deepEqual(fs.readdirSync(dir), ['a.json']);
});

test('a folder that cannot be written reports the error and leaves nothing', (t) => {
  const dir = path.join(tempDir(t), 'missing');
  assert.throws(() => writeNewFile(dir, 'a.json', bytes('x')), /ENOENT/);
});
