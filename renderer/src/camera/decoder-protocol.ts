// Messages between the page and the QR decoder worker.
import type { Language } from '../../../shared/i18n/index.ts';

/** Frames and images whose long edge is above this are first decoded downscaled to it. */
export const DOWNSCALED_LONG_EDGE = 960;

export interface DecodeRequest {
  id: number;
  /** A camera frame, or an image file (PNG/JPEG) the worker decodes itself. */
  image: ImageData | Blob;
  /**
   * Camera frames stop at the first pass that finds a code; an imported image is also read at full
   * resolution so no code of several is missed, and, when no code was found at all, once more
   * denoised (too slow for a live camera, where the next frame is the better try).
   */
  thorough: boolean;
  /** The page's language and locale: the worker writes its sentences (refusals) in them (English when absent). */
  language?: Language;
  locale?: string;
}

export type DecodePass = 'downscaled' | 'full' | 'denoised';

export interface DecodeResponse {
  id: number;
  /** The text of every code found, each once, exactly as encoded (control bytes included). */
  texts: string[];
  /** For each code found whose content is not text (binary data), why it cannot be captured; each once. */
  refused: string[];
  /** Passes that ran, in order. */
  passes: DecodePass[];
  /** Time spent in the worker, from message to answer. */
  ms: number;
  /** Set when the input could not be read at all (not an image, a broken file). */
  error: string | null;
}
