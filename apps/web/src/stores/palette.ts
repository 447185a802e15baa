import { create } from 'zustand';

/** Whether the command palette is open (issue 21); the palette's code loads on first open. */
export const usePalette = create<{ open: boolean; setOpen: (open: boolean) => void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
