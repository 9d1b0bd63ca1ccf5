// Bulk actions on a list's selection: one in-app confirmation, one call to main, one result summary.
import { create } from 'zustand';
import type { BulkAction, BulkResult, BulkTarget } from '../../../shared/api/request-list.ts';
import { kiosk } from '../kiosk-client.ts';
import { plural } from '../format.ts';
import { errorMessage } from '../store/ui.ts';

export interface BulkAsk {
  action: BulkAction;
  target: BulkTarget;
  /** How many requests it names (the summary says how many could be moved). */
  count: number;
  /** What the confirmation says is chosen, e.g. "12 selected requests". */
  what: string;
  /** Which list asked, so its summary and refresh go there. */
  list: 'queue' | 'deliver';
}

export interface BulkSummary {
  list: 'queue' | 'deliver';
  tone: 'good' | 'warn' | 'bad';
  text: string;
}

interface BulkState {
  asking: BulkAsk | null;
  running: boolean;
  summary: BulkSummary | null;
  ask(ask: BulkAsk): void;
  dismiss(): void;
  confirm(onDone: () => Promise<void>): Promise<void>;
  clearSummary(): void;
}

export const ACTION_WORDS: Record<BulkAction, { verb: string; done: string; button: string }> = {
  retry: { verb: 'Retry', done: 'Queued again', button: 'Retry' },
  cancel: { verb: 'Cancel', done: 'Cancelled', button: 'Cancel requests' },
};

export function summaryText(result: BulkResult): { tone: BulkSummary['tone']; text: string } {
  const skipped = result.skipped.map((s) => `${s.count} ${s.reason}`).join('; ');
  const done = `${ACTION_WORDS[result.action].done}: ${plural(result.done, 'request')}.`;
  if (!skipped) return { tone: 'good', text: done };
  return { tone: result.done > 0 ? 'warn' : 'bad', text: `${done} Left as they were: ${skipped}.` };
}

export const useBulk = create<BulkState>()((set, get) => ({
  asking: null,
  running: false,
  summary: null,
  ask(ask) {
    set({ asking: ask, summary: null });
  },
  dismiss() {
    if (!get().running) set({ asking: null });
  },
  async confirm(onDone) {
    const asking = get().asking;
    if (!asking || get().running) return;
    set({ running: true });
    try {
      const result = await kiosk().bulkRequests({ action: asking.action, target: asking.target });
      set({ summary: { list: asking.list, ...summaryText(result) } });
    } catch (error) {
      set({ summary: { list: asking.list, tone: 'bad', text: errorMessage(error) } });
    } finally {
      set({ running: false, asking: null });
      await onDone();
    }
  },
  clearSummary() {
    set({ summary: null });
  },
}));
