import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskLicenseKey, parseRequestText } from '../../shared/formats/request.ts';
import { kioskFile, machineId, seed004File } from '../support/requests.ts';

const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';

test('reads the license API form with device details', () => {
  const result = parseRequestText(seed004File(KEY, 'press-7', { device: { os: 'Yocto', slot: 3 } }));
  assert.ok(result.ok);
  assert.equal(result.request.format, 'seed004-json');
  assert.equal(result.request.deviceId, machineId('press-7'));
  assert.equal(result.request.deviceLabel, 'press-7');
  assert.deepEqual(result.request.deviceDetails, { os: 'Yocto', slot: '3', hostname: 'press-7' });
});

test('canonical content ignores key order and whitespace, and normalises case', () => {
  const a = parseRequestText(`{"machine_id":"${machineId('x').toUpperCase()}",  "license_key":"${KEY.toLowerCase()}"}`);
  const b = parseRequestText(JSON.stringify({ license_key: KEY, machine_id: machineId('x') }, null, 2));
  assert.ok(a.ok && b.ok);
  assert.equal(a.request.canonical, b.request.canonical);
});

test('reads the kiosk request v1 with its expiry', () => {
  const result = parseRequestText(kioskFile('any-vendor-key', 'bay-3', { expires_at: '2027-01-01T00:00:00Z', kind: 'refresh' }));
  assert.ok(result.ok);
  assert.equal(result.request.format, 'kiosk-request-v1');
  assert.equal(result.request.kind, 'refresh');
  assert.equal(result.request.expiresAt, '2027-01-01T00:00:00Z');
  assert.equal(result.request.deviceLabel, 'bay-3');
});

test('reads a licence-file kiosk request: the kind travels, the device names itself', () => {
  const result = parseRequestText(kioskFile('any-vendor-key', 'bay-6', { kind: 'license-file' }));
  assert.ok(result.ok, result.ok ? '' : result.problem);
  assert.equal(result.request.kind, 'license-file');
  assert.equal(result.request.licenseKey, 'any-vendor-key');
  assert.equal(result.request.deviceLabel, 'bay-6');
});

const refusals: [string, string, RegExp][] = [
  ['empty', '  ', /empty/],
  ['not JSON', '{"license_key": ', /not JSON/],
  ['an array', '[1,2]', /unknown form: expected a JSON object/],
  ['unknown object', '{"serial": "x"}', /unknown form: tried the kiosk request .* and the license API request/],
  ['malformed key', seed004File('ABCDE-1234', 'd'), /license_key must look like XXXXX/],
  ['malformed machine id', JSON.stringify({ license_key: KEY, machine_id: 'abc' }), /machine_id must be 64 hexadecimal/],
  ['missing machine id', JSON.stringify({ license_key: KEY }), /machine_id is missing/],
  ['newer kiosk version', kioskFile('k', 'd', { version: 2 }), /version 2 is newer/],
  ['unknown kiosk field', kioskFile('k', 'd', { colour: 'red' }), /unexpected field "colour"/],
  ['bad kind', kioskFile('k', 'd', { kind: 'steal' }), /kind must be activate, deactivate, refresh or license-file/],
  ['bad date', kioskFile('k', 'd', { created_at: 'yesterday' }), /created_at.*ISO 8601/],
  ['licence-file request without its key', kioskFile('k', 'd', { kind: 'license-file', license_key: undefined, vendor_request: { vendor: 'cryptlex', body: 'a.b.c' } }), /a license-file request carries its license_key and no vendor_request/],
  ['foreign format', JSON.stringify({ format: 'other/thing' }), /unknown form "other\/thing"/],
];
for (const [name, text, expected] of refusals) {
  test(`refuses ${name} with a reason`, () => {
    const result = parseRequestText(text);
    assert.equal(result.ok, false);
    assert.match((result as { problem: string }).problem, expected);
  });
}

test('masks licence keys', () => {
  assert.equal(maskLicenseKey(KEY), 'ABCDE-•••-KLMNO');
  assert.equal(maskLicenseKey('short'), '•••••');
});
