import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk, kioskClient } from '../kiosk-client.ts';
import { TextField } from '../settings/text-field.tsx';
import { errorMessage } from '../store/ui.ts';
import { useAppearance } from './appearance-store.ts';

/** Settings: start kiosk mode with a PIN (entered twice); the desktop app then fills the screen and only the PIN leaves it. */
export function KioskModeCard() {
  const { t } = useTranslation('settings');
  const on = useAppearance((s) => s.kioskMode);
  const changed = useAppearance((s) => s.kioskModeChanged);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inBrowser = kioskClient().transport !== 'electron';

  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!/^[0-9]{4,12}$/.test(pin)) return setError(t('kioskMode.pinFormat'));
    if (pin !== again) return setError(t('kioskMode.pinsDiffer'));
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
      <h2 id="kiosk-mode-title">{t('kioskMode.title')}</h2>
      {on ? (
        <p className="small">{t('kioskMode.on')}</p>
      ) : (
        <form className="kiosk-mode-form" onSubmit={(event) => void start(event)} noValidate>
          <p className="muted small">
            {t('kioskMode.intro')}
            {inBrowser ? ` ${t('kioskMode.inBrowser')}` : ''}
          </p>
          <TextField label={t('kioskMode.pin')} hint={t('kioskMode.pinHint')} error={error}>
            {(props) => <input {...props} type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.currentTarget.value.trim())} />}
          </TextField>
          <TextField label={t('kioskMode.pinAgain')} hint={t('kioskMode.pinAgainHint')} error={undefined}>
            {(props) => <input {...props} type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.currentTarget.value.trim())} />}
          </TextField>
          <button type="submit" className="button">
            {t('kioskMode.start')}
          </button>
        </form>
      )}
    </section>
  );
}
