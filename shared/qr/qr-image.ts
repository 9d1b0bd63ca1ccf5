// QR symbols from the `qrcode` package (pure JS; its browser build has no Node APIs), reduced to a
// module matrix, and rendered to luma/RGBA pixels for canvases, PNGs and fake-camera video.
import QRCode from 'qrcode';

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  version: number;
  /** modules per side */
  size: number;
  /** size*size, 1 = dark */
  modules: Uint8Array;
}

export function qrMatrix(text: string, errorCorrectionLevel: EcLevel = 'L'): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel });
  const size = code.modules.size;
  const modules = new Uint8Array(size * size);
  for (let i = 0; i < modules.length; i++) modules[i] = code.modules.data[i] ? 1 : 0;
  return { version: code.version, size, modules };
}

export interface GrayImage {
  width: number;
  height: number;
  /** one byte per pixel, 0 = black, 255 = white */
  luma: Uint8Array;
}

/** Renders a matrix with `scale` pixels per module and a `margin`-module quiet zone, centred in a canvas of at least `minSide` pixels. */
export function renderGray(matrix: QrMatrix, scale: number, margin = 4, minSide = 0): GrayImage {
  const natural = (matrix.size + margin * 2) * scale;
  const side = Math.max(natural, minSide);
  const offset = Math.floor((side - matrix.size * scale) / 2);
  const luma = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (!matrix.modules[y * matrix.size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (offset + y * scale + dy) * side + offset + x * scale;
        luma.fill(0, row, row + scale);
      }
    }
  }
  return { width: side, height: side, luma };
}

export function grayToRgba(image: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.luma.length; i++) {
    const v = image.luma[i]!;
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}
