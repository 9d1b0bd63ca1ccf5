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

export const useAppearance = create<{ theme: Theme; load: () => Promise<void>; setTheme: (theme: Theme) => Promise<void> }>((set) => ({
  theme: 'system',
  async load() {
    try {
      const { theme } = await kiosk().getUiPreferences({});
      apply(theme);
      set({ theme });
    } catch (error) {
      reportError(error);
    }
  },
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
