// The Queue screen's list (a virtual window onto main's queue) and the request open in the detail panel.
import { create } from 'zustand';
import type { RequestDetail } from '../../../shared/api/contract.ts';
import { DEFAULT_SORT } from '../../../shared/api/request-list.ts';
import { kiosk } from '../kiosk-client.ts';
import { createRequestList } from '../lists/request-list.ts';
import { latestOnly } from './latest.ts';
import { reportError, useUi } from './ui.ts';

export const queueList = createRequestList({ filter: {}, sort: DEFAULT_SORT, isShown: () => useUi.getState().screen === 'queue' });

interface QueueState {
  openId: string | null;
  detail: RequestDetail | null;
  /** The action running on the open request, if any. */
  acting: 'retry' | 'cancel' | 'restore' | 'key' | null;
  open(id: string): void;
  close(): void;
  retry(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  setLicenseKey(id: string, licenseKey: string): Promise<void>;
}

export const useQueue = create<QueueState>()((set, get) => ({
  openId: null,
  detail: null,
  acting: null,
  open(id) {
    if (get().openId === id) return;
    set({ openId: id, detail: null });
    void refreshDetail();
  },
  close() {
    set({ openId: null, detail: null });
  },
  async retry(id) {
    await act('retry', () => kiosk().retryRequest({ id }));
  },
  async cancel(id) {
    await act('cancel', () => kiosk().cancelRequest({ id }));
  },
  async restore(id) {
    await act('restore', () => kiosk().restoreRequest({ id }));
  },
  async setLicenseKey(id, licenseKey) {
    await act('key', () => kiosk().setLicenseKey({ id, licenseKey }));
  },
}));

async function act(kind: 'retry' | 'cancel' | 'restore' | 'key', call: () => Promise<unknown>): Promise<void> {
  useQueue.setState({ acting: kind });
  try {
    await call();
    // Main will also announce the change; refreshing here makes the result show at once.
    await Promise.all([queueList.getState().refresh(), refreshDetail()]);
  } catch (error) {
    reportError(error);
  } finally {
    useQueue.setState({ acting: null });
  }
}

export const refreshDetail = latestOnly(async () => {
  const id = useQueue.getState().openId;
  if (!id) return;
  try {
    const detail = await kiosk().getRequest({ id });
    if (useQueue.getState().openId === id) useQueue.setState({ detail });
  } catch (error) {
    if (useQueue.getState().openId === id) useQueue.setState({ openId: null, detail: null });
    reportError(error);
  }
});
