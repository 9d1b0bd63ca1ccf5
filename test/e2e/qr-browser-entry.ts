// Bundled by qr-chromium.test.ts for the page: the shared QR/format code as the renderer would use it.
import { qrMatrix } from '../../shared/qr/qr-image.ts';
import { UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { detect } from '../../shared/formats/request.ts';
import { decodeKioskEnvelope, signKioskRequest, encodeKioskEnvelope, type KioskRequest } from '../../shared/formats/kiosk-request.ts';
import { generateDeviceKeyPair } from '../../shared/formats/device-signature.ts';
import { seeded } from '../support/seeded.ts';

/** Decodes frames made in Node (dropping 30 %), and makes frames for Node to decode. */
(globalThis as Record<string, unknown>).kioskQr = {
  decodeFrames(frames: string[], dropSeed: number) {
    const decoder = new UrDecoder('kiosk-request');
    const random = seeded(dropSeed);
    let used = 0;
    for (const f of frames) {
      if (random() < 0.3) continue;
      decoder.receivePart(f);
      used++;
      if (decoder.isComplete) break;
    }
    const text = decoder.resultText();
    const parsed = text ? detect(text) : null;
    return { complete: decoder.isSuccess, used, cborHex: decoder.result ? Array.from(decoder.result.cbor, (b) => b.toString(16).padStart(2, '0')).join('') : null, parsed };
  },
  makeFrames(request: KioskRequest, fragment: number, count: number) {
    const signed = signKioskRequest(request, generateDeviceKeyPair().secretKey);
    const cbor = encodeKioskEnvelope(signed);
    const encoder = new UrEncoder({ type: 'kiosk-request', cbor }, fragment);
    const frames = Array.from({ length: count }, () => encoder.nextPart());
    decodeKioskEnvelope(cbor);
    return { frames, cborHex: Array.from(cbor, (b) => b.toString(16).padStart(2, '0')).join(''), versions: frames.slice(0, 3).map((f) => qrMatrix(f).version) };
  },
  hasBuffer: typeof (globalThis as Record<string, unknown>).Buffer !== 'undefined',
  hasProcess: typeof (globalThis as Record<string, unknown>).process !== 'undefined',
};
