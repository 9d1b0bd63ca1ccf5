// Bulk actions on a list's selection: one in-app confirmation, one call to main, one result summary.
import { create } from 'zustand';
import type { BulkAction, BulkResult, BulkTarget } from '../../../shared/api/request-list.ts';
import { kiosk } from '../kiosk-client.ts';
import { t } from '../../../shared/i18n/index.ts';
import { errorMessage } from '../store/ui.ts';

export interface BulkAsk {
  action: BulkAction;
  target: BulkTarget;
  /** How many requests it names (the summary says how many could be moved). */
  count: number;
  /** What the confirmation says is chosen: the whole list, the selection, or all refused for one reason. */
  scope: 'all' | 'selected' | 'reason';
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

export function summaryText(result: BulkResult): { tone: BulkSummary['tone']; text: string } {
  const skipped = result.skipped.map((s) => t('lists:bulk.skipped', { count: s.count, reason: s.reason })).join('; ');
  const done = t(`lists:bulk.done.${result.action}`, { count: result.done });
  if (!skipped) return { tone: 'good', text: done };
  return { tone: result.done > 0 ? 'warn' : 'bad', text: t('lists:bulk.leftAsTheyWere', { done, skipped }) };
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
