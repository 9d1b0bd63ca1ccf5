// The frames of QR delivery: a response that fits the chosen density is one code; a larger one is
// cut into upper-case UR frames that assemble back to the same response at every density.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { responseToUr } from '../../shared/formats/response.ts';
import { UrDecoder } from '../../shared/qr/ur.ts';
import { DENSITY, responseFrames } from '../../renderer/src/deliver-qr/qr-animation.ts';

const ur = (bytes: number) =>
  responseToUr({ requestId: 'a'.repeat(64), nonce: 'nonce-frames-01', issuedAt: 1_795_000_000, artifact: { fileName: 'license.json', mediaType: 'application/json', bytes: new Uint8Array(bytes).fill(65) } });

test('a small response is one QR code; a large one animates and assembles at every density', () => {
  const small = responseFrames(ur(40), DENSITY.initial);
  assert.equal(small.isSinglePart, true);
  assert.equal(small.nextPart(), ur(40));

  const text = ur(1500);
  let previous = Infinity;
  for (let fragment = DENSITY.min; fragment <= DENSITY.max; fragment += DENSITY.step) {
    const encoder = responseFrames(text, fragment);
    assert.ok(encoder.seqLen < previous, `fewer frames at ${fragment} bytes`);
    previous = encoder.seqLen;
    const decoder = new UrDecoder('kiosk-response');
    let shown = 0;
    while (!decoder.isSuccess && shown < encoder.seqLen * 3) {
      const frame = encoder.nextPart();
      shown += 1;
      assert.match(frame, /^UR:KIOSK-RESPONSE\/\d+-\d+\/[A-Z]+$/);
      if (shown % 3 !== 0) decoder.receivePart(frame); // a camera misses every third frame
    }
    assert.equal(decoder.resultText(), text);
  }
  assert.equal(responseFrames(text, 5000).seqLen, responseFrames(text, DENSITY.max).seqLen, 'density is kept within its range');
  assert.throws(() => responseFrames('UR:KIOSK-REQUEST/AEAD', 250), /kiosk-response/);
});
