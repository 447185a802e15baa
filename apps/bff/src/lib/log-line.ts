import { englishText, verbatim, type Message } from '@ralf/shared';

/**
 * A log line: a message ralf-ui composed (a code with parameters, issue 18) or text someone else
 * wrote (an executor's progress, shown as written).
 */
export type LogText = string | Message;

/** The columns a log line is stored in: its English text always, its code and parameters when it has them. */
export const logColumns = (m: LogText) =>
  typeof m === 'string'
    ? { message: m.slice(0, 2000) }
    : { message: englishText(m).slice(0, 2000), code: m.code, params: JSON.stringify(m.params) };

/** A stored log line as the pages get it. */
export const logMessage = (r: { message: string; code?: string | null; params?: unknown }): Message =>
  r.code ? { code: r.code, params: (r.params ?? {}) as Message['params'] } : verbatim(r.message);
