import type { Locale } from '../stores/locale';
import type de from './de.json';
import type en from './en.json';

export type MessageKey = keyof typeof en;
export type Dict = Record<MessageKey, string>;

/** Both dictionaries must have every key: a missing German string is a type error. */
const germanIsComplete: typeof de extends Dict ? true : never = true;
void germanIsComplete;

/**
 * Each language's labels load on their own, as a chunk of their own: a page needs only its
 * reader's (half the words of the first load). The first one is loaded before the app renders
 * (main.tsx); switching language loads the other before the switch.
 */
const LOADERS: Record<Locale, () => Promise<{ default: Dict }>> = {
  en: () => import('./en.json'),
  de: () => import('./de.json'),
};
export const DICTS: Partial<Record<Locale, Dict>> = {};

export async function loadDictionary(locale: Locale): Promise<void> {
  DICTS[locale] ??= (await LOADERS[locale]()).default;
}
