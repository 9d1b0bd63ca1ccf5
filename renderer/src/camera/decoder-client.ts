// The page's side of the decoder worker: one worker for the app, one promise per frame or image.
import type { DecodeRequest, DecodeResponse } from './decoder-protocol.ts';

export class QrDecoder {
  private readonly worker = new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
  private readonly pending = new Map<number, { resolve(r: DecodeResponse): void; reject(e: Error): void }>();
  private nextId = 1;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`The QR decoder could not start: ${event.message || 'the worker failed to load'}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  /** Decodes a camera frame (its pixels move to the worker) or an image file. */
  decode(image: ImageData | Blob, thorough = false): Promise<DecodeResponse> {
    const id = this.nextId++;
    const request: DecodeRequest = { id, image, thorough };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request, image instanceof ImageData ? [image.data.buffer] : []);
    });
  }
}

let shared: QrDecoder | null = null;

/** The app's decoder, started on first use (the wasm loads once). */
export function qrDecoder(): QrDecoder {
  shared ??= new QrDecoder();
  return shared;
}
