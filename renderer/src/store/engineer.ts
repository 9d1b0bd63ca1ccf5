// The engineer using this kiosk, as main keeps it (Preferences 'engineer'): asked at first start,
// changed in Settings; main writes it on every audit entry the engineer makes.
import { create } from 'zustand';
import type { Engineer } from '../../../shared/api/audit.ts';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage, reportError } from './ui.ts';

interface EngineerState {
  engineer: Engineer | null;
  loaded: boolean;
  load(): Promise<void>;
  /** Saves the name and id; resolves with the sentence why not, or null when saved. */
  save(name: string, id: string): Promise<string | null>;
}

export const useEngineer = create<EngineerState>()((set) => ({
  engineer: null,
  loaded: false,
  async load() {
    try {
      const { engineer } = await kiosk().getEngineer({});
      set({ engineer, loaded: true });
    } catch (error) {
      reportError(error);
    }
  },
  async save(name, id) {
    try {
      const { engineer } = await kiosk().setEngineer({ name, id: id.trim() ? id : null });
      set({ engineer, loaded: true });
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  },
}));
