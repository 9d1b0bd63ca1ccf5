// The Deliver screen: responses ready for their devices (and delivered ones when asked for, to export
// again), the selection, and the last export's outcome.
import { create } from 'zustand';
import type { CallOutput, RequestSummary } from '../../../shared/api/contract.ts';
import type { RequestFilter } from '../../../shared/api/request-list.ts';
import { kiosk } from '../kiosk-client.ts';
import { createRequestList, selectedCount } from '../lists/request-list.ts';
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

/** Main's deliver call takes at most this many ids at once. */
const DELIVER_CHUNK = 1000;

/**
 * Exports responses by id: the one call site of `deliver` (the ZIP export with progress replaces it).
 * Many ids go in chunks; the results are joined.
 */
async function exportResponses(ids: string[], mode: 'folder' | 'download'): Promise<DeliverOutput> {
  const joined: DeliverOutput = { folder: null, written: [], files: [], problems: [] };
  for (let start = 0; start < ids.length; start += DELIVER_CHUNK) {
    const result = await kiosk().deliver({ ids: ids.slice(start, start + DELIVER_CHUNK), to: mode });
    joined.folder ??= result.folder;
    joined.written.push(...result.written);
    joined.files.push(...result.files);
    joined.problems.push(...result.problems);
    if (mode === 'folder' && result.folder === null) break;
  }
  return joined;
}

/** The ids of the list's selection: named ones, or every one matching its filter but those taken out. */
async function selectedIds(): Promise<string[]> {
  const { selection, filter } = deliverList.getState();
  if (!selection.all) return [...selection.ids];
  const { ids } = await kiosk().listRequestIds(filter);
  return ids.filter((id) => !selection.ids.has(id));
}

export const useDeliver = create<DeliverState>()((set, get) => ({
  exporting: false,
  outcome: null,
  async exportSelected() {
    if (get().exporting || selectedCount(deliverList.getState()) === 0) return;
    const mode = useStatus.getState().status?.deliverTo ?? 'download';
    set({ exporting: true });
    try {
      const ids = await selectedIds();
      const result = await exportResponses(ids, mode);
      if (result.files.length > 0) await downloadFiles(result.files);
      const { rows } = deliverList.getState();
      const byId = new Map(rows.map((r) => [r.id, r]));
      set({
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
      if (result.written.length + result.files.length > 0) deliverList.getState().selectAll(false);
      void deliverList.getState().refresh();
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
