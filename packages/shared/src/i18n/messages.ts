import { CATALOG, type MessageCode } from './catalog';
import { formatMessage, type Language, type MessageParams } from './format';

export type { MessageCode } from './catalog';

/**
 * What the BFF composes travels as a code with parameters, never as a finished sentence (issue
 * 18): the web app says it in the reader's language, the CLI in `RALF_LANGUAGE`. The code is a
 * plain string on the wire so that an older web app shows an unknown one as such. (No zod here:
 * the web app's first load says messages without loading the schemas; message-schema.ts has them.)
 */
export interface Message {
  code: string;
  params: MessageParams;
}

/** A message of the catalog: the code is checked by the compiler, so each one has both languages. */
export const msg = (code: MessageCode, params: MessageParams = {}): Message => ({ code, params });

/** Text that is data (an agent's words, a server's answer): shown as written, in no language of ours. */
export const verbatim = (text: string): Message => ({ code: 'text', params: { text } });

export const isMessageCode = (code: string): code is MessageCode => Object.hasOwn(CATALOG, code);

/**
 * The message in `lang` from `catalog` (nested ones too); an unknown code is shown as the code
 * with its parameters, never as nothing. Other catalogs than the shared one: the CLI's doctor.
 */
export function catalogText(
  catalog: Readonly<Record<string, Record<Language, string>>>,
  lang: Language,
  m: Message,
): string {
  const entry = Object.hasOwn(catalog, m.code) ? catalog[m.code] : undefined;
  if (!entry) return `${m.code} ${JSON.stringify(m.params)}`;
  return formatMessage(lang, entry[lang], m.params, (inner) => catalogText(catalog, lang, inner));
}

/** The message in `lang`, from the shared catalog. */
export const messageText = (lang: Language, m: Message): string => catalogText(CATALOG, lang, m);

/** Parameters may themselves be messages' codes: `{what}` filled by another message is passed as text. */
export const englishText = (m: Message): string => messageText('en', m);
