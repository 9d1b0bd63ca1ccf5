// Which screen is showing, the error toasts, and whether the link to main is up.
import { create } from 'zustand';
import { KioskError } from '../../../shared/api/errors.ts';

export const SCREENS = ['capture', 'queue', 'deliver', 'settings', 'audit'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Toast {
  id: number;
  message: string;
  code: string | null;
  /** Errors stay until dismissed; news (a sync that ended) goes away by itself. */
  /** 'warn': news that something needs attention (amber, alert icon), not a failed call. */
  tone: 'error' | 'warn' | 'info';
}

interface UiState {
  screen: Screen;
  /** Bumped when the screen was switched from the keyboard: the screen then takes focus. */
  focusToken: number;
  toasts: Toast[];
  /** True while the event stream to the kiosk service is broken. */
  linkLost: boolean;
  showScreen(screen: Screen, options?: { focus?: boolean }): void;
  dismissToast(id: number): void;
}

export const useUi = create<UiState>()((set) => ({
  screen: 'capture',
  focusToken: 0,
  toasts: [],
  linkLost: false,
  showScreen: (screen, options) =>
    set((state) => ({ screen, focusToken: options?.focus ? state.focusToken + 1 : state.focusToken })),
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

let nextToastId = 1;

/** The sentence to show for a failed call. */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Electron prefixes errors that cross IPC; the engineer only needs the sentence.
  return raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

/** Shows a failed call as a dismissible toast (the same message twice is shown once). */
export function reportError(error: unknown): void {
  const message = errorMessage(error);
  const code = error instanceof KioskError ? error.code : null;
  useUi.setState((state) => {
    if (state.toasts.some((t) => t.message === message)) return state;
    const toasts = [...state.toasts, { id: nextToastId++, message, code, tone: 'error' as const }];
    return { toasts: toasts.slice(-4) };
  });
}

const INFO_TOAST_MS = 8000;

/** Shows a piece of news (not an error) for a few seconds; 'warn' when it needs attention. */
export function notify(message: string, tone: 'info' | 'warn' = 'info'): void {
  const id = nextToastId++;
  useUi.setState((state) => ({ toasts: [...state.toasts.filter((t) => t.tone === 'error' || t.message !== message), { id, message, code: null, tone }].slice(-4) }));
  setTimeout(() => useUi.getState().dismissToast(id), INFO_TOAST_MS);
}
