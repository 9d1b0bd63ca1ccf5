// The sticks main reports (sticksChanged), and the outcome of the last import or write-back per
// stick, to show until the engineer acts again. Main decides what is new; this only mirrors it.
import { create } from 'zustand';
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
          title: `Imported from ${r.label}: ${plural(r.queued, 'request')} queued${r.duplicates ? `, ${r.duplicates} already in the queue` : ''}${failed.length ? `, ${failed.length} not imported` : ''}.`,
          lines: failed.map((x) => x.message),
        });
      } catch (error) {
        outcome(path, { tone: 'bad', title: errorMessage(error), lines: [] });
      }
    },
    async writeBack(path) {
      try {
        const r = await kiosk().writeAnswersToStick({ path });
        const parts = [`${plural(r.written.length, 'answer')} written`];
        if (r.alreadyThere) parts.push(`${r.alreadyThere} already there`);
        if (r.waiting) parts.push(`${r.waiting} still without an answer`);
        outcome(path, {
          tone: r.problems.length ? 'bad' : 'good',
          title: r.problems.length
            ? `${plural(r.problems.length, 'file')} did not get onto ${r.label} (${parts.join(', ')}):`
            : `Answers written back to ${r.label}: ${parts.join(', ')}. manifest.json and README.txt are on the stick.`,
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
