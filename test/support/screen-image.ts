// Screen-like images of QR codes for the image-import tests, drawn in the page (the browser is the
// image tool): a grey screen with a title and the codes placed on it, encoded as PNG or JPEG.
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';

export interface Placed {
  /** The code's text (drawn by the `qrcode` package), or a PNG of a code made elsewhere. */
  code: string | Uint8Array;
  x: number;
  y: number;
  size: number;
}

export async function compose(page: Page, width: number, height: number, codes: Placed[], type: 'image/png' | 'image/jpeg'): Promise<Buffer> {
  const pngs = await Promise.all(
    codes.map(async (c) => Buffer.from(typeof c.code === 'string' ? await QRCode.toBuffer(c.code, { errorCorrectionLevel: 'L', margin: 4, scale: 4 }) : c.code).toString('base64')),
  );
  const places = codes.map(({ x, y, size }) => ({ x, y, size }));
  const base64 = await page.evaluate(
    async ({ width, height, places, pngs, type }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#e9ecf1';
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#2b3340';
      context.font = '28px sans-serif';
      context.fillText('Device 7 — activation requests', 40, 50);
      for (const [i, c] of places.entries()) {
        const png = Uint8Array.from(atob(pngs[i]!), (ch) => ch.charCodeAt(0));
        const image = await createImageBitmap(new Blob([png], { type: 'image/png' }));
        context.imageSmoothingEnabled = false;
        context.drawImage(image, c.x, c.y, c.size, c.size);
      }
      const blob = await canvas.convertToBlob({ type, quality: 0.85 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    },
    { width, height, places, pngs, type },
  );
  return Buffer.from(base64, 'base64');
}
