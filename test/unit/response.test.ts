import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FormatError } from '../../shared/formats/errors.ts';
import { checkFileName, decodeResponseEnvelope, encodeResponseEnvelope, expectedFileName, responseFromUr, responseToUr, responseUrEncoder, type ResponseEnvelope } from '../../shared/formats/response.ts';
import { UrDecoder } from '../../shared/qr/ur.ts';

const artifact = new Uint8Array(Buffer.from('-----BEGIN MACHINE FILE-----\r\neyJlbmMiOiIuLi4ifQ==\r\n-----END MACHINE FILE-----\r\n\u0000\u00ff', 'latin1'));
const envelope: ResponseEnvelope = {
  requestId: 'ab'.repeat(32),
  nonce: 'nonce-000000001',
  vendor: 'keygen',
  issuedAt: 1_795_000_000,
  artifact: { fileName: expectedFileName('keygen', { machineId: '4f0a2c1e-machine' }), mediaType: 'application/octet-stream', bytes: artifact },
};

test('response envelope round-trips the artifact byte for byte with its file name', () => {
  const back = responseFromUr(responseToUr(envelope));
  assert.deepEqual(back, envelope);
  assert.equal(back.artifact.fileName, '4f0a2c1e-machine.lic');
  assert.deepEqual(decodeResponseEnvelope(encodeResponseEnvelope(envelope)), envelope);
});

test('a large response animates and reassembles with 30 % loss', () => {
  const big = { ...envelope, artifact: { ...envelope.artifact, bytes: new Uint8Array(6000).map((_, i) => (i * 31) & 0xff) } };
  const encoder = responseUrEncoder(big, 250);
  assert.ok(encoder.seqLen >= 20);
  const decoder = new UrDecoder('kiosk-response');
  let n = 0;
  while (!decoder.isComplete) {
    const frame = encoder.nextPart();
    if (++n % 10 < 3) continue;
    decoder.receivePart(frame);
  }
  assert.deepEqual(responseFromUr(decoder.resultText()!), big);
});

test('unsafe file names and bad request ids are refused', () => {
  for (const name of ['../x', 'a/b', 'c:\\x', '', 'x.', 'con\u0000']) assert.throws(() => checkFileName(name), FormatError, name);
  assert.throws(() => encodeResponseEnvelope({ ...envelope, requestId: 'xyz' }), /requestId/);
  assert.throws(() => responseFromUr('ur:kiosk-request/aeadaolazmjendeoti'), /is not a ur:kiosk-response/);
});
