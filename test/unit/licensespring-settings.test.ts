// The LicenseSpring connection's settings: both keys or neither, the public key checked at save, the
// values an input leaves out kept; the Settings form joins the two keys into the one secret.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { connectionInput, connectionView } from '../../shared/api/contract.ts';
import { licenseSpringSecretParts } from '../../shared/api/vendors/licensespring.ts';
import { vendorOf } from '../../electron/connectors/registry.ts';
import { formFor } from '../../renderer/src/settings/registry.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const common = { name: 'LicenseSpring', baseUrl: 'https://api.licensespring.com' };

test('the form joins API key and shared key into one secret; one without the other is refused with a sentence', () => {
  const form = formFor('licensespring');
  const fields = { ...(form.empty as Record<string, string>), publicKeyPem: pem };
  const both = connectionInput.parse(form.toInput({ ...common, allowInsecureHttp: false, secret: 'api-key-00000001' }, { ...fields, sharedKey: 'shared-key-000001' }));
  assert.deepEqual(licenseSpringSecretParts((both as { secret?: string }).secret ?? null), { apiKey: 'api-key-00000001', sharedKey: 'shared-key-000001' });
  const neither = connectionInput.parse(form.toInput({ ...common, allowInsecureHttp: false }, fields));
  assert.equal((neither as { secret?: string }).secret, undefined, 'nothing typed keeps the saved keys');
  const half = connectionInput.safeParse(form.toInput({ ...common, allowInsecureHttp: false, secret: 'api-key-00000001' }, fields));
  assert.equal(half.success, false);
  assert.match(half.error!.issues[0]!.message, /both the API key and the shared key/);
});

test('the descriptor checks the public key, keeps what an input leaves out, and shows no secret', async () => {
  const ls = vendorOf('licensespring');
  await assert.rejects(ls.check(connectionInput.parse({ ...common, vendor: 'licensespring', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })), /LicenseSpring public key/);
  const input = connectionInput.parse({ ...common, vendor: 'licensespring', publicKeyPem: pem, healthProductCode: 'fooapp' });
  await ls.check(input);
  const saved = ls.toSaved(input, null, { baseUrl: common.baseUrl });
  assert.deepEqual(saved, { baseUrl: common.baseUrl, publicKeyPem: pem.trim(), healthProductCode: 'fooapp' });
  const bare = connectionInput.parse({ ...common, vendor: 'licensespring', publicKeyPem: pem });
  assert.equal((ls.toSaved(bare, saved, { baseUrl: common.baseUrl }) as typeof saved).healthProductCode, 'fooapp');
  const view = connectionView.parse({ ...ls.view(saved), id: 'c1', name: 'x', baseUrl: common.baseUrl, isDemo: false, isDefault: false, hasSecret: true, secretStorage: 's', allowInsecureHttp: false, problem: null });
  assert.deepEqual(Object.keys(view.settings).sort(), ['healthProductCode', 'publicKeyPem']);
});
