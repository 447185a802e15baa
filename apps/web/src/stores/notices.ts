import { create } from 'zustand';

export interface Notice {
  id: number;
  text: string;
  tone: 'ok' | 'warn';
}

const SHOWN_MS = 6000;
let next = 1;

/**
 * Short notices that say a change was done ("win11-test: start asked of Proxmox"), read out by
 * screen readers and gone after six seconds (issue 21: every change confirms).
 */
export const useNotices = create<{ notices: Notice[]; say: (text: string, tone?: Notice['tone']) => void }>((set) => ({
  notices: [],
  say: (text, tone = 'ok') => {
    const id = next++;
    set((s) => ({ notices: [...s.notices.slice(-2), { id, text, tone }] }));
    setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })), SHOWN_MS);
  },
}));
