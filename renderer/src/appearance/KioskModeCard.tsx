import { useState, type FormEvent } from 'react';
import { kiosk, kioskClient } from '../kiosk-client.ts';
import { TextField } from '../settings/text-field.tsx';
import { errorMessage } from '../store/ui.ts';
import { useAppearance } from './appearance-store.ts';

/** Settings: start kiosk mode with a PIN (entered twice); the desktop app then fills the screen and only the PIN leaves it. */
export function KioskModeCard() {
  const on = useAppearance((s) => s.kioskMode);
  const changed = useAppearance((s) => s.kioskModeChanged);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inBrowser = kioskClient().transport !== 'electron';

  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!/^[0-9]{4,12}$/.test(pin)) return setError('The PIN is 4 to 12 digits.');
    if (pin !== again) return setError('The two PINs differ: type the same PIN twice.');
    try {
      changed(await kiosk().startKioskMode({ pin }));
      setPin('');
      setAgain('');
      setError(undefined);
      if (inBrowser) void document.documentElement.requestFullscreen?.().catch(() => undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section className="card info-card" aria-labelledby="kiosk-mode-title" data-testid="kiosk-mode">
      <h2 id="kiosk-mode-title">Kiosk mode</h2>
      {on ? (
        <p className="small">On: leave it with “Leave kiosk mode” at the bottom of the side bar and the PIN.</p>
      ) : (
        <form className="kiosk-mode-form" onSubmit={(event) => void start(event)} noValidate>
          <p className="muted small">
            For a laptop kept for this work: the app fills the screen with no window controls, and leaving it asks for a PIN.
            {inBrowser ? ' In a browser the page only asks for full screen, which the browser can always leave: use the desktop app for a locked kiosk.' : ''}
          </p>
          <TextField label="PIN" hint="4 to 12 digits." error={error}>
            {(props) => <input {...props} type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.currentTarget.value.trim())} />}
          </TextField>
          <TextField label="PIN again" hint="The same PIN, to be sure it was typed as meant." error={undefined}>
            {(props) => <input {...props} type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.currentTarget.value.trim())} />}
          </TextField>
          <button type="submit" className="button">
            Start kiosk mode
          </button>
        </form>
      )}
    </section>
  );
}
