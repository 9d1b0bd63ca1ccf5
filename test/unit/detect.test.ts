// detect(): every accepted form is recognised and named; nothing is guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect, withLicenseKey } from '../../shared/formats/request.ts';
import { kioskFile, seed004File } from '../support/requests.ts';

const keygenQr = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
const CRYPTLEX = 'eyJ2IjoxLCJhbGciOiJBMjU2R0NNIn0.bXlzdGVyeS1wYXlsb2FkLWJ5dGVz.c2lnbmF0dXJlLWJ5dGVz';

test('Keygen air-gapped QR: base64 of {key, fingerprint}', () => {
  const r = detect(keygenQr({ key: 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3', fingerprint: 'a1:b2:c3' }));
  assert.ok(r.ok);
  assert.equal(r.request.format, 'keygen-qr');
  assert.equal(r.request.vendorHint, 'keygen');
  assert.equal(r.request.licenseKey, 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3');
  assert.equal(r.request.deviceId, 'a1:b2:c3');
  assert.equal(r.request.formatLabel, 'Keygen air-gapped QR');
});

test('Keygen QR with wrong fields or types is refused by name', () => {
  assert.match((detect(keygenQr({ key: 'k', fingerprint: 7 })) as { problem: string }).problem, /^Keygen air-gapped QR: fingerprint must be/);
  assert.match((detect(keygenQr({ key: 'k', fingerprint: 'f', x: 1 })) as { problem: string }).problem, /unexpected field "x"/);
  assert.match((detect(keygenQr([1, 2])) as { problem: string }).problem, /not JSON, nor any other request form/);
});

test('Cryptlex offline request file: captured without a licence key, flagged', () => {
  const r = detect(`${CRYPTLEX}\n`);
  assert.ok(r.ok);
  assert.equal(r.request.format, 'cryptlex-offline');
  assert.equal(r.request.licenseKey, '');
  assert.equal(r.request.needsLicenseKey, true);
  assert.equal(r.request.requestBody, CRYPTLEX);
  assert.match(r.request.formatLabel, /needs licence key/);
  const keyed = withLicenseKey(r.request, ' 3A1F4C-ABCDEF ');
  assert.equal(keyed.licenseKey, '3A1F4C-ABCDEF');
  assert.equal(keyed.needsLicenseKey, false);
  assert.equal(keyed.canonical, r.request.canonical, 'adding the key keeps the request id');
  assert.throws(() => withLicenseKey(r.request, ''));
});

test('Cryptlex requests over 16384 characters are refused', () => {
  const long = `${'a'.repeat(9000)}.${'b'.repeat(9000)}.c`;
  assert.match((detect(long) as { problem: string }).problem, /Cryptlex offline request: too long/);
});

test('JSON forms still read as before', () => {
  const a = detect(seed004File('ABCDE-12345-FGHIJ-67890-KLMNO', 'd'));
  assert.ok(a.ok && a.request.format === 'seed004-json' && a.request.vendorHint === 'seed004');
  const b = detect(kioskFile('key', 'd'));
  assert.ok(b.ok && b.request.format === 'kiosk-request-v1' && b.request.signature === 'unsigned');
});

test('unknown input names every form tried', () => {
  for (const text of ['hello world', 'ur:crypto-psbt/aeadaolazmjendeoti', '12345', 'aGVsbG8gd29ybGQ=']) {
    const r = detect(text);
    assert.equal(r.ok, false, text);
    const problem = (r as { problem: string }).problem;
    if (text.startsWith('ur:')) assert.match(problem, /ur:crypto-psbt is not a ur:kiosk-request/);
    else assert.match(problem, /Keygen.*Cryptlex/);
  }
  assert.match((detect('UR:KIOSK-REQUEST/1-3/LPADAXCFAXHLCYYNZMFWHDCXFG') as { problem: string }).problem, /frame 1 of an animated QR code of 3 frames/);
});

test('reads the offline request files the Cryptlex test server accepts', async () => {
  const { makeOfflineRequest } = await import('../servers/cryptlex/index.ts');
  const token = makeOfflineRequest({ type: 'activation', key: 'K-1', fp: 'fp-1', pid: 'p-1', hostname: 'ctrl-4' } as never);
  const r = detect(token);
  assert.ok(r.ok, (r as { problem?: string }).problem);
  assert.equal(r.request.format, 'cryptlex-offline');
  assert.equal(r.request.requestBody, token);
});
