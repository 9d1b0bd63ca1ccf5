// The database as main found it at start. While it is damaged the app shows only the damaged-database
// screen; once the engineer restored a backup or started empty, `onSound` loads everything else.
import { create } from 'zustand';
import type { StorageView } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage } from './ui.ts';

interface StorageState {
  storage: StorageView | null;
  /** A sentence when main could not be asked, or a restore failed. */
  error: string | null;
  busy: boolean;
  load(): Promise<void>;
  restoreBackup(file: string): Promise<void>;
  startFresh(): Promise<void>;
}

let onSound: () => void = () => undefined;

/** What to do once the database is known to be sound (at start, or after a restore). */
export function whenStorageSound(action: () => void): void {
  onSound = action;
}

export const useStorage = create<StorageState>()((set, get) => {
  const settle = async (call: () => Promise<StorageView>): Promise<void> => {
    set({ busy: true, error: null });
    try {
      const storage = await call();
      const wasSound = get().storage?.state === 'ok';
      set({ storage, busy: false });
      if (storage.state === 'ok' && !wasSound) onSound();
    } catch (error) {
      set({ busy: false, error: errorMessage(error) });
    }
  };
  return {
    storage: null,
    error: null,
    busy: false,
    load: () => settle(() => kiosk().getStorage({})),
    restoreBackup: (file) => settle(() => kiosk().restoreBackup({ file })),
    startFresh: () => settle(() => kiosk().startFresh({ confirm: true })),
  };
});
