// What a QR code holds, exactly as encoded. zxing's default "human readable" text rewrites content
// (a 0x01 byte becomes "<SOH>", a GS1 code gains parentheses), so the decoder reads in its Plain
// mode and this picks the text from the code's bytes: control bytes and GS separators stay as they are.
import type { ReadResult } from 'zxing-wasm/reader';
import { t } from '../../../shared/i18n/index.ts';

export type QrContent = { text: string } | { problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The code's text: transcoded by its ECI when it declares a character set; the bytes as UTF-8 when
 * they are UTF-8 (what devices write); zxing's reading for other text (the QR default ISO-8859-1,
 * or Shift_JIS in Kanji mode). Bytes that are no text at all are refused: no request form is binary,
 * and a rendering of them would be captured as something the device never showed.
 */
export function qrContent(result: Pick<ReadResult, 'text' | 'bytes' | 'hasECI' | 'contentType'>): QrContent {
  // zxing answers an ECI it cannot transcode with "UnknownECI", or with no text at all.
  if (result.contentType === 'UnknownECI' || (result.hasECI && result.text === '' && result.bytes.length > 0)) {
    return { problem: t('capture:decoder.unknownEci') };
  }
  if (result.hasECI && result.contentType !== 'Binary') return { text: result.text };
  const text = asUtf8(result.bytes);
  if (text !== null) return { text };
  if (result.contentType === 'Text') return { text: result.text };
  return {
    problem: t('capture:decoder.binary', { count: result.bytes.length }),
  };
}
