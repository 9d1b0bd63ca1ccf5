// The LicenseSpring offline request file at capture: detected among the other forms, read strictly,
// labelled from its hostname and hardware id, its id from its content; damaged files refused with a
// sentence naming the problem.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { detect } from '../../shared/formats/request.ts';
import { makeLicenseSpringRequest, PyObject, pythonDumps, type RequestFileInput } from '../servers/licensespring/request-file.ts';

const input: RequestFileInput = {
  kind: 'activation',
  product: 'fooapp',
  hardwareId: '8b06c6053b7a2040f07c60b62f17f378ccc5030e21676f8a100a97ab36303ad0',
  licenseKey: 'BSK8-CLCY-PB5E-BXFO',
  apiKey: 'api-key-0001',
  sharedKey: 'shared-key-0001',
  hostname: 'press-line-1',
  date: 'Fri, 29 Aug 2025 07:22:37 GMT',
  requestId: 'd010714e-72dd-e4cf-bebb-4105ec1b2a0f',
};
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const refused = (text: string, reason: RegExp) => {
  const r = detect(text);
  assert.equal(r.ok, false, `expected a refusal for ${text.slice(0, 40)}`);
  if (!r.ok) assert.match(r.problem, reason);
};

test('an activation request file is read: key, hardware id, product, kind, hostname label', () => {
  const r = detect(`${makeLicenseSpringRequest(input)}\n`);
  assert.ok(r.ok, r.ok ? '' : r.problem);
  const q = r.request;
  assert.equal(q.format, 'licensespring-offline');
  assert.equal(q.formatLabel, 'LicenseSpring offline activation request');
  assert.equal(q.kind, 'activate');
  assert.equal(q.licenseKey, input.licenseKey);
  assert.equal(q.deviceId, input.hardwareId);
  assert.equal(q.deviceLabel, 'press-line-1');
  assert.equal(q.vendorHint, 'licensespring');
  assert.equal(q.deviceDetails.product, 'fooapp');
  assert.equal(q.deviceDetails.request_id, input.requestId);
  assert.equal(q.requestBody, makeLicenseSpringRequest(input));
});

test('a deactivation request file, and a user-based one', () => {
  const off = detect(makeLicenseSpringRequest({ ...input, kind: 'deactivation', hostname: 'Prüfstand-2' }));
  assert.ok(off.ok && off.request.kind === 'deactivate' && off.request.deviceLabel === 'Prüfstand-2');
  const user = detect(makeLicenseSpringRequest({ ...input, licenseKey: undefined, username: 'engineer@example.com' }));
  assert.ok(user.ok && user.request.licenseKey === 'engineer@example.com' && user.request.formatLabel.endsWith('(user-based licence)'));
});

test('the request id is content-based: the same file wrapped differently is the same request, another file another', async () => {
  const text = makeLicenseSpringRequest(input);
  const a = detect(text);
  const b = detect(`\uFEFF${text.replace(/(.{76})/g, '$1\r\n')}\n`);
  const c = detect(makeLicenseSpringRequest({ ...input, requestId: 'another' }));
  assert.ok(a.ok && b.ok && c.ok);
  assert.equal(await sha256Hex(a.request.canonical), await sha256Hex(b.request.canonical));
  assert.notEqual(a.request.canonical, c.request.canonical);
});

test('a Keygen QR is still a Keygen QR', () => {
  const r = detect(b64(JSON.stringify({ key: 'KEY-1', fingerprint: 'fp-1' })));
  assert.ok(r.ok && r.request.format === 'keygen-qr');
});

test('damaged, truncated and foreign-schema files are refused with the reason', () => {
  const good = makeLicenseSpringRequest(input);
  refused(good.slice(0, -3), /LicenseSpring offline request: .*truncated/);
  refused(good.slice(0, Math.floor(good.length / 8) * 4), /LicenseSpring offline request: .*(well-formed JSON|truncated)/);
  refused(b64('{"request": "activation", "hardware_id": "x", "license_key": "k"}'), /schema version 1/);
  const req = (entries: Array<[string, string | number]>, extra = '') => b64(`{"request": ${pythonDumps(new PyObject(entries), true)}, "signature": "${'A'.repeat(43)}="${extra}}`);
  const base: Array<[string, string | number]> = [['request', 'activation'], ['product', 'p'], ['hardware_id', 'hw'], ['license_key', 'K'], ['date', input.date!], ['request_id', 'r'], ['schema_version', 2], ['signature', `${'B'.repeat(43)}=`], ['api_key', 'a']];
  assert.ok(detect(req(base)).ok);
  refused(req(base.filter(([k]) => k !== 'hardware_id')), /"hardware_id" is missing/);
  refused(req(base.filter(([k]) => k !== 'license_key')), /neither "license_key" nor "username"/);
  refused(req(base.map(([k, v]) => [k, k === 'schema_version' ? 3 : v])), /"schema_version" is 3/);
  refused(req(base.map(([k, v]) => [k, k === 'request' ? 'refresh' : v])), /"activation" or "deactivation"/);
  refused(req(base.map(([k, v]) => [k, k === 'date' ? 'yesterday' : v])), /"date" is not a date/);
  refused(req([...base, ['hardware_id', 'hw-other']]), /"hardware_id" appears twice/);
  refused(req(base, ', "extra": 1'), /unexpected member "extra"/);
  refused(b64(`{"request": ${pythonDumps(new PyObject(base), true)}, "signature": "not-an-hmac"}`), /outer "signature"/);
  refused(b64(`{"request": {"request": "activation", "x": "${'y'.repeat(70_000)}"}, "signature": ""}`), /too long/);
});
