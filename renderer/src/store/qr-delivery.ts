// The response shown as a QR code on screen (one at a time, over every screen), and marking it
// delivered once the engineer saw the device take it, or once the device's receipt confirmed it.
import { create } from 'zustand';
import type { CallOutput } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage, reportError } from './ui.ts';

export type ShownResponse = CallOutput<'getResponseQr'>;

interface QrDeliveryState {
  shown: ShownResponse | null;
  /** The request whose QR is being fetched. */
  opening: string | null;
  marking: boolean;
  delivered: boolean;
  problem: string | null;
  /** What the device's receipt said, once one was captured. */
  deviceSaid: { confirmed: boolean; detail: string } | null;
  show(id: string): Promise<void>;
  close(): void;
  markDelivered(): Promise<void>;
  /** Main reported the shown request changed: has the device's receipt come in? */
  checkReceipt(): Promise<void>;
}

export const useQrDelivery = create<QrDeliveryState>()((set, get) => ({
  shown: null,
  opening: null,
  marking: false,
  delivered: false,
  problem: null,
  deviceSaid: null,
  async show(id) {
    if (get().opening) return;
    set({ opening: id });
    try {
      const shown = await kiosk().getResponseQr({ id });
      set({ shown, delivered: false, problem: null, deviceSaid: null });
    } catch (error) {
      reportError(error);
    } finally {
      set({ opening: null });
    }
  },
  close() {
    set({ shown: null, delivered: false, problem: null, marking: false, deviceSaid: null });
  },
  async markDelivered() {
    const { shown, marking, delivered, deviceSaid } = get();
    // A response the device refused is not delivered, whatever the engineer saw.
    if (!shown || marking || delivered || deviceSaid?.confirmed === false) return;
    set({ marking: true, problem: null });
    try {
      await kiosk().markDelivered({ id: shown.id, via: 'screen' });
      if (get().shown?.id === shown.id) set({ delivered: true });
    } catch (error) {
      set({ problem: errorMessage(error) });
    } finally {
      set({ marking: false });
    }
  },
  async checkReceipt() {
    const shown = get().shown;
    if (!shown) return;
    try {
      const { deviceReceipt } = await kiosk().getRequest({ id: shown.id });
      if (deviceReceipt && get().shown?.id === shown.id) set({ deviceSaid: { confirmed: deviceReceipt.outcome === 'applied', detail: deviceReceipt.detail } });
    } catch {
      // The view keeps its manual path; the next change tries again.
    }
  },
}));
