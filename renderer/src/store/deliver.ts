// The Deliver screen: responses ready for their devices (and delivered ones, to export again), the
// selection, and the last export's outcome.
import { create } from 'zustand';
import type { CallOutput, RequestSummary } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
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

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Hands each file to the browser as a download (web host only). */
export async function downloadFiles(files: DeliverOutput['files']): Promise<void> {
  for (const [index, file] of files.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, 150));
    const url = URL.createObjectURL(new Blob([base64ToBytes(file.contentBase64)], { type: file.mediaType || 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
