// Site visits as main reports them: the open one (shown on every screen), the list, the visit the
// Queue and Deliver show, and the report export. Main decides; this mirrors and asks.
import { create } from 'zustand';
import type { CallInput, VisitView } from '../../../shared/api/contract.ts';
import { t } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { deliverList, downloadFiles } from '../store/deliver.ts';
import { latestOnly } from '../store/latest.ts';
import { queueList, refreshDetail } from '../store/queue.ts';
import { notify, reportError } from '../store/ui.ts';

/** Which requests the Queue and Deliver list: every one, those of no visit, or one visit's. */
export type VisitFilter = 'all' | 'none' | string;

interface VisitsState {
  open: VisitView | null;
  visits: VisitView[];
  filter: VisitFilter;
  /** The visit just ended: its report is offered until dismissed. */
  justEnded: VisitView | null;
  busy: boolean;
  refresh(): Promise<void>;
  /** Requests changed: the visits are read again soon (their counts), not at every change. */
  changed(): void;
  setFilter(filter: VisitFilter): void;
  start(input: CallInput<'startVisit'>): Promise<boolean>;
  end(): Promise<void>;
  dismissEnded(): void;
  move(ids: string[], visitId: string | null): Promise<void>;
  exportReport(id: string, format: 'pdf' | 'csv'): Promise<void>;
}

/** Change events refresh the visits (and their counts) at most this often. */
const VISIT_REFRESH_MS = 1000;
let changeTimer: ReturnType<typeof setTimeout> | null = null;

export const useVisits = create<VisitsState>()((set, get) => ({
  open: null,
  visits: [],
  filter: 'all',
  justEnded: null,
  busy: false,
  refresh: () => refreshVisits(),
  changed: () => {
    // Requests changing (a sync) moves no request between visits; the bar's counts follow within a second.
    changeTimer ??= setTimeout(() => {
      changeTimer = null;
      void refreshVisits();
    }, VISIT_REFRESH_MS);
  },
  setFilter(filter) {
    set({ filter });
    // The lists filter in main: the chosen visit joins their filter (absent for "all").
    const { visitId } = { visitId: undefined, ...visitFilterInput() };
    for (const list of [queueList, deliverList]) list.getState().setFilter({ visitId });
  },
  async start(input) {
    set({ busy: true });
    try {
      const visit = await kiosk().startVisit(input);
      set({ justEnded: null });
      notify(t('visits:notices.started', { customer: visit.customer, site: visit.site }));
      await get().refresh();
      return true;
    } catch (error) {
      reportError(error);
      return false;
    } finally {
      set({ busy: false });
    }
  },
  async end() {
    const open = get().open;
    if (!open) return;
    set({ busy: true });
    try {
      const ended = await kiosk().endVisit({ id: open.id });
      set({ justEnded: ended });
      await get().refresh();
    } catch (error) {
      reportError(error);
    } finally {
      set({ busy: false });
    }
  },
  dismissEnded() {
    set({ justEnded: null });
  },
  async move(ids, visitId) {
    try {
      const { moved } = await kiosk().moveToVisit({ ids, visitId });
      const target = visitId === null ? t('visits:notices.noVisit') : t('visits:notices.visitTarget', { name: visitName(get().visits.find((v) => v.id === visitId)) });
      notify(moved.length ? t('visits:notices.moved', { count: moved.length, target }) : t('visits:notices.already', { target }));
      await Promise.all([get().refresh(), queueList.getState().refresh(), deliverList.getState().refresh(), refreshDetail()]);
    } catch (error) {
      reportError(error);
    }
  },
  async exportReport(id, format) {
    try {
      const out = await kiosk().exportVisitReport({ id, format });
      if (out.via === 'folder') notify(t('visits:notices.saved', { file: out.fileName, folder: out.folder }));
      else if (out.via === 'download') await downloadFiles([out.file]);
      else if (out.via === 'print') openPrintPage(out.url);
    } catch (error) {
      reportError(error);
    }
  },
}));

/** Calls never overlap: a sync's stream of changes asks main at most once at a time. */
const refreshVisits = latestOnly(async () => {
  try {
    const { open, visits } = await kiosk().listVisits({});
    const filter = useVisits.getState().filter;
    // A filter on a visit that is gone (another database restored) falls back to every request.
    useVisits.setState({ open, visits, ...(filter !== 'all' && filter !== 'none' && !visits.some((v) => v.id === filter) ? { filter: 'all' } : {}) });
  } catch (error) {
    reportError(error);
  }
});

/**
 * The web host's one-time report page, in a tab of its own that prints itself ("Save as PDF").
 * Opened without an opener, so it shares nothing with this tab (not even a copy of its session).
 */
function openPrintPage(url: string): void {
  window.open(url, '_blank', 'noopener');
  notify(t('visits:notices.printTab'));
}

export function visitName(visit: Pick<VisitView, 'customer' | 'site'> | undefined | null): string {
  return visit ? `${visit.customer} · ${visit.site}` : t('visits:unknown');
}

/** The listRequests filter for the chosen visit (none for "all"). */
export function visitFilterInput(): { visitId?: string | null } {
  const filter = useVisits.getState().filter;
  return filter === 'all' ? {} : { visitId: filter === 'none' ? null : filter };
}

/** A visit in a list of choices: "Acme · Plant 2 (WO-4711) — open", or with the day it started once ended. */
export function visitOption(visit: VisitView, withTicket: boolean): string {
  const name = withTicket && visit.ticket ? t('visits:option.ticket', { name: visitName(visit), ticket: visit.ticket }) : visitName(visit);
  return visit.endedAt ? t('visits:option.ended', { name, at: visit.startedAt }) : t('visits:option.open', { name });
}
