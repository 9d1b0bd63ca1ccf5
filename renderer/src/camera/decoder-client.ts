// The page's side of the decoder worker: one worker for the app, one promise per frame or image.
// A worker that fails (its script or wasm does not load) answers every decode with an error, at once:
// the camera shows it stopped, an image import ends with the image refused. The next use starts a
// new worker, so a passing failure does not last.
import { currentLanguage, currentLocale, t } from '../../../shared/i18n/index.ts';
import type { DecodeRequest, DecodeResponse } from './decoder-protocol.ts';

export class QrDecoder {
  private readonly worker = new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
  private readonly pending = new Map<number, { resolve(r: DecodeResponse): void; reject(e: Error): void }>();
  private nextId = 1;
  /** Set once the worker failed: every decode is refused with it. */
  private failure: Error | null = null;

  constructor(private readonly onFailure: (decoder: QrDecoder) => void = () => undefined) {
    this.worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      const reason = (event.message || t('capture:decoder.workerNotLoaded')).replace(/\.$/, '');
      this.fail(new Error(t('capture:decoder.cannotStart', { reason })));
    };
  }

  /** Decodes a camera frame (its pixels move to the worker) or an image file. */
  decode(image: ImageData | Blob, thorough = false): Promise<DecodeResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: DecodeRequest = { id, image, thorough, language: currentLanguage(), locale: currentLocale() };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request, image instanceof ImageData ? [image.data.buffer] : []);
    });
  }

  private fail(error: Error): void {
    this.failure = error;
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.onFailure(this);
  }
}

let shared: QrDecoder | null = null;

/** The app's decoder, started on first use (the wasm loads once); a failed one is replaced on the next use. */
export function qrDecoder(): QrDecoder {
  shared ??= new QrDecoder((failed) => {
    if (shared === failed) shared = null;
  });
  return shared;
}
