import { create } from 'zustand';

/**
 * Whether the command palette is open (issue 21), and what was typed while its code was still
 * loading (the first open of a page): the palette starts from it, so no keystroke is lost.
 */
export const usePalette = create<{
  open: boolean;
  draft: string;
  setOpen: (open: boolean) => void;
  setDraft: (draft: string) => void;
}>((set) => ({
  open: false,
  draft: '',
  setOpen: (open) => set({ open, draft: '' }),
  setDraft: (draft) => set({ draft }),
}));
