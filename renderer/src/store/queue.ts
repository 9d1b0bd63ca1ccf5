// The Queue screen's list (with its filter and search) and the request open in the detail panel.
import { create } from 'zustand';
import type { RequestDetail, RequestSummary } from '../../../shared/api/contract.ts';
import type { RequestState } from '../../../shared/api/states.ts';
import { kiosk } from '../kiosk-client.ts';
import { latestOnly } from './latest.ts';
import { reportError } from './ui.ts';

export type Counts = Partial<Record<RequestState, number>>;

interface QueueState {
  requests: RequestSummary[];
  counts: Counts;
  loaded: boolean;
  filter: RequestState | null;
  search: string;
  openId: string | null;
  detail: RequestDetail | null;
  /** The action running on the open request, if any. */
  acting: 'retry' | 'cancel' | 'restore' | 'key' | null;
  setFilter(filter: RequestState | null): void;
  setSearch(search: string): void;
  open(id: string): void;
  close(): void;
  retry(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  setLicenseKey(id: string, licenseKey: string): Promise<void>;
}

export const useQueue = create<QueueState>()((set, get) => ({
  requests: [],
  counts: {},
  loaded: false,
  filter: null,
  search: '',
  openId: null,
  detail: null,
  acting: null,
  setFilter(filter) {
    set({ filter });
    void refreshQueue();
  },
  setSearch(search) {
    set({ search });
    scheduleSearch();
  },
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
    await Promise.all([refreshQueue(), refreshDetail()]);
  } catch (error) {
    reportError(error);
  } finally {
    useQueue.setState({ acting: null });
  }
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSearch(): void {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void refreshQueue(), 200);
}

export const refreshQueue = latestOnly(async () => {
  const { filter, search } = useQueue.getState();
  try {
    const result = await kiosk().listRequests({
      ...(filter ? { states: [filter] } : {}),
      ...(search.trim() ? { search: search.trim().slice(0, 200) } : {}),
    });
    useQueue.setState({ requests: result.requests, counts: result.counts, loaded: true });
  } catch (error) {
    reportError(error);
  }
});

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
