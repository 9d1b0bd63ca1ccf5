// The QR decoder, in a Web Worker so the camera preview never stutters: zxing-cpp compiled to
// WebAssembly, its .wasm emitted by Vite beside the bundle (never fetched from a CDN).
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { setLanguage, t } from '../../../shared/i18n/index.ts';
import { denoised } from './denoise.ts';
import { DOWNSCALED_LONG_EDGE, type DecodePass, type DecodeRequest, type DecodeResponse } from './decoder-protocol.ts';
import { qrContent } from './qr-content.ts';

prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path) },
});

const READER: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  // Several codes in one screenshot are several requests.
  maxNumberOfSymbols: 16,
  // The content as encoded, never the "human readable" rewriting (see qr-content.ts).
  textMode: 'Plain',
};

async function toImageData(image: ImageData | Blob): Promise<ImageData> {
  if (image instanceof ImageData) return image;
  const bitmap = await createImageBitmap(image);
  try {
    return draw(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

function draw(source: CanvasImageSource, width: number, height: number): ImageData {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'medium';
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

async function downscaled(image: ImageData): Promise<ImageData | null> {
  const scale = DOWNSCALED_LONG_EDGE / Math.max(image.width, image.height);
  if (scale >= 1) return null;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const bitmap = await createImageBitmap(image, { resizeWidth: width, resizeHeight: height, resizeQuality: 'low' });
  try {
    return draw(bitmap, width, height);
  } finally {
    bitmap.close();
  }
}

/** What the codes found hold: their texts, and a sentence for each that holds no text. */
class Found {
  readonly texts = new Set<string>();
  /** Refused codes by their bytes, so two different ones are two refusals. */
  readonly refused = new Map<string, string>();

  get any(): boolean {
    return this.texts.size > 0 || this.refused.size > 0;
  }

  async read(image: ImageData): Promise<void> {
    for (const result of await readBarcodes(image, READER)) {
      if (!result.isValid || result.bytes.length === 0) continue;
      const content = qrContent(result);
      if ('text' in content) this.texts.add(content.text);
      else this.refused.set(result.bytes.join(','), content.problem);
    }
  }
}

async function decode(request: DecodeRequest): Promise<Omit<DecodeResponse, 'id' | 'ms'>> {
  let full: ImageData;
  try {
    full = await toImageData(request.image);
  } catch {
    return { texts: [], refused: [], passes: [], error: t('capture:decoder.notAnImage') };
  }
  const found = new Found();
  const passes: DecodePass[] = [];
  const small = await downscaled(full);
  if (small) {
    passes.push('downscaled');
    await found.read(small);
  }
  if (!small || !found.any || request.thorough) {
    passes.push('full');
    await found.read(full);
  }
  if (request.thorough && !found.any) {
    passes.push('denoised');
    await found.read(denoised(full));
  }
  return { texts: [...found.texts], refused: [...found.refused.values()], passes, error: null };
}

self.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const started = performance.now();
  if (event.data.language) setLanguage(event.data.language, event.data.locale);
  let answer: Omit<DecodeResponse, 'id' | 'ms'>;
  try {
    answer = await decode(event.data);
  } catch (error) {
    answer = { texts: [], refused: [], passes: [], error: t('capture:decoder.failed', { reason: error instanceof Error ? error.message : String(error) }) };
  }
  const response: DecodeResponse = { id: event.data.id, ms: performance.now() - started, ...answer };
  self.postMessage(response);
};
