import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage } from '../store/ui.ts';
import { useAppearance } from './appearance-store.ts';

/** While kiosk mode is on: a side-bar button that asks for the PIN in an in-app dialog. */
export function LeaveKioskMode() {
  const { t } = useTranslation('settings');
  const on = useAppearance((s) => s.kioskMode);
  const changed = useAppearance((s) => s.kioskModeChanged);
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  if (!on) return null;

  const leave = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      changed(await kiosk().leaveKioskMode({ pin }));
      setOpen(false);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
    setPin('');
  };

  return (
    <>
      <button type="button" className="sidebar-help" onClick={() => (setError(null), setOpen(true))} data-testid="leave-kiosk-mode">
        {t('leaveKioskMode.open')}
      </button>
      <dialog ref={dialog} className="help-sheet kiosk-pin" aria-labelledby="kiosk-pin-title" onClose={() => setOpen(false)}>
        <form onSubmit={(event) => void leave(event)} noValidate>
          <h2 id="kiosk-pin-title">{t('leaveKioskMode.title')}</h2>
          <div className={`field${error ? ' has-error' : ''}`}>
            <label htmlFor="kiosk-pin">{t('leaveKioskMode.pin')}</label>
            <input id="kiosk-pin" type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} aria-invalid={Boolean(error)} aria-describedby={error ? 'kiosk-pin-error' : undefined} onChange={(e) => setPin(e.currentTarget.value.trim())} />
            {error ? (
              <p id="kiosk-pin-error" className="field-error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
          <div className="kiosk-pin-actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('leaveKioskMode.stay')}
            </button>
            <button type="submit" className="button button-primary">
              {t('leaveKioskMode.leave')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
