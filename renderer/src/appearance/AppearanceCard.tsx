import { useTranslation } from 'react-i18next';
import { LANGUAGE_SETTINGS } from '../../../shared/i18n/index.ts';
import { useAppearance } from './appearance-store.ts';
import './appearance.css';

const THEMES = ['system', 'light', 'dark'] as const;

/** Settings: the theme and the language, as radio groups (arrow keys move between the choices). */
export function AppearanceCard() {
  const { t } = useTranslation('appearance');
  const theme = useAppearance((s) => s.theme);
  const language = useAppearance((s) => s.language);
  const display = useAppearance((s) => s.display);
  const setTheme = useAppearance((s) => s.setTheme);
  const setLanguage = useAppearance((s) => s.setLanguage);
  const systemName = t(`languages.${display.system}`);
  return (
    <section className="card info-card" aria-labelledby="appearance-title" data-testid="appearance">
      <h2 id="appearance-title">{t('title')}</h2>
      <fieldset className="appearance-choices">
        <legend className="visually-hidden">{t('theme')}</legend>
        {THEMES.map((choice) => (
          <label key={choice} className="appearance-choice">
            <input type="radio" name="theme" value={choice} checked={theme === choice} onChange={() => void setTheme(choice)} />
            <span>
              <strong>{t(`themes.${choice}.label`)}</strong>
              <span className="muted"> — {t(`themes.${choice}.hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="appearance-choices" data-testid="language">
        <legend>{t('language')}</legend>
        {LANGUAGE_SETTINGS.map((choice) => (
          <label key={choice} className="appearance-choice" lang={choice === 'system' ? undefined : choice}>
            <input type="radio" name="language" value={choice} checked={language === choice} onChange={() => void setLanguage(choice)} />
            <strong>{choice === 'system' ? t('languages.system', { name: systemName }) : t(`languages.${choice}`)}</strong>
          </label>
        ))}
        <p className="muted">{t('languageHint')}</p>
      </fieldset>
    </section>
  );
}

