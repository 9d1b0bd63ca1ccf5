// The last try on a still image in which no code was found: a 3×3 median of its luminance. It
// removes salt-and-pepper noise and sensor or JPEG speckle, which break zxing's finder patterns,
// while keeping module edges sharp (a blur would smear them). zxing's own tryDenoise (a closing
// filter) does not help against such noise, and this pass runs only where time matters less than
// a read: never on live camera frames.

/** Luminance (BT.601 weights) of RGBA pixels. */
export function luminance(rgba: ArrayLike<number>, pixels: number): Uint8Array {
  const gray = new Uint8Array(pixels);
  for (let i = 0, p = 0; i < pixels; i++, p += 4) gray[i] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
  return gray;
}

function med3(a: number, b: number, c: number): number {
  if (a > b) [a, b] = [b, a];
  return c <= a ? a : c >= b ? b : c;
}

/**
 * The 3×3 median of a grey image (edges repeat their border pixels). Each column's three values are
 * sorted once per row; the median of nine is then the median of the largest minimum, the middle
 * median and the smallest maximum of three neighbouring columns (exact, and far faster than sorting).
 */
export function median3x3(gray: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(gray.length);
  const lo = new Uint8Array(width);
  const mid = new Uint8Array(width);
  const hi = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const above = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const below = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      let a = gray[above + x]!;
      let b = gray[row + x]!;
      let c = gray[below + x]!;
      if (a > b) [a, b] = [b, a];
      if (b > c) [b, c] = [c, b];
      if (a > b) [a, b] = [b, a];
      lo[x] = a;
      mid[x] = b;
      hi[x] = c;
    }
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      let low = lo[l]!;
      if (lo[x]! > low) low = lo[x]!;
      if (lo[r]! > low) low = lo[r]!;
      let high = hi[l]!;
      if (hi[x]! < high) high = hi[x]!;
      if (hi[r]! < high) high = hi[r]!;
      out[row + x] = med3(low, med3(mid[l]!, mid[x]!, mid[r]!), high);
    }
  }
  return out;
}

/** The image, median-filtered, as grey RGBA pixels for the reader. */
export function denoised(image: ImageData): ImageData {
  const { width, height } = image;
  const gray = median3x3(luminance(image.data, width * height), width, height);
  const out = new ImageData(width, height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    out.data[p] = out.data[p + 1] = out.data[p + 2] = gray[i]!;
    out.data[p + 3] = 255;
  }
  return out;
}
