import { create } from 'zustand';

/** Whether the help sheet is open (one per window). */
export const useHelp = create<{ open: boolean; show: () => void; close: () => void }>((set) => ({
  open: false,
  show: () => set({ open: true }),
  close: () => set({ open: false }),
}));
