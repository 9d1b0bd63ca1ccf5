// A desktop notification when a sync pass that sent requests ends, so the engineer can leave the
// window in the background while a long queue syncs. Clicking it brings the window back.
import { Notification, type BrowserWindow } from 'electron';
import type { EventPayload } from '../../shared/api/contract.ts';
import type { KioskCore } from '../core/kiosk-core.ts';
import { syncFinishedText } from '../../shared/api/sync-text.ts';

export function notifySyncFinished(core: KioskCore, window: () => BrowserWindow | null): () => void {
  return core.subscribe(({ event, payload }) => {
    if (event !== 'syncFinished' || !Notification.isSupported()) return;
    const win = window();
    // The engineer is looking at the window: its status bar already says it.
    if (win && win.isFocused()) return;
    const text = syncFinishedText(payload as EventPayload<'syncFinished'>);
    const notification = new Notification({ title: text.title, body: text.body, silent: false });
    notification.on('click', () => {
      const target = window();
      if (target && !target.isDestroyed()) {
        if (target.isMinimized()) target.restore();
        target.focus();
      }
    });
    notification.show();
  });
}
