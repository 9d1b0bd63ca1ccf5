// A response shown full screen for a device's camera: one QR code when it fits the chosen density,
// otherwise animated UR frames at the chosen speed. Keys: Space pauses, + and - change the speed,
// the arrow keys the density, Enter marks it delivered (unless the device refused it), Esc closes.
// A hand-held scanner works here as on the Capture screen (the device's receipt confirms the
// delivery); its keys are never shortcuts.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanNotice, useScanNotice } from '../capture/ScanNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { Slots, slot } from '../components/Slots.tsx';
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
  const { t } = useTranslation(['lists', 'common']);
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
  const position = encoder.isSinglePart ? t('qr.oneCode') : t('qr.frame', { frame: current?.count ?? 1, parts });

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
        {frame ? <QrCanvas text={frame.text} label={t('qr.codeLabel', { device: shown.deviceLabel, position })} /> : null}
      </div>
      <aside className="qr-delivery-panel">
        <div className="qr-delivery-head">
          <h2 id="qr-delivery-title">{t('qr.title', { device: shown.deviceLabel })}</h2>
          <button type="button" className="icon-button" aria-label={t('qr.close')} title={t('qr.close')} onClick={close}>
            <Icon name="close" />
          </button>
        </div>
        <p className="muted">
          <Slots
            text={t('qr.intro', { file: slot('file'), size: formatBytes(shown.envelopeBytes) })}
            slots={{ file: <span className="mono">{shown.fileName}</span> }}
          />
        </p>
        <p className="muted" data-testid="qr-receipt-hint">
          {t('qr.receiptHint')}
        </p>
        <p className="qr-delivery-counter" aria-live="off" data-testid="qr-frame-counter">
          {position}
          {paused && !encoder.isSinglePart ? t('qr.paused') : ''}
        </p>

        {encoder.isSinglePart ? null : (
          <div className="qr-control">
            <button type="button" className="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
              {paused ? t('qr.play') : t('qr.pause')} <kbd>{t('qr.spaceKey')}</kbd>
            </button>
          </div>
        )}
        <div className="qr-control">
          <label htmlFor="qr-speed">
            <Slots
              text={t('qr.speed', { speed: slot('speed'), keys: slot('keys') })}
              slots={{ speed: <strong>{t('qr.speedValue', { fps })}</strong>, keys: <span className="muted small">{t('qr.speedKeys')}</span> }}
            />
          </label>
          <input id="qr-speed" type="range" min={SPEED.min} max={SPEED.max} step={1} value={fps} disabled={encoder.isSinglePart} onChange={(e) => setFps(Number(e.currentTarget.value))} />
        </div>
        <div className="qr-control">
          <label htmlFor="qr-density">
            <Slots
              text={t('qr.density', { density: slot('density'), keys: slot('keys') })}
              slots={{ density: <strong>{t('qr.densityValue', { bytes: fragment })}</strong>, keys: <span className="muted small">{t('qr.densityKeys')}</span> }}
            />
          </label>
          <input id="qr-density" type="range" min={DENSITY.min} max={DENSITY.max} step={DENSITY.step} value={fragment} onChange={(e) => setFragment(Number(e.currentTarget.value))} />
          <p className="muted small">{t('qr.densityHint')}</p>
        </div>

        <div className="qr-delivery-done" aria-live="polite">
          {deviceSaid ? (
            <p className={`note ${deviceSaid.confirmed ? 'note-good' : 'note-bad'}`} data-testid="qr-device-receipt" data-confirmed={deviceSaid.confirmed}>
              <Icon name={deviceSaid.confirmed ? 'check' : 'alert'} size={16} />{' '}
              <Slots
                text={t('qr.deviceSaid', { verdict: slot('verdict'), detail: deviceSaid.detail })}
                slots={{ verdict: <strong>{deviceSaid.confirmed ? t('qr.confirmed') : t('qr.deviceRefused')}</strong> }}
              />
            </p>
          ) : delivered ? (
            <p className="note note-good" data-testid="qr-delivered">
              <Icon name="check" size={16} /> {t('qr.marked')}
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
            {t('qr.refusedHint')}
          </p>
        ) : null}
        <div className="button-row">
          {confirmed || refused ? (
            <button type="button" className="button button-primary" onClick={close}>
              {t('common:close')}
            </button>
          ) : (
            <button type="button" className="button button-primary" disabled={marking} onClick={() => void markDelivered()}>
              <Icon name="check" size={16} /> {t('qr.markDelivered')} <kbd>{t('qr.enterKey')}</kbd>
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
