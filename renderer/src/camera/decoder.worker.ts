// The QR decoder, in a Web Worker so the camera preview never stutters: zxing-cpp compiled to
// WebAssembly, its .wasm emitted by Vite beside the bundle (never fetched from a CDN).
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { DOWNSCALED_LONG_EDGE, type DecodePass, type DecodeRequest, type DecodeResponse } from './decoder-protocol.ts';

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

async function read(image: ImageData): Promise<string[]> {
  const results = await readBarcodes(image, READER);
  return results.filter((r) => r.isValid && r.text.length > 0).map((r) => r.text);
}

async function decode(request: DecodeRequest): Promise<Omit<DecodeResponse, 'id' | 'ms'>> {
  let full: ImageData;
  try {
    full = await toImageData(request.image);
  } catch {
    return { texts: [], passes: [], error: 'This is not an image the kiosk can read (PNG or JPEG).' };
  }
  const texts = new Set<string>();
  const passes: DecodePass[] = [];
  const small = await downscaled(full);
  if (small) {
    passes.push('downscaled');
    for (const text of await read(small)) texts.add(text);
  }
  if (!small || texts.size === 0 || request.thorough) {
    passes.push('full');
    for (const text of await read(full)) texts.add(text);
  }
  return { texts: [...texts], passes, error: null };
}

self.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const started = performance.now();
  let answer: Omit<DecodeResponse, 'id' | 'ms'>;
  try {
    answer = await decode(event.data);
  } catch (error) {
    answer = { texts: [], passes: [], error: `The QR decoder failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const response: DecodeResponse = { id: event.data.id, ms: performance.now() - started, ...answer };
  self.postMessage(response);
};
