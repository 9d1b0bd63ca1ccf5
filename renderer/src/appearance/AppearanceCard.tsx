import { useAppearance } from './appearance-store.ts';
import './appearance.css';

const CHOICES = [
  { theme: 'system', label: 'Like the computer', hint: 'Follows the light or dark setting of the operating system' },
  { theme: 'light', label: 'Light', hint: 'Best in bright rooms and outdoors' },
  { theme: 'dark', label: 'Dark', hint: 'Easier on the eyes in dim control rooms' },
] as const;

/** Settings: the theme, as a radio group (arrow keys move between the choices). */
export function AppearanceCard() {
  const theme = useAppearance((s) => s.theme);
  const setTheme = useAppearance((s) => s.setTheme);
  return (
    <section className="card info-card" aria-labelledby="appearance-title" data-testid="appearance">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset className="appearance-choices">
        <legend className="visually-hidden">Theme</legend>
        {CHOICES.map((choice) => (
          <label key={choice.theme} className="appearance-choice">
            <input type="radio" name="theme" value={choice.theme} checked={theme === choice.theme} onChange={() => void setTheme(choice.theme)} />
            <span>
              <strong>{choice.label}</strong>
              <span className="muted"> — {choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
