// Reads and writes QR codes in Node with zxing-wasm (its .wasm files from node_modules, no network).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);
const prepared = new Set<string>();

function wasm(file: string): ArrayBuffer {
  const bytes = fs.readFileSync(require.resolve(file));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function prepare(kind: 'reader' | 'writer'): void {
  if (prepared.has(kind)) return;
  if (kind === 'reader') prepareZXingModule({ overrides: { wasmBinary: wasm('zxing-wasm/reader/zxing_reader.wasm') }, fireImmediately: true });
  else prepareWriter({ overrides: { wasmBinary: wasm('zxing-wasm/writer/zxing_writer.wasm') }, fireImmediately: true });
  prepared.add(kind);
}

/** Every QR code zxing reads in a PNG (or JPEG) image, with the options given. */
export async function readQrResults(image: Uint8Array, options: ReaderOptions = {}): Promise<ReadResult[]> {
  prepare('reader');
  return (await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4, ...options })).filter((r) => r.isValid);
}

/** The texts of the QR codes in a PNG (or JPEG) image. */
export async function readQrTexts(image: Uint8Array): Promise<string[]> {
  return (await readQrResults(image)).map((r) => r.text);
}

/**
 * A QR code as a PNG, written by zxing (zint): for content the `qrcode` package cannot make, e.g.
 * `options` "gs1" (FNC1 mode; input "[01]09501101530003[10]AB12") or "eci=26".
 */
export async function zxingQrPng(content: string | Uint8Array, options = '', scale = 4): Promise<Uint8Array> {
  prepare('writer');
  const written = await writeBarcode(content, { format: 'QRCode', options, scale });
  if (!written.image) throw new Error(`zxing could not write the code: ${written.error}`);
  return new Uint8Array(await written.image.arrayBuffer());
}
