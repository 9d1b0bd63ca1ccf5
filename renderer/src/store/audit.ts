// The Audit screen: the filter, the total it matches, and the windows of entries main has sent for
// the rows on screen (pages of PAGE entries, asked for as the list scrolls; never the whole trail).
import { create } from 'zustand';
import type { AuditChainView, AuditEntryView, AuditFilter } from '../../../shared/api/audit.ts';
import { t } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { downloadFiles } from './deliver.ts';
import { notify, reportError } from './ui.ts';

export const AUDIT_PAGE = 200;

interface AuditState {
  filter: AuditFilter;
  /** Entries the filter matches; null until the first window arrived. */
  total: number | null;
  /** Page index → entries (newest first). */
  pages: Record<number, AuditEntryView[]>;
  /** Bumped on every new filter or refresh: answers for an older one are dropped. */
  generation: number;
  chain: AuditChainView | null;
  facets: { events: string[]; engineers: string[] };
  exporting: 'csv' | 'bundle' | null;
  setFilter(change: Partial<AuditFilter>): void;
  clearFilter(): void;
  refresh(): void;
  /** Makes sure the entries from `start` to `end` (indexes in the list) are loaded or on their way. */
  ensure(start: number, end: number): void;
  exportAs(format: 'csv' | 'bundle', to: 'folder' | 'download'): Promise<void>;
}

const inFlight = new Set<string>();

export const useAudit = create<AuditState>()((set, get) => {
  async function loadPage(page: number): Promise<void> {
    const { generation, filter } = get();
    const key = `${generation}:${page}`;
    if (inFlight.has(key) || get().pages[page]) return;
    inFlight.add(key);
    try {
      const result = await kiosk().listAudit({ filter, offset: page * AUDIT_PAGE, limit: AUDIT_PAGE });
      if (get().generation !== generation) return;
      set((state) => ({ total: result.total, chain: result.chain, pages: { ...state.pages, [page]: result.entries } }));
    } catch (error) {
      reportError(error);
    } finally {
      inFlight.delete(key);
    }
  }

  function restart(filter: AuditFilter): void {
    set((state) => ({ filter, pages: {}, total: null, generation: state.generation + 1 }));
    void loadPage(0);
    void kiosk()
      .getAuditFacets({})
      .then((facets) => set({ facets }), reportError);
  }

  return {
    filter: {},
    total: null,
    pages: {},
    generation: 0,
    chain: null,
    facets: { events: [], engineers: [] },
    exporting: null,
    setFilter(change) {
      const next: AuditFilter = { ...get().filter, ...change };
      for (const key of Object.keys(next) as (keyof AuditFilter)[]) if (next[key] === undefined || next[key] === '') delete next[key];
      restart(next);
    },
    clearFilter() {
      restart({});
    },
    refresh() {
      restart(get().filter);
    },
    ensure(start, end) {
      for (let page = Math.floor(start / AUDIT_PAGE); page <= Math.floor(end / AUDIT_PAGE); page++) void loadPage(page);
    },
    async exportAs(format, to) {
      if (get().exporting) return;
      set({ exporting: format });
      try {
        const result = await kiosk().exportAudit({ format, filter: get().filter, to });
        set({ chain: result.chain });
        if (result.file) await downloadFiles([{ id: format, ...result.file }]);
        const count = result.entries;
        if (result.file) notify(format === 'csv' ? t('common:store.auditCsv', { count, file: result.file.fileName }) : t('common:store.auditBundle', { count, file: result.file.fileName }));
        else if (result.folder) {
          const where = { count, folder: result.folder, file: result.fileName };
          notify(format === 'csv' ? t('common:store.auditCsvFolder', where) : t('common:store.auditBundleFolder', where));
        }
        get().refresh();
      } catch (error) {
        reportError(error);
      } finally {
        set({ exporting: null });
      }
    },
  };
});

/** The entry at list index `index`, if its page is loaded. */
export function entryAt(state: Pick<AuditState, 'pages'>, index: number): AuditEntryView | undefined {
  return state.pages[Math.floor(index / AUDIT_PAGE)]?.[index % AUDIT_PAGE];
}
