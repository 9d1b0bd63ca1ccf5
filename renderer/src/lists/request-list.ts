// One virtual list of requests (Queue or Deliver): the filter and sort main applies, the window of
// rows main sent for what is in view, the active row and the selection. A selection of "everything
// matching" is kept as the filter plus the rows taken out, so selecting 100,000 rows ships none.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { RequestSummary } from '../../../shared/api/contract.ts';
import type { BulkTarget, RequestFilter, RequestSort } from '../../../shared/api/request-list.ts';
import type { RequestState } from '../../../shared/api/states.ts';
import { kiosk } from '../kiosk-client.ts';
import { latestOnly } from '../store/latest.ts';
import { reportError } from '../store/ui.ts';

/** Rows fetched beyond what is in view, so a short scroll needs no call. */
const MARGIN = 60;
const MAX_WINDOW = 500;

export type Counts = Partial<Record<RequestState, number>>;

export interface Selection {
  /** True: every row matching the filter except `ids`; false: only `ids`. */
  all: boolean;
  ids: ReadonlySet<string>;
}

const NONE: Selection = { all: false, ids: new Set() };

export interface ListState {
  filter: RequestFilter;
  sort: RequestSort;
  loaded: boolean;
  total: number;
  counts: Counts;
  /** Rows main sent, starting at list position `offset`. */
  offset: number;
  rows: RequestSummary[];
  /** Positions in view (from the virtualiser). */
  view: { start: number; end: number };
  active: number;
  anchor: number;
  selection: Selection;
  /** Main changed requests while the list was not shown: refreshed when shown again. */
  stale: boolean;
}

export interface ListActions {
  setFilter(change: Partial<RequestFilter>): void;
  setSort(sort: RequestSort): void;
  setView(start: number, end: number): void;
  setActive(index: number): void;
  /** A click or a key on row `index`: plain replaces the selection, toggle adds or removes, range extends from the anchor. */
  select(index: number, how: 'only' | 'toggle' | 'range'): Promise<void>;
  selectAll(on: boolean): void;
  refresh(): Promise<void>;
}

export type ListStore = UseBoundStore<StoreApi<ListState & ListActions>>;

export function rowAt(state: ListState, index: number): RequestSummary | undefined {
  return index >= state.offset ? state.rows[index - state.offset] : undefined;
}

export function isSelected(selection: Selection, id: string): boolean {
  return selection.all !== selection.ids.has(id);
}

export function selectedCount(state: Pick<ListState, 'selection' | 'total'>): number {
  return state.selection.all ? state.total - state.selection.ids.size : state.selection.ids.size;
}

/** What a bulk call acts on: the named rows, or the filter minus the rows taken out. */
export function bulkTarget(state: Pick<ListState, 'selection' | 'filter'>): BulkTarget {
  const ids = [...state.selection.ids];
  return state.selection.all ? { filter: state.filter, except: ids } : { ids };
}

/** The ids of a list's selection: the named ones, or every one matching its filter but those taken out. */
export async function selectedIdsOf(list: ListStore): Promise<string[]> {
  const { selection, filter } = list.getState();
  if (!selection.all) return [...selection.ids];
  const { ids } = await kiosk().listRequestIds(filter);
  return ids.filter((id) => !selection.ids.has(id));
}

/** Main's change events refresh a shown list at most this often. */
const CHANGE_REFRESH_MS = 500;

export function createRequestList(initial: { filter: RequestFilter; sort: RequestSort; isShown: () => boolean }): ListStore & { changed(): void } {
  const store = create<ListState & ListActions>()((set, get) => {
    const fetchWindow = latestOnly(async () => {
      const { view, filter, sort } = get();
      const offset = Math.max(0, view.start - MARGIN);
      const limit = Math.min(MAX_WINDOW, view.end - view.start + 2 * MARGIN);
      try {
        const result = await kiosk().listRequests({ ...filter, sort, offset, limit });
        const now = get();
        if (now.filter !== filter || now.sort !== sort) return;
        set({ rows: result.requests, offset: result.offset, total: result.total, counts: result.counts, loaded: true, stale: false, active: Math.min(now.active, Math.max(0, result.total - 1)) });
      } catch (error) {
        reportError(error);
      }
    });

    let searchTimer: ReturnType<typeof setTimeout> | undefined;
    const reset = (change: Partial<ListState>) => {
      set({ ...change, selection: NONE, active: 0, anchor: 0, rows: [], offset: 0 });
      void fetchWindow();
    };

    /** The ids at positions from..to, from the rows at hand or fetched in windows. */
    async function idsBetween(from: number, to: number): Promise<string[]> {
      const state = get();
      const ids: string[] = [];
      for (let index = from; index <= to; index++) {
        const row = rowAt(state, index);
        if (!row) break;
        ids.push(row.id);
      }
      for (let offset = from + ids.length; offset <= to; offset += MAX_WINDOW) {
        const { requests } = await kiosk().listRequests({ ...state.filter, sort: state.sort, offset, limit: Math.min(MAX_WINDOW, to - offset + 1) });
        ids.push(...requests.map((r) => r.id));
      }
      return ids;
    }

    return {
      ...initial,
      loaded: false,
      total: 0,
      counts: {},
      offset: 0,
      rows: [],
      view: { start: 0, end: 40 },
      active: 0,
      anchor: 0,
      selection: NONE,
      stale: true,
      setFilter(change) {
        const filter = { ...get().filter, ...change };
        clearTimeout(searchTimer);
        if (change.search === undefined) {
          // Any search typed so far goes along now.
          reset({ filter });
          return;
        }
        // Typing: the box shows each key; the list follows a moment later.
        set({ filter });
        searchTimer = setTimeout(() => reset({}), 150);
      },
      setSort(sort) {
        reset({ sort });
      },
      setView(start, end) {
        const state = get();
        set({ view: { start, end } });
        const covered = start >= state.offset && end <= state.offset + state.rows.length;
        if (!covered && state.loaded) void fetchWindow();
      },
      setActive(index) {
        set({ active: Math.max(0, Math.min(index, get().total - 1)) });
      },
      async select(index, how) {
        const state = get();
        const row = rowAt(state, index);
        if (!row && how !== 'range') return;
        if (how === 'only') {
          set({ selection: { all: false, ids: new Set([row!.id]) }, active: index, anchor: index });
        } else if (how === 'toggle') {
          const ids = new Set(state.selection.ids);
          if (ids.has(row!.id)) ids.delete(row!.id);
          else ids.add(row!.id);
          set({ selection: { all: state.selection.all, ids }, active: index, anchor: index });
        } else {
          set({ active: index });
          const range = await idsBetween(Math.min(state.anchor, index), Math.max(state.anchor, index));
          set({ selection: { all: false, ids: new Set(range) } });
        }
      },
      selectAll(on) {
        set({ selection: on ? { all: true, ids: new Set() } : NONE });
      },
      refresh: fetchWindow,
    };
  });
  // A sync sends a change for every request twice; the list follows at most every CHANGE_REFRESH_MS (at
  // once for the first change after a quiet spell), so a page left open does not slow sync down.
  let lastRefresh = 0;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const refreshSoon = () => {
    if (pending) return;
    const wait = Math.max(0, lastRefresh + CHANGE_REFRESH_MS - Date.now());
    pending = setTimeout(() => {
      pending = null;
      lastRefresh = Date.now();
      void store.getState().refresh();
    }, wait);
  };
  return Object.assign(store, {
    /** Main changed requests: a list on screen refreshes the rows in view and the counts; a hidden one waits. */
    changed() {
      if (initial.isShown()) refreshSoon();
      else store.setState({ stale: true });
    },
  });
}
