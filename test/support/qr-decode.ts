// Reads QR codes from PNG screenshots in Node with zxing-wasm (its .wasm from node_modules, no network).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = fs.readFileSync(wasmPath);
  prepareZXingModule({ overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }, fireImmediately: true });
  prepared = true;
}

/** The texts of the QR codes in a PNG (or JPEG) image. */
export async function readQrTexts(image: Uint8Array): Promise<string[]> {
  prepare();
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
