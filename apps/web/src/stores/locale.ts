import { create } from 'zustand';
import { loadDictionary } from '../i18n/dictionaries';

export type Locale = 'en' | 'de';
export const LOCALES: Locale[] = ['de', 'en'];
const KEY = 'ralf.locale';

function initial(): Locale {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'en' || saved === 'de') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The UI language: the browser's by default, the operator's choice once made (its words load first). */
export const useLocale = create<{ locale: Locale; setLocale: (l: Locale) => void }>((set) => ({
  locale: initial(),
  setLocale: (locale) => {
    globalThis.localStorage?.setItem(KEY, locale);
    void loadDictionary(locale).then(() => set({ locale }));
  },
}));
