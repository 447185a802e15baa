import { formatMessage, type MessageParams } from '@ralf/shared';
import { useMemo } from 'react';
import { useLocale, type Locale } from '../../stores/locale';
import de from './text.de.json';
import en from './text.en.json';

/**
 * The palette's own words, loaded with its code rather than with the first page (the overview's
 * JavaScript stays under its 150 KB). Both languages must have every key: a missing German
 * string is a type error; i18n.test.ts checks their placeholders match.
 */
export type PaletteKey = keyof typeof en;
export const PALETTE_TEXT: Record<Locale, Record<PaletteKey, string>> = { en, de };

export type PT = (key: PaletteKey, vars?: MessageParams) => string;

export function usePaletteT(): PT {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => (key, vars) => formatMessage(locale, PALETTE_TEXT[locale][key], vars), [locale]);
}
