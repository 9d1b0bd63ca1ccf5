// A many-answer export as the Deliver screen follows it: main builds the ZIP or folder and reports
// progress; this store shows it, passes on a cancel and keeps the outcome until the next export.
import { create } from 'zustand';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';
import { downloadBase64 } from './download.ts';

export interface BundleOutcome {
  outcome: 'exported' | 'cancelled' | 'nothing';
  mode: 'folder' | 'download';
  /** The new folder (Electron) or the ZIP's name (web host). */
  where: string | null;
  count: number;
  problems: { id: string; message: string; label: string }[];
}

interface AnswerExportState {
  running: { exportId: string; done: number; total: number; cancelling: boolean } | null;
  outcome: BundleOutcome | null;
  /** Exports the answers; resolves with the ids exported. `labels` name the problem rows. */
  start(ids: string[], mode: 'folder' | 'download', labels: ReadonlyMap<string, string>): Promise<string[]>;
  cancel(): Promise<void>;
  clearOutcome(): void;
}

export const useAnswerExport = create<AnswerExportState>()((set, get) => ({
  running: null,
  outcome: null,
  async start(ids, mode, labels) {
    if (get().running) return [];
    const exportId = crypto.randomUUID();
    set({ running: { exportId, done: 0, total: ids.length, cancelling: false }, outcome: null });
    const stop = kiosk().on('exportProgress', (p) => {
      const running = get().running;
      if (running?.exportId === p.exportId) set({ running: { ...running, done: p.done, total: p.total } });
    });
    try {
      const result = await kiosk().exportAnswers({ exportId, ids });
      if (result.zip) downloadBase64(result.zip.fileName, 'application/zip', result.zip.contentBase64);
      set({
        outcome: {
          outcome: result.outcome,
          mode,
          where: result.folder ?? result.zip?.fileName ?? null,
          count: result.exported.length,
          problems: result.problems.map((p) => ({ ...p, label: labels.get(p.id) ?? p.id.slice(0, 12) })),
        },
      });
      return result.exported.map((e) => e.id);
    } catch (error) {
      reportError(error);
      return [];
    } finally {
      stop();
      set({ running: null });
    }
  },
  async cancel() {
    const running = get().running;
    if (!running || running.cancelling) return;
    set({ running: { ...running, cancelling: true } });
    try {
      await kiosk().cancelExport({ exportId: running.exportId });
    } catch (error) {
      reportError(error);
    }
  },
  clearOutcome() {
    set({ outcome: null });
  },
}));
