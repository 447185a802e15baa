import type { AuditEvent } from '@ralf/shared';

const COLUMNS = ['seq', 'id', 'at', 'actor', 'action', 'subject', 'outcome', 'sourceIp', 'before', 'after', 'details', 'prevHash', 'hash'] as const;

/**
 * One CSV cell: quoted where needed, and a leading = + - @ defused with a quote mark, so a
 * spreadsheet never runs a formula someone typed as a username.
 */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = () => `${COLUMNS.join(',')}\r\n`;
export const csvLine = (e: AuditEvent) => `${COLUMNS.map((c) => cell(e[c])).join(',')}\r\n`;
export const jsonLine = (e: AuditEvent) => `${JSON.stringify(e)}\n`;

/** The export as a stream of lines, newest event first. */
export async function* exportLines(events: AsyncIterable<AuditEvent>, format: 'jsonl' | 'csv'): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader();
  for await (const e of events) yield format === 'csv' ? csvLine(e) : jsonLine(e);
}
