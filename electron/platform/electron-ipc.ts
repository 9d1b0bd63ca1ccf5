// The contract over Electron IPC: one handler per call, each checking that the sender is our own
// page (main frame, app:// origin) before the core validates the input itself.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { t } from '../../shared/i18n/index.ts';
import { CALL_NAMES, callChannel, EVENT_CHANNEL } from '../../shared/api/methods.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import { isAppUrl } from './app-protocol.ts';

export function connectIpc(core: KioskCore, window: () => BrowserWindow | null): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.senderFrame !== null && event.senderFrame.parent === null && isAppUrl(event.senderFrame.url) && event.sender === window()?.webContents;
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), (event, input: unknown) =>
      trusted(event) ? core.call(name, input) : { ok: false, error: { code: 'not_allowed', message: t('host:ipc.notKioskWindow') } },
    );
  }
  const unsubscribe = core.subscribe(({ event, payload }) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload);
  });
  return () => {
    unsubscribe();
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}
