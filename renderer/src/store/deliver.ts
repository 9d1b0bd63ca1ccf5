// The Deliver screen: responses ready for their devices (and delivered ones, to export again), the
// selection, and the last export's outcome.
import { create } from 'zustand';
import type { CallOutput, RequestSummary } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { downloadBase64 } from '../deliver-export/download.ts';
import { useAnswerExport } from '../deliver-export/export-store.ts';
import { latestOnly } from './latest.ts';
import { useStatus } from './status.ts';
import { reportError } from './ui.ts';

type DeliverOutput = CallOutput<'deliver'>;

export interface ExportOutcome {
  at: string;
  mode: 'folder' | 'download';
  folder: string | null;
  written: DeliverOutput['written'];
  downloaded: { id: string; fileName: string }[];
  problems: (DeliverOutput['problems'][number] & { label: string })[];
}

interface DeliverState {
  requests: RequestSummary[];
  loaded: boolean;
  selected: ReadonlySet<string>;
  exporting: boolean;
  outcome: ExportOutcome | null;
  toggle(id: string, on: boolean): void;
  selectAll(on: boolean): void;
  exportSelected(): Promise<void>;
}

/** Ids the screen has already shown: ready responses that are new to it start selected. */
const seen = new Set<string>();

export const useDeliver = create<DeliverState>()((set, get) => ({
  requests: [],
  loaded: false,
  selected: new Set(),
  exporting: false,
  outcome: null,
  toggle(id, on) {
    const selected = new Set(get().selected);
    if (on) selected.add(id);
    else selected.delete(id);
    set({ selected });
  },
  selectAll(on) {
    set({ selected: on ? new Set(get().requests.map((r) => r.id)) : new Set() });
  },
  async exportSelected() {
    const { requests, selected, exporting } = get();
    const ids = requests.filter((r) => selected.has(r.id)).map((r) => r.id);
    if (exporting || ids.length === 0) return;
    const mode = useStatus.getState().status?.deliverTo ?? 'download';
    set({ exporting: true });
    if (ids.length > 1) {
      // Many answers travel as one ZIP or folder with a manifest (progress and Cancel in AnswerExportPanel).
      set({ outcome: null });
      const labels = new Map(requests.map((r) => [r.id, r.responseFileName ?? deviceName(r)]));
      const done = new Set(await useAnswerExport.getState().start(ids, mode, labels));
      set({ exporting: false, selected: new Set([...get().selected].filter((id) => !done.has(id))) });
      void refreshDeliver();
      return;
    }
    useAnswerExport.getState().clearOutcome();
    try {
      const result = await kiosk().deliver({ ids, to: mode });
      if (result.files.length > 0) await downloadFiles(result.files);
      const byId = new Map(requests.map((r) => [r.id, r]));
      const done = new Set([...result.written.map((w) => w.id), ...result.files.map((f) => f.id)]);
      set({
        selected: new Set([...get().selected].filter((id) => !done.has(id))),
        outcome: {
          at: new Date().toISOString(),
          mode,
          folder: result.folder,
          written: result.written,
          downloaded: result.files.map((f) => ({ id: f.id, fileName: f.fileName })),
          problems: result.problems.map((p) => {
            const request = byId.get(p.id);
            return { ...p, label: request ? (request.responseFileName ?? deviceName(request)) : p.id.slice(0, 12) };
          }),
        },
      });
      void refreshDeliver();
    } catch (error) {
      reportError(error);
    } finally {
      set({ exporting: false });
    }
  },
}));

function deviceName(request: RequestSummary): string {
  return request.deviceLabel ?? `device ${request.deviceId.slice(0, 12)}`;
}

export const refreshDeliver = latestOnly(async () => {
  try {
    const { requests } = await kiosk().listRequests({ states: ['fulfilled', 'delivered'] });
    const ids = new Set(requests.map((r) => r.id));
    const selected = new Set([...useDeliver.getState().selected].filter((id) => ids.has(id)));
    for (const request of requests) {
      if (!seen.has(request.id) && request.state === 'fulfilled') selected.add(request.id);
      seen.add(request.id);
    }
    useDeliver.setState({ requests, selected, loaded: true });
  } catch (error) {
    reportError(error);
  }
});

/** Hands each file to the browser as a download (web host only; one answer: many go as one ZIP). */
async function downloadFiles(files: DeliverOutput['files']): Promise<void> {
  for (const file of files) downloadBase64(file.fileName, file.mediaType, file.contentBase64);
}
