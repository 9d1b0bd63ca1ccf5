// The vendor lists: every vendor of the contract has one descriptor in main and one Settings form in
// the renderer, each request form goes to the vendor it did before the lists, and what a descriptor
// makes of an input and of stored settings fits the contract.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import test from 'node:test';
import { CONNECTION_VENDORS, connectionInput, connectionView } from '../../shared/api/contract.ts';
import { VENDORS, vendorOf, vendorServing } from '../../electron/connectors/registry.ts';
import { VENDOR_FORMS } from '../../renderer/src/settings/registry.ts';

test('each vendor of the contract has exactly one descriptor and one Settings form, and the lists hold nothing else', () => {
  assert.deepEqual(connectionView.options.map((o) => o.shape.vendor.value).sort(), [...CONNECTION_VENDORS].sort(), 'the contract has a view for each');
  assert.deepEqual(VENDORS.map((v) => v.id).sort(), [...CONNECTION_VENDORS].sort());
  assert.deepEqual(VENDOR_FORMS.map((f) => f.vendor).sort(), [...CONNECTION_VENDORS].sort());
  for (const form of VENDOR_FORMS) assert.equal(Boolean(form.secret), Boolean(vendorOf(form.vendor).secret), `${form.vendor}: the form asks for a secret when the vendor takes one`);
});

test('each request form goes to the vendor that serves it; a kiosk envelope without a vendor goes anywhere', () => {
  const route = (format: string, hint: string | null) => vendorServing({ format, vendor_hint: hint })?.id ?? null;
  assert.equal(route('keygen-qr', 'keygen'), 'keygen');
  assert.equal(route('cryptlex-offline', 'cryptlex'), 'cryptlex');
  assert.equal(route('seed004-json', 'seed004'), 'generic');
  assert.equal(route('kiosk-request-v1', 'cryptlex'), 'cryptlex');
  assert.equal(route('kiosk-request-v1', null), null);
  for (const format of ['keygen-qr', 'cryptlex-offline', 'seed004-json']) {
    assert.equal(VENDORS.filter((v) => v.serves.formats.some((f) => f === format)).length, 1, `${format} is served by one vendor`);
  }
});

const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
const ED25519_PEM = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
const signaturesOf = (settings: object): unknown => (settings as { verifyResponseSignatures?: boolean }).verifyResponseSignatures;
const transport = { baseUrl: 'https://licensing.example.com' };
const common = { name: 'x', baseUrl: transport.baseUrl };

test('an input that leaves a setting out keeps the previous value, else the default', () => {
  const keygen = vendorOf('keygen');
  const input = connectionInput.parse({ ...common, vendor: 'keygen', publicKeyHex: 'AB'.repeat(32) });
  const first = keygen.toSaved(input, null, transport);
  const edited = { ...first, checkoutTtlSeconds: 7200, verifyResponseSignatures: false, clockSkewSeconds: 60 };
  // A new connection: Keygen's one-month lifetime, response signatures checked, 300 s of clock skew.
  assert.deepEqual(first, { ...transport, publicKeyHex: 'ab'.repeat(32), auth: 'license-key', checkoutTtlSeconds: 2_629_746, encrypt: true, verifyResponseSignatures: true, clockSkewSeconds: 300 });
  assert.deepEqual(keygen.toSaved(input, edited, transport), edited, 'the lifetime, signature choice and skew the input leaves out are kept');
  const noExpiry = { ...first, checkoutTtlSeconds: null };
  assert.deepEqual(keygen.toSaved(input, noExpiry, transport), noExpiry, '"No expiry", once chosen, is kept, not turned back into the default');

  const rsa = connectionInput.parse({ ...common, vendor: 'keygen', publicKeyHex: RSA_PEM });
  assert.equal(signaturesOf(keygen.toSaved(rsa, null, transport)), false, 'an RSA key cannot check Ed25519 response signatures, so a new connection with one starts with checking off');
  const asked = connectionInput.safeParse({ ...common, vendor: 'keygen', publicKeyHex: RSA_PEM, verifyResponseSignatures: true });
  assert.ok(!asked.success);
  assert.match(asked.error.issues.map((i) => i.message).join(' '), /Keygen signs its answers with the account's Ed25519 key, and this connection holds an RSA or ECDSA key/);
  assert.equal(signaturesOf(keygen.toSaved(connectionInput.parse({ ...common, vendor: 'keygen', publicKeyHex: ED25519_PEM }), null, transport)), true, 'an Ed25519 PEM key checks them');

  const cryptlex = vendorOf('cryptlex');
  const bare = connectionInput.parse({ ...common, vendor: 'cryptlex' });
  assert.deepEqual(cryptlex.toSaved(bare, null, transport), { ...transport, responseValiditySeconds: 259_200, productPublicKeyPem: '' });
  const previous = { ...transport, responseValiditySeconds: 600, productPublicKeyPem: '-----BEGIN PUBLIC KEY-----x' };
  assert.deepEqual(cryptlex.toSaved(bare, previous, transport), previous);
});

test("a descriptor's view of its stored settings is a valid connection view, with no stored field the view does not name", () => {
  const viewCommon = { id: 'c', name: 'x', baseUrl: transport.baseUrl, isDemo: false, isDefault: true, hasSecret: false, secretStorage: 's', allowInsecureHttp: false, problem: null };
  for (const vendor of VENDORS) {
    const stored = { ...vendor.defaults, ...transport, allowInsecureHttp: true, leftover: 'from an older kiosk' };
    const view = { ...viewCommon, ...vendor.view(stored) };
    assert.deepEqual(connectionView.parse(view), view, vendor.id);
    assert.equal('leftover' in view.settings || 'baseUrl' in view.settings, false, vendor.id);
  }
});
