// The app's theme and language, kept in main (so the Electron window, the web host and main's own
// sentences agree). The theme is applied as data-theme on <html>: the stylesheet's light-dark()
// colours follow it, or the OS when it is 'system'. The language switches the shared i18next
// instance, which re-renders every translated text.
import { create } from 'zustand';
import type { UiPreferences } from '../../../shared/api/contract.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';

type Theme = UiPreferences['theme'];
type LanguageSetting = UiPreferences['language'];

function apply(preferences: Pick<UiPreferences, 'theme' | 'display'>): void {
  if (preferences.theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = preferences.theme;
  document.documentElement.lang = preferences.display.locale;
  setLanguage(preferences.display.language, preferences.display.locale);
}

interface AppearanceState extends UiPreferences {
  load: () => Promise<void>;
  setTheme: (theme: Theme) => Promise<void>;
  setLanguage: (language: LanguageSetting) => Promise<void>;
  /** Main's answer to starting or leaving kiosk mode (the calls refuse with a sentence the caller shows). */
  kioskModeChanged: (preferences: UiPreferences) => void;
}

export const useAppearance = create<AppearanceState>((set, get) => ({
  theme: 'system',
  language: 'system',
  display: { language: 'en', locale: 'en', system: 'en' },
  kioskMode: false,
  async load() {
    try {
      const preferences = await kiosk().getUiPreferences({});
      apply(preferences);
      set(preferences);
    } catch (error) {
      reportError(error);
    }
  },
  kioskModeChanged: (preferences) => set({ kioskMode: preferences.kioskMode }),
  async setTheme(theme) {
    apply({ theme, display: get().display });
    set({ theme });
    try {
      set(await kiosk().setUiPreferences({ theme }));
    } catch (error) {
      reportError(error);
    }
  },
  async setLanguage(language) {
    set({ language }); // the choice shows at once; the words follow main's answer
    try {
      const preferences = await kiosk().setUiPreferences({ language });
      apply(preferences);
      set(preferences);
    } catch (error) {
      reportError(error);
    }
  },
}));
