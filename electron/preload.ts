// Exposes the contract as `window.kiosk`: one method per call, events by name. The renderer never
// sees ipcRenderer. Runs sandboxed, so it imports only the zod-free name list.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallResult } from '../shared/api/errors.ts';
import { CALL_NAMES, callChannel, EVENT_CHANNEL, EVENT_NAMES, type EventName } from '../shared/api/methods.ts';

const api: Record<string, unknown> = {};
for (const name of CALL_NAMES) {
  api[name] = async (input: unknown) => {
    const result = (await ipcRenderer.invoke(callChannel(name), input)) as CallResult<unknown>;
    if (result.ok) return result.value;
    // contextBridge keeps only an Error's message, so the code travels inside it.
    throw new Error(`[${result.error.code}] ${result.error.message}`);
  };
}
api.on = (event: EventName, handler: (payload: unknown) => void) => {
  if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const listener = (_: IpcRendererEvent, name: EventName, payload: unknown) => {
    if (name === event) handler(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, listener);
  return () => void ipcRenderer.removeListener(EVENT_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('kiosk', api);
