// The sticks main reports (sticksChanged), and the outcome of the last import or write-back per
// stick, to show until the engineer acts again. Main decides what is new; this only mirrors it.
import { create } from 'zustand';
import { t } from '../../../shared/i18n/index.ts';
import type { StickView } from '../../../shared/api/sticks.ts';
import type { KioskClient } from '../kiosk-client.ts';
import { kiosk } from '../kiosk-client.ts';
import { keepResults } from '../store/capture.ts';
import { errorMessage } from '../store/ui.ts';

export interface StickOutcome {
  tone: 'good' | 'bad';
  title: string;
  lines: string[];
}

interface StickState {
  sticks: StickView[];
  outcomes: Record<string, StickOutcome>;
  load(): Promise<void>;
  importFrom(path: string): Promise<void>;
  writeBack(path: string): Promise<void>;
}

/** "3 requests queued, 1 already in the queue, 2 not imported": what an import did, as one list. */
export function importedParts(queued: number, duplicates: number, failed: number): string {
  return [
    t('settings:sticks.queued', { count: queued }),
    ...(duplicates ? [t('settings:sticks.alreadyQueued', { count: duplicates })] : []),
    ...(failed ? [t('settings:sticks.notImported', { count: failed })] : []),
  ].join(', ');
}

export const useSticks = create<StickState>()((set) => {
  const outcome = (path: string, o: StickOutcome) => set((s) => ({ outcomes: { ...s.outcomes, [path]: o } }));
  return {
    sticks: [],
    outcomes: {},
    async load() {
      try {
        set({ sticks: (await kiosk().listSticks({})).sticks });
      } catch {
        // The link banner says when main cannot be reached; the next event fills the list.
      }
    },
    async importFrom(path) {
      try {
        const r = await kiosk().importFromStick({ path });
        const failed = r.results.filter((x) => x.outcome === 'error');
        // Each file's result joins the Capture screen's results too, as one capture.
        keepResults(r.results.map((x) => ({ name: `${r.label}: ${x.file}`, outcome: x.outcome, requestId: null, message: x.message })));
        outcome(path, {
          tone: failed.length ? 'bad' : 'good',
          title: t('settings:sticks.imported', { label: r.label, parts: importedParts(r.queued, r.duplicates, failed.length) }),
          lines: failed.map((x) => x.message),
        });
      } catch (error) {
        outcome(path, { tone: 'bad', title: errorMessage(error), lines: [] });
      }
    },
    async writeBack(path) {
      try {
        const r = await kiosk().writeAnswersToStick({ path });
        const parts = [t('settings:sticks.written', { count: r.written.length })];
        if (r.alreadyThere) parts.push(t('settings:sticks.alreadyThere', { count: r.alreadyThere }));
        if (r.waiting) parts.push(t('settings:sticks.waiting', { count: r.waiting }));
        outcome(path, {
          tone: r.problems.length ? 'bad' : 'good',
          title: r.problems.length
            ? t('settings:sticks.writeProblems', { count: r.problems.length, label: r.label, parts: parts.join(', ') })
            : t('settings:sticks.writtenBack', { label: r.label, parts: parts.join(', ') }),
          lines: r.problems.map((p) => p.message),
        });
      } catch (error) {
        outcome(path, { tone: 'bad', title: errorMessage(error), lines: [] });
      }
    },
  };
});

/** Mirrors main's stick list from its events (called once at start; the list is loaded with the rest). */
export function startSticks(client: KioskClient): void {
  client.api.on('sticksChanged', ({ sticks }) => useSticks.setState({ sticks }));
}
