// The Deliver screen: responses ready for their devices (and delivered ones when asked for, to export
// again), the selection, and the last export's outcome.
import { create } from 'zustand';
import { MAX_EXPORT_ANSWERS, type CallOutput, type RequestSummary } from '../../../shared/api/contract.ts';
import type { RequestFilter } from '../../../shared/api/request-list.ts';
import { t } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { createRequestList, selectedCount, selectedIdsOf } from '../lists/request-list.ts';
import { downloadBase64 } from '../deliver-export/download.ts';
import { useAnswerExport } from '../deliver-export/export-store.ts';
import { useStatus } from './status.ts';
import { reportError, useUi } from './ui.ts';

type DeliverOutput = CallOutput<'deliver'>;

export interface ExportOutcome {
  at: string;
  mode: 'folder' | 'download';
  folder: string | null;
  written: DeliverOutput['written'];
  downloaded: { id: string; fileName: string }[];
  problems: (DeliverOutput['problems'][number] & { label: string })[];
}

/** Deliver's list: ready responses, latest first; delivered ones only when asked for. */
export const READY: RequestFilter = { states: ['fulfilled'] };
export const READY_AND_DELIVERED: RequestFilter = { states: ['fulfilled', 'delivered'] };

export const deliverList = createRequestList({ filter: READY, sort: { key: 'updatedAt', dir: 'desc' }, isShown: () => useUi.getState().screen === 'deliver' });

interface DeliverState {
  exporting: boolean;
  outcome: ExportOutcome | null;
  exportSelected(): Promise<void>;
}

export const useDeliver = create<DeliverState>()((set, get) => ({
  exporting: false,
  outcome: null,
  async exportSelected() {
    if (get().exporting || selectedCount(deliverList.getState()) === 0) return;
    const mode = useStatus.getState().status?.deliverTo ?? 'download';
    set({ exporting: true, outcome: null });
    try {
      const ids = await selectedIdsOf(deliverList);
      const labels = new Map(deliverList.getState().rows.map((r) => [r.id, r.responseFileName ?? deviceName(r)]));
      if (ids.length > MAX_EXPORT_ANSWERS) {
        reportError(new Error(t('lists:deliver.tooMany', { limit: MAX_EXPORT_ANSWERS, count: ids.length })));
      } else if (ids.length > 1) {
        // Many answers travel as one ZIP or folder with a manifest (progress and Cancel in AnswerExportPanel).
        const done = await useAnswerExport.getState().start(ids, mode, labels);
        if (done.length) deliverList.getState().selectAll(false);
      } else {
        useAnswerExport.getState().clearOutcome();
        const result = await kiosk().deliver({ ids, to: mode });
        if (result.files.length > 0) await downloadFiles(result.files);
        set({
          outcome: {
            at: new Date().toISOString(),
            mode,
            folder: result.folder,
            written: result.written,
            downloaded: result.files.map((f) => ({ id: f.id, fileName: f.fileName })),
            problems: result.problems.map((p) => ({ ...p, label: labels.get(p.id) ?? p.id.slice(0, 12) })),
          },
        });
        if (result.written.length + result.files.length > 0) deliverList.getState().selectAll(false);
      }
      void deliverList.getState().refresh();
    } catch (error) {
      reportError(error);
    } finally {
      set({ exporting: false });
    }
  },
}));

function deviceName(request: RequestSummary): string {
  return request.deviceLabel ?? t('lists:deliver.deviceShort', { id: request.deviceId.slice(0, 12) });
}

/** Hands each file to the browser as a download (web host only; many answers go as one ZIP). */
export async function downloadFiles(files: DeliverOutput['files']): Promise<void> {
  for (const file of files) downloadBase64(file.fileName, file.mediaType, file.contentBase64);
}
