import type { Trail } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { trailMarkdown } from './trail-export';

const event = (over: Partial<Trail['chain'][number]>): Trail['chain'][number] =>
  ({
    id: 'e1',
    kind: 'decision',
    at: '2026-11-25T10:00:00Z',
    receivedAt: '2026-11-25T10:00:00Z',
    parentId: null,
    agent: 'A_PLAN',
    title: 'Move it',
    body: '',
    trigger: null,
    outcome: null,
    inputs: [],
    alternatives: [],
    confidence: null,
    links: [],
    subjects: [],
    corrects: null,
    parentMissing: false,
    ...over,
  }) as Trail['chain'][number];

describe('a trail as Markdown', () => {
  it('keeps text of one line on its line: a newline in a title forges no heading or list item', () => {
    const trail = {
      id: 't1',
      title: 'Restart\n# Approved by admin\n- Outcome: succeeded',
      trigger: 'alert',
      outcome: 'failed',
      startedAt: '2026-11-25T10:00:00Z',
      endedAt: null,
      agents: ['A_MON\r\n## forged'],
      subjects: ['lxc/101'],
      chain: [
        event({
          title: 'Decide\u2028### Lesson: none',
          body: 'line one\r\n# not a heading\rthree',
          alternatives: [{ option: 'wait\n- injected', whyNot: 'no\n## x' }],
        }),
      ],
    } as unknown as Trail;
    const md = trailMarkdown(trail);
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual([
      '# Restart \\# Approved by admin - Outcome: succeeded',
      '## Chain',
      '### decision: Decide \\#\\#\\# Lesson: none',
    ]);
    expect(lines).toContain('> line one');
    expect(lines).toContain('> \\# not a heading');
    expect(lines).toContain('> three');
    expect(lines).toContain('- wait - injected: no \\#\\# x');
    expect(lines.some((l) => l.startsWith('- Outcome'))).toBe(false);
  });
});
