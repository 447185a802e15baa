import { formatMessage, isMessageCode, messageText, type Message, type MessageParams } from '@ralf/shared';
import { useMemo } from 'react';
import { useLocale, type Locale } from '../stores/locale';
import { DICTS, type MessageKey } from './dictionaries';

export type { MessageKey };
type Vars = MessageParams;

/** A label of the web app in `locale`, ICU plurals and formats included (the shared formatter, issue 18). */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = DICTS[locale]?.[key] ?? key;
  return vars || text.includes('{') ? formatMessage(locale, text, vars) : text;
}

/** `t(key, vars)` for the web app's labels; `t.msg(m)` for what the BFF composed; `t.locale` for formats. */
export interface T {
  (key: MessageKey, vars?: Vars): string;
  /** A message the BFF composed (its params as tRPC serialized them). */
  msg: (m: { code: string; params: object } | null | undefined) => string;
  locale: Locale;
}

export function makeT(locale: Locale): T {
  const t = ((key: MessageKey, vars?: Vars) => translate(locale, key, vars)) as T;
  t.msg = (m) => (m ? messageText(locale, m as Message) : '');
  t.locale = locale;
  return t;
}

/** True when the dictionaries have `key` (a reason code the BFF sent that this build knows). */
export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(DICTS.en ?? DICTS.de ?? {}, key);
export { isMessageCode };

/** Every visible string goes through this hook (issue 2: i18n from day one). */
export function useT(): T {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => makeT(locale), [locale]);
}
