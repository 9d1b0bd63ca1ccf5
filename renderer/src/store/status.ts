// The kiosk's status as main last reported it, and the "Sync now" action.
import { create } from 'zustand';
import type { CallOutput, Status } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from './ui.ts';

interface StatusState {
  status: Status | null;
  /** True from pressing "Sync now" until main answers. */
  syncRequested: boolean;
  lastSyncResult: (CallOutput<'syncNow'> & { at: string }) | null;
  demoStarting: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  useDemoConnection(): Promise<void>;
}

export const useStatus = create<StatusState>()((set, get) => ({
  status: null,
  syncRequested: false,
  lastSyncResult: null,
  demoStarting: false,
  async refresh() {
    try {
      set({ status: await kiosk().getStatus({}) });
    } catch (error) {
      reportError(error);
    }
  },
  async syncNow() {
    if (get().syncRequested) return;
    set({ syncRequested: true });
    try {
      const result = await kiosk().syncNow({});
      set({ lastSyncResult: { ...result, at: new Date().toISOString() } });
    } catch (error) {
      reportError(error);
    } finally {
      set({ syncRequested: false });
    }
  },
  async setPaused(paused) {
    try {
      set({ status: await kiosk().setSyncPaused({ paused }) });
    } catch (error) {
      reportError(error);
    }
  },
  async useDemoConnection() {
    set({ demoStarting: true });
    try {
      await kiosk().useDemoConnection({});
      await get().refresh();
    } catch (error) {
      reportError(error);
    } finally {
      set({ demoStarting: false });
    }
  },
}));
