// Photos and screenshots of a device screen (PNG/JPEG) dropped or chosen on the Capture screen:
// every QR code in the image becomes a capture of its own (a code holding no text, a refusal of its
// own). An image in which no code is found is read once more, denoised (decoder.worker.ts).
import { afterEarlierDrops, captureTexts, useCapture, type CaptureOptions, type CaptureResult } from '../store/capture.ts';
import { t } from '../../../shared/i18n/index.ts';
import { formatBytes } from '../format.ts';
import { qrDecoder } from './decoder-client.ts';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);
const IMAGE_NAME = /\.(?:png|jpe?g)$/i;
/** A phone photo is a few MB; anything far beyond is not a screenshot of a device screen. */
const MAX_IMAGE_BYTES = 40 * 1024 * 1024;

function isImageFile(file: File): boolean {
  return IMAGE_TYPES.has(file.type) || (file.type === '' && IMAGE_NAME.test(file.name));
}

type Entry = { name: string; size: number; text: string } | CaptureResult;

function refused(name: string, message: string): CaptureResult {
  return { name, outcome: 'error', requestId: null, message };
}

async function entriesOf(file: File): Promise<Entry[]> {
  if (file.size > MAX_IMAGE_BYTES) return [refused(file.name, t('capture:decoder.imageTooLarge', { size: formatBytes(file.size), max: formatBytes(MAX_IMAGE_BYTES) }))];
  let decoded;
  try {
    decoded = await qrDecoder().decode(file, true);
  } catch (error) {
    return [refused(file.name, error instanceof Error ? error.message : String(error))];
  }
  if (decoded.error) return [refused(file.name, decoded.error)];
  const count = decoded.texts.length + decoded.refused.length;
  if (count === 0) {
    return [refused(file.name, t('capture:decoder.noCode'))];
  }
  const nameOf = (i: number) => (count === 1 ? file.name : t('capture:sources.imageCode', { name: file.name, index: i + 1, total: count }));
  return [
    ...decoded.texts.map((text, i): Entry => ({ name: nameOf(i), size: new TextEncoder().encode(text).length, text })),
    ...decoded.refused.map((problem, i) => refused(nameOf(decoded.texts.length + i), problem)),
  ];
}

/** Decodes the images one after another (one worker) and captures every code found. */
async function importImages(files: readonly File[], options: CaptureOptions): Promise<void> {
  const entries: Entry[] = [];
  for (const file of files) entries.push(...(await entriesOf(file)));
  await captureTexts(entries, options);
}

/**
 * Files dropped or chosen on the Capture screen, captured after those dropped before them: images
 * are decoded, everything else is read as request text.
 */
export function captureFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  return afterEarlierDrops(files.length, async (options) => {
    const images = files.filter(isImageFile);
    const others = files.filter((f) => !isImageFile(f));
    if (others.length > 0) await useCapture.getState().capture(others, options);
    if (images.length > 0) await importImages(images, options);
  });
}
