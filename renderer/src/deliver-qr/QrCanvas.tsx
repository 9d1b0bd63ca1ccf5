// One QR code drawn on a canvas as large as its box allows: whole device pixels per module (crisp
// edges for a camera), black on white, with the four-module quiet zone the standard asks for.
import { useEffect, useRef, useState } from 'react';
import { qrMatrix } from '../../../shared/qr/qr-image.ts';

const QUIET_ZONE = 4;

export function QrCanvas({ text, label }: { text: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [side, setSide] = useState(0);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = (): void => setSide(Math.floor(Math.min(element.clientWidth, element.clientHeight)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const target = canvas.current;
    const context = target?.getContext('2d');
    if (!target || !context || side <= 0) return;
    const matrix = qrMatrix(text, 'L');
    const ratio = window.devicePixelRatio || 1;
    const modules = matrix.size + QUIET_ZONE * 2;
    const scale = Math.max(1, Math.floor((side * ratio) / modules));
    const pixels = modules * scale;
    target.width = pixels;
    target.height = pixels;
    target.style.width = `${pixels / ratio}px`;
    target.style.height = `${pixels / ratio}px`;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, pixels, pixels);
    context.fillStyle = '#000000';
    for (let y = 0; y < matrix.size; y++) {
      for (let x = 0; x < matrix.size; x++) {
        if (matrix.modules[y * matrix.size + x]) context.fillRect((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale);
      }
    }
    target.dataset.version = String(matrix.version);
  }, [text, side]);

  return (
    <div className="qr-canvas-box" ref={box}>
      <canvas ref={canvas} className="qr-canvas" role="img" aria-label={label} data-testid="qr-canvas" />
    </div>
  );
}
