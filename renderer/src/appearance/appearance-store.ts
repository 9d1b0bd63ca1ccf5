// The app's theme, kept in main (so the Electron window and the web host agree) and applied as
// data-theme on <html>: the stylesheet's light-dark() colours follow it, or the OS when it is 'system'.
import { create } from 'zustand';
import type { UiPreferences } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';

type Theme = UiPreferences['theme'];

function apply(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

interface AppearanceState {
  theme: Theme;
  kioskMode: boolean;
  load: () => Promise<void>;
  setTheme: (theme: Theme) => Promise<void>;
  /** Main's answer to starting or leaving kiosk mode (the calls refuse with a sentence the caller shows). */
  kioskModeChanged: (preferences: UiPreferences) => void;
}

export const useAppearance = create<AppearanceState>((set) => ({
  theme: 'system',
  kioskMode: false,
  async load() {
    try {
      const preferences = await kiosk().getUiPreferences({});
      apply(preferences.theme);
      set(preferences);
    } catch (error) {
      reportError(error);
    }
  },
  kioskModeChanged: (preferences) => set({ kioskMode: preferences.kioskMode }),
  async setTheme(theme) {
    apply(theme);
    set({ theme });
    try {
      await kiosk().setUiPreferences({ theme });
    } catch (error) {
      reportError(error);
    }
  },
}));
