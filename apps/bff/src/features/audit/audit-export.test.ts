import type { AuditEvent } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { csvLine, exportLines } from './audit-export';

const event: AuditEvent = {
  seq: 7,
  id: 'e7',
  at: '2026-11-25T12:00:00.000Z',
  actor: 'user:ops',
  action: 'user.update',
  subject: '=HYPERLINK("http://evil")',
  outcome: 'success',
  sourceIp: '10.0.0.1',
  before: { roles: ['viewer'] },
  after: { note: 'a, "quoted"\nline' },
  details: null,
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('audit export', () => {
  it('writes one CSV row per event that a spreadsheet reads as text, never as a formula', () => {
    const line = csvLine(event);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(line).toContain('"{""note"":""a, \\""quoted\\""\\nline""}"');
    expect(line).toContain(',10.0.0.1,"{""roles"":[""viewer""]}",');
  });

  it('writes JSON Lines that parse back to the events, and a header first in CSV', async () => {
    async function* two() {
      yield event;
      yield { ...event, seq: 6 };
    }
    const jsonl: string[] = [];
    for await (const l of exportLines(two(), 'jsonl')) jsonl.push(l);
    expect(jsonl.map((l) => JSON.parse(l).seq)).toEqual([7, 6]);
    const csv: string[] = [];
    for await (const l of exportLines(two(), 'csv')) csv.push(l);
    expect(csv[0]).toMatch(/^seq,id,at,actor/);
    expect(csv).toHaveLength(3);
  });
});
