// Y4M (YUV4MPEG2) writer for Chromium's fake camera (--use-file-for-fake-video-capture): I420
// frames converted from RGBA (BT.601 full-range luma; chroma neutral for grey QR images).
export interface RgbaFrame {
  width: number;
  height: number;
  rgba: Uint8ClampedArray | Uint8Array;
}

export function rgbaToI420(frame: RgbaFrame): Uint8Array {
  const { width: w, height: h, rgba } = frame;
  if (w % 2 || h % 2) throw new Error('I420 needs even width and height');
  const ySize = w * h;
  const cSize = (w / 2) * (h / 2);
  const out = new Uint8Array(ySize + cSize * 2);
  for (let i = 0; i < ySize; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < w / 2; x++) {
      let u = 0;
      let v = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((y * 2 + dy) * w + x * 2 + dx) * 4;
        const r = rgba[p]!;
        const g = rgba[p + 1]!;
        const b = rgba[p + 2]!;
        u += -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
        v += 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
      }
      out[ySize + y * (w / 2) + x] = Math.max(0, Math.min(255, Math.round(u / 4)));
      out[ySize + cSize + y * (w / 2) + x] = Math.max(0, Math.min(255, Math.round(v / 4)));
    }
  }
  return out;
}

/** A whole Y4M file; every frame must have the same size. `repeat` shows each image that many frames. */
export function writeY4m(frames: RgbaFrame[], fps: number, repeat = 1): Uint8Array {
  const first = frames[0];
  if (!first) throw new Error('no frames');
  const header = new TextEncoder().encode(`YUV4MPEG2 W${first.width} H${first.height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const tag = new TextEncoder().encode('FRAME\n');
  const planes = frames.map((f) => {
    if (f.width !== first.width || f.height !== first.height) throw new Error('all frames must have the same size');
    return rgbaToI420(f);
  });
  const total = header.length + planes.reduce((n, p) => n + (tag.length + p.length) * repeat, 0);
  const out = new Uint8Array(total);
  let o = 0;
  out.set(header, o);
  o += header.length;
  for (const p of planes) {
    for (let r = 0; r < repeat; r++) {
      out.set(tag, o);
      o += tag.length;
      out.set(p, o);
      o += p.length;
    }
  }
  return out;
}
