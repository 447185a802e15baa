import { create } from 'zustand';

export type Theme = 'dark' | 'light';
const KEY = 'ralf.theme';

function initial(): Theme {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const useTheme = create<{ theme: Theme; toggle: () => void }>((set, get) => ({
  theme: initial(),
  toggle: () => {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    globalThis.localStorage?.setItem(KEY, theme);
    set({ theme });
  },
}));
