import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileSecretStore, SECRETS_FILE_NAME } from '../../electron/secrets/file-secret-store.ts';
import { maskSecret, maskSecretsIn } from '../../electron/secrets/mask.ts';
import { tempDir } from '../support/temp.ts';

test('file secret store: set, get, overwrite, delete, and persistence across instances', async (t) => {
  const dir = tempDir(t);
  const store = FileSecretStore.inDataDir(join(dir, 'data'));
  assert.equal(store.encrypted, false);
  assert.match(store.description, /NOT encrypted/);
  assert.equal(await store.get('connection:1:token'), null);

  await store.set('connection:1:token', 'prod-abcdef0123456789');
  await store.set('connection:2:token', 'activ-zzz');
  assert.equal(await store.get('connection:1:token'), 'prod-abcdef0123456789');
  await store.set('connection:1:token', 'prod-replaced');
  await store.delete('connection:2:token');
  await store.delete('never-set');

  const again = new FileSecretStore(join(dir, 'data', SECRETS_FILE_NAME));
  assert.equal(await again.get('connection:1:token'), 'prod-replaced');
  assert.equal(await again.get('connection:2:token'), null);
  const onDisk = JSON.parse(readFileSync(join(dir, 'data', SECRETS_FILE_NAME), 'utf8')) as unknown;
  assert.deepEqual(onDisk, { version: 1, secrets: { 'connection:1:token': 'prod-replaced' } });
});

test('file secret store: mode 0600, no temp files left, concurrent writes all land', async (t) => {
  const dir = tempDir(t);
  const store = FileSecretStore.inDataDir(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `value-${i}`)));
  for (let i = 0; i < 20; i++) assert.equal(await store.get(`k${i}`), `value-${i}`);
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, SECRETS_FILE_NAME)).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), [SECRETS_FILE_NAME]);
});

test('file secret store: refuses bad ids and a corrupt file with a clear error', async (t) => {
  const dir = tempDir(t);
  const store = FileSecretStore.inDataDir(dir);
  await assert.rejects(() => store.get('../etc/passwd'), /secret id/);
  assert.throws(() => store.set('', 'x'), /secret id/);
  writeFileSync(join(dir, SECRETS_FILE_NAME), '{not json');
  await assert.rejects(() => store.get('a'), /not valid JSON/);
  writeFileSync(join(dir, SECRETS_FILE_NAME), JSON.stringify({ version: 2, secrets: [] }));
  await assert.rejects(() => store.get('a'), /not in the expected form/);
});

test('maskSecret keeps a token prefix and the last 4 characters only', () => {
  assert.equal(maskSecret('prod-0123456789abcdefWXYZ'), 'prod-…WXYZ');
  assert.equal(maskSecret('activ-0123456789abcdef9876'), 'activ-…9876');
  assert.equal(maskSecret('ABCDEF-123456-789012-ZZZZ'), '…ZZZZ');
  assert.equal(maskSecret('short'), '[hidden]');
  assert.equal(maskSecret(''), '[empty]');
  assert.equal(maskSecretsIn('token prod-0123456789abcdefWXYZ was refused', ['prod-0123456789abcdefWXYZ']), 'token prod-…WXYZ was refused');
});
