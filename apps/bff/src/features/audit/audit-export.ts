import type { AuditEvent } from '@ralf/shared';
import { csvCell as cell } from '../../lib/csv';

const COLUMNS = [
  'seq',
  'id',
  'at',
  'actor',
  'action',
  'subject',
  'outcome',
  'sourceIp',
  'before',
  'after',
  'details',
  'prevHash',
  'hash',
] as const;

export const csvHeader = () => `${COLUMNS.join(',')}\r\n`;
export const csvLine = (e: AuditEvent) => `${COLUMNS.map((c) => cell(e[c])).join(',')}\r\n`;
export const jsonLine = (e: AuditEvent) => `${JSON.stringify(e)}\n`;

/** The export as a stream of lines, newest event first. */
export async function* exportLines(events: AsyncIterable<AuditEvent>, format: 'jsonl' | 'csv'): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader();
  for await (const e of events) yield format === 'csv' ? csvLine(e) : jsonLine(e);
}
