import { readerLanguage } from '@ralf/shared';
import { create } from 'zustand';
import { loadDictionary } from '../i18n/dictionaries';

export type Locale = 'en' | 'de';
export const LOCALES: Locale[] = ['de', 'en'];
const KEY = 'ralf.locale';

function initial(): Locale {
  const saved = globalThis.localStorage?.getItem(KEY);
  const locale = readerLanguage(saved, globalThis.navigator?.language);
  if (saved) remember(locale);
  return locale;
}

/**
 * Tells the server the language too, so the page it serves preloads these words beside the
 * scripts (issue 24); a UI setting, not a credential.
 */
function remember(locale: Locale) {
  if (globalThis.document) document.cookie = `ralf_locale=${locale}; path=/; max-age=31536000; samesite=lax`;
}

/** The UI language: the browser's by default, the operator's choice once made (its words load first). */
export const useLocale = create<{ locale: Locale; setLocale: (l: Locale) => void }>((set) => ({
  locale: initial(),
  setLocale: (locale) => {
    globalThis.localStorage?.setItem(KEY, locale);
    remember(locale);
    void loadDictionary(locale).then(() => set({ locale }));
  },
}));
