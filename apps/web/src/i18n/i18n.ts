import { useCallback } from 'react';
import { useLocale, type Locale } from '../stores/locale';
import de from './de.json';
import en from './en.json';

export type MessageKey = keyof typeof en;
type Vars = Record<string, string | number>;

/** Both dictionaries must have every key: a missing German string is a type error. */
const DICTS: Record<Locale, Record<MessageKey, string>> = { en, de };

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = DICTS[locale][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export type T = (key: MessageKey, vars?: Vars) => string;

/** True when the dictionaries have `key` (a reason code the BFF sent that this build knows). */
export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** Every visible string goes through this hook (issue 2: i18n from day one). */
export function useT(): T {
  const locale = useLocale((s) => s.locale);
  return useCallback((key, vars) => translate(locale, key, vars), [locale]);
}
