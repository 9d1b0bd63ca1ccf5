// A response shown full screen for a device's camera: one QR code when it fits the chosen density,
// otherwise animated UR frames at the chosen speed. Keys: Space pauses, + and - change the speed,
// the arrow keys the density, Enter marks it delivered (unless the device refused it), Esc closes.
// A hand-held scanner works here as on the Capture screen (the device's receipt confirms the
// delivery); its keys are never shortcuts.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ScanNotice, useScanNotice } from '../capture/ScanNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { formatBytes } from '../format.ts';
import { useScannerInput } from '../scanner/use-scanner-input.ts';
import { useQrDelivery, type ShownResponse } from '../store/qr-delivery.ts';
import type { UrEncoder } from '../../../shared/qr/ur.ts';
import { clamp, DENSITY, responseFrames, SPEED } from './qr-animation.ts';
import { QrCanvas } from './QrCanvas.tsx';
import './qr-delivery.css';

/** Mounted once by the app: shows whichever response the store holds. */
export function QrDeliveryOverlay() {
  const shown = useQrDelivery((s) => s.shown);
  return shown ? <QrDeliveryView key={shown.id} shown={shown} /> : null;
}

function QrDeliveryView({ shown }: { shown: ShownResponse }) {
  const close = useQrDelivery((s) => s.close);
  const markDelivered = useQrDelivery((s) => s.markDelivered);
  const marking = useQrDelivery((s) => s.marking);
  const delivered = useQrDelivery((s) => s.delivered);
  const problem = useQrDelivery((s) => s.problem);
  const deviceSaid = useQrDelivery((s) => s.deviceSaid);
  const confirmed = delivered || deviceSaid?.confirmed === true;
  /** The device's receipt refused the response: it is not delivered, and cannot be marked so. */
  const refused = !confirmed && deviceSaid?.confirmed === false;
  const root = useRef<HTMLDivElement>(null);
  const [fps, setFps] = useState<number>(SPEED.initial);
  const [fragment, setFragment] = useState<number>(DENSITY.initial);
  const [paused, setPaused] = useState(false);

  // The hand-held scanner: a scan goes through the Capture screen's path; a receipt for this request
  // changes it in main, and the store shows the device's word below. A burst's first key cannot be
  // told from a person's (only the keys after it can): a shortcut it set off is undone when the burst
  // shows itself.
  const { notice: scan, scanned } = useScanNotice(null);
  const shortcuts = useRef<{ at: number; undo(): void }[]>([]);
  useScannerInput((burst) => void scanned(burst), {
    onBurstKey: (startedAt) => {
      for (const shortcut of shortcuts.current.reverse()) if (shortcut.at >= startedAt) shortcut.undo();
      shortcuts.current = [];
    },
  });
  const encoder = useMemo(() => responseFrames(shown.ur, fragment), [shown.ur, fragment]);
  const [frame, setFrame] = useState<{ encoder: UrEncoder; text: string; count: number } | null>(null);

  // A new density re-cuts the frames from the start.
  useEffect(() => setFrame({ encoder, text: encoder.nextPart(), count: 1 }), [encoder]);

  useEffect(() => {
    if (paused || encoder.isSinglePart) return;
    const timer = setInterval(() => {
      const text = encoder.nextPart();
      setFrame((f) => ({ encoder, text, count: f?.encoder === encoder ? f.count + 1 : 1 }));
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [encoder, fps, paused]);

  // Full screen where the platform allows it (a full-window overlay otherwise); leaving full screen closes the view.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = root.current;
    element?.focus();
    let entered = false;
    const onChange = (): void => {
      if (document.fullscreenElement === element) entered = true;
      else if (entered) close();
    };
    document.addEventListener('fullscreenchange', onChange);
    if (element && document.fullscreenEnabled && !document.fullscreenElement) element.requestFullscreen().catch(() => undefined);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      opener?.focus();
    };
  }, [close]);

  const speed = (delta: number): void => setFps((v) => clamp(v + delta, SPEED));
  const density = (delta: number): void => setFragment((v) => clamp(v + delta * DENSITY.step, DENSITY));

  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Tab') {
      keepFocusInside(event, root.current);
      return;
    }
    const onControl = (event.target as HTMLElement).closest('button, input');
    const keys: Record<string, () => void> = {
      Escape: close,
      ' ': () => setPaused((p) => !p),
      '+': () => speed(1),
      '=': () => speed(1),
      '-': () => speed(-1),
      ArrowRight: () => density(1),
      ArrowUp: () => density(1),
      ArrowLeft: () => density(-1),
      ArrowDown: () => density(-1),
      Enter: () => {
        if (confirmed) close();
        else if (!refused) void markDelivered();
      },
    };
    // Buttons and sliders keep their own Space, Enter and arrow keys.
    if (onControl && event.key !== 'Escape' && event.key !== '+' && event.key !== '=' && event.key !== '-') return;
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    const before = { fps, fragment, paused };
    shortcuts.current = [...shortcuts.current.slice(-15), { at: event.timeStamp, undo: () => restore(before) }];
    action();
  };
  const restore = (view: { fps: number; fragment: number; paused: boolean }): void => {
    setFps(view.fps);
    setFragment(view.fragment);
    setPaused(view.paused);
  };

  const current = frame?.encoder === encoder ? frame : null;
  const parts = encoder.isSinglePart ? 1 : encoder.seqLen;
  const position = encoder.isSinglePart ? 'One QR code: everything fits in it' : `Frame ${current?.count ?? 1} · ${parts} parts per pass`;

  return (
    <div
      ref={root}
      className="qr-delivery"
      role="dialog"
      aria-modal="true"
      aria-labelledby="qr-delivery-title"
      tabIndex={-1}
      data-testid="qr-delivery"
      data-fps={fps}
      data-fragment={fragment}
      data-parts={parts}
      data-frame={current?.count ?? 0}
      data-paused={paused || undefined}
      onKeyDown={onKey}
    >
      <div className="qr-delivery-code">
        {frame ? <QrCanvas text={frame.text} label={`QR code of the response for ${shown.deviceLabel}; ${position}`} /> : null}
      </div>
      <aside className="qr-delivery-panel">
        <div className="qr-delivery-head">
          <h2 id="qr-delivery-title">Show to {shown.deviceLabel}</h2>
          <button type="button" className="icon-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={close}>
            <Icon name="close" />
          </button>
        </div>
        <p className="muted">
          Hold the device&rsquo;s camera up to the screen until it reports the response read. It gets <span className="mono">{shown.fileName}</span> (
          {formatBytes(shown.envelopeBytes)} with its envelope).
        </p>
        <p className="muted" data-testid="qr-receipt-hint">
          If the device then shows a receipt QR, scan it with the hand-held scanner or the camera (the scanner right here, the camera on the Capture
          screen): the device confirms the delivery itself.
        </p>
        <p className="qr-delivery-counter" aria-live="off" data-testid="qr-frame-counter">
          {position}
          {paused && !encoder.isSinglePart ? ' — paused' : ''}
        </p>

        {encoder.isSinglePart ? null : (
          <div className="qr-control">
            <button type="button" className="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
              {paused ? 'Play' : 'Pause'} <kbd>Space</kbd>
            </button>
          </div>
        )}
        <div className="qr-control">
          <label htmlFor="qr-speed">
            Speed: <strong>{fps} frames/s</strong> <span className="muted small">(+ and −)</span>
          </label>
          <input id="qr-speed" type="range" min={SPEED.min} max={SPEED.max} step={1} value={fps} disabled={encoder.isSinglePart} onChange={(e) => setFps(Number(e.currentTarget.value))} />
        </div>
        <div className="qr-control">
          <label htmlFor="qr-density">
            Density: <strong>{fragment} bytes per frame</strong> <span className="muted small">(← and →)</span>
          </label>
          <input id="qr-density" type="range" min={DENSITY.min} max={DENSITY.max} step={DENSITY.step} value={fragment} onChange={(e) => setFragment(Number(e.currentTarget.value))} />
          <p className="muted small">Lower density gives coarser codes for weak cameras; a slower speed helps too.</p>
        </div>

        <div className="qr-delivery-done" aria-live="polite">
          {deviceSaid ? (
            <p className={`note ${deviceSaid.confirmed ? 'note-good' : 'note-bad'}`} data-testid="qr-device-receipt" data-confirmed={deviceSaid.confirmed}>
              <Icon name={deviceSaid.confirmed ? 'check' : 'alert'} size={16} /> <strong>{deviceSaid.confirmed ? 'Confirmed by the device' : 'The device refused the response'}</strong>
              {'. '}
              {deviceSaid.detail}.
            </p>
          ) : delivered ? (
            <p className="note note-good" data-testid="qr-delivered">
              <Icon name="check" size={16} /> Marked delivered; the history says it was shown as QR on screen.
            </p>
          ) : null}
          {scan && !(deviceSaid && scan.result?.requestId === shown.id) ? <ScanNotice notice={scan} /> : null}
          {problem ? (
            <p className="note note-bad" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        {refused ? (
          <p className="muted" data-testid="qr-refused-hint">
            The response is not delivered. Fix what the device names (its clock, for example) and let it read the code again: its new receipt then
            confirms the delivery. Or close this view and retry the request in the Queue for a fresh response.
          </p>
        ) : null}
        <div className="button-row">
          {confirmed || refused ? (
            <button type="button" className="button button-primary" onClick={close}>
              Close
            </button>
          ) : (
            <button type="button" className="button button-primary" disabled={marking} onClick={() => void markDelivered()}>
              <Icon name="check" size={16} /> Mark delivered <kbd>Enter</kbd>
            </button>
          )}
        </div>
      </aside>
    </div>
  );
}

/** Tab and Shift+Tab cycle through the view's controls, never into the screen underneath. */
function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  const focusable = Array.from(container?.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled)') ?? []);
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === container)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
