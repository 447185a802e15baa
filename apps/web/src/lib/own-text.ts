import { formatMessage, type MessageParams } from '@ralf/shared';
import { useMemo } from 'react';
import { useLocale, type Locale } from '../stores/locale';

/** A lazily loaded part's own words in both languages (its keys, each language complete). */
export type OwnText<K extends string> = Record<Locale, Record<K, string>>;
export type OT<K extends string> = (key: K, vars?: MessageParams) => string;

/**
 * `t` for words that load with a lazy part (the palette, the silence form) instead of with the
 * first page: the overview's JavaScript stays under its 150 KB. i18n.test.ts checks each set for
 * both languages and matching placeholders.
 */
export function useOwnText<K extends string>(text: OwnText<K>): OT<K> {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => (key, vars) => formatMessage(locale, text[locale][key], vars), [locale, text]);
}
