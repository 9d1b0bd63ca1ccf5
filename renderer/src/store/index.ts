// Wires the stores to main's events. Called once, before React renders: main is the source of truth
// and the stores only mirror what it reports.
import { syncFinishedText } from '../../../shared/api/sync-text.ts';
import { kiosk, kioskClient } from '../kiosk-client.ts';
import { deliverList } from './deliver.ts';
import { useQrDelivery } from './qr-delivery.ts';
import { queueList, refreshDetail, useQueue } from './queue.ts';
import { useStatus } from './status.ts';
import { useStorage, whenStorageSound } from './storage.ts';
import { notify, useUi } from './ui.ts';
import { useVisits } from '../visits/visits-store.ts';
import { startSticks, useSticks } from '../sticks/stick-store.ts';

export { useCapture } from './capture.ts';
export { deliverList, useDeliver } from './deliver.ts';
export { queueList, useQueue } from './queue.ts';
export { useStatus } from './status.ts';
export { useStorage } from './storage.ts';
export { errorMessage, reportError, useUi, SCREENS, type Screen } from './ui.ts';

let started = false;

/** The list of each screen; only the one on screen asks main for rows. */
const LISTS = { queue: queueList, deliver: deliverList } as const;

function refreshAll(): void {
  void useStatus.getState().refresh();
  void useVisits.getState().refresh();
  for (const list of Object.values(LISTS)) list.changed();
  void refreshDetail();
  void useSticks.getState().load();
}

export function startKiosk(): void {
  if (started) return;
  started = true;
  const client = kioskClient();
  startSticks(client);
  client.api.on('statusChanged', (status) => useStatus.setState({ status }));
  client.api.on('requestsChanged', ({ ids }) => {
    for (const list of Object.values(LISTS)) list.changed();
    useVisits.getState().changed();
    const openId = useQueue.getState().openId;
    if (openId && (ids.length === 0 || ids.includes(openId))) void refreshDetail();
    const shownId = useQrDelivery.getState().shown?.id;
    if (shownId && (ids.length === 0 || ids.includes(shownId))) void useQrDelivery.getState().checkReceipt();
  });
  // A list that missed changes while hidden catches up when its screen is shown.
  useUi.subscribe((state, previous) => {
    if (state.screen === previous.screen || !(state.screen in LISTS)) return;
    const list = LISTS[state.screen as keyof typeof LISTS];
    if (list.getState().stale) void list.getState().refresh();
  });
  client.api.on('syncFinished', (summary) => {
    const text = syncFinishedText(summary);
    // A pass where some failed is not good news: amber with the alert icon, not a green check.
    notify(`${text.title}: ${text.body}`, summary.failed > 0 ? 'warn' : 'info');
  });
  // The OS's word on the network: main checks the licensing APIs at once instead of at its next tick.
  // A hint only: if it cannot reach main, the link banner already says so.
  const reportNetwork = (online: boolean) => void kiosk().networkChanged({ online }).catch(() => undefined);
  window.addEventListener('online', () => reportNetwork(true));
  window.addEventListener('offline', () => reportNetwork(false));
  client.onLinkChange((connected) => {
    useUi.setState({ linkLost: !connected });
    // Events may have been missed while the link was down.
    if (!connected) return;
    if (useStorage.getState().storage?.state === 'ok') refreshAll();
    else void useStorage.getState().load();
  });
  // Nothing else is asked of main until it says its database is sound (a damaged one answers only this).
  whenStorageSound(refreshAll);
  void useStorage.getState().load();
}
