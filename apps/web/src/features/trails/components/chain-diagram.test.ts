import type { TrailEvent } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { chainDiagram } from './chain-diagram';

const ev = (id: string, over: Partial<TrailEvent> = {}): TrailEvent => ({
  id,
  kind: 'observation',
  at: '2026-11-25T10:00:00Z',
  receivedAt: '2026-11-25T10:00:00Z',
  parentId: null,
  agent: 'A_MON',
  title: id,
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
  correctedBy: [],
  depth: 0,
  ...over,
});

describe('the chain diagram text', () => {
  it('draws parent edges, a gap for a missing parent, and a correction edge', () => {
    const text = chainDiagram([
      ev('a', { kind: 'trigger' }),
      ev('b', { parentId: 'a' }),
      ev('c', { parentId: 'lost', parentMissing: true }),
      ev('d', { kind: 'correction', parentId: 'b', corrects: 'b' }),
    ]);
    expect(text.split('\n').slice(0, 8)).toEqual([
      'flowchart TD',
      '  e0["trigger: a"]:::trigger',
      '  e1["observation: b"]:::observation',
      '  e0 --> e1',
      '  e2["observation: c"]:::observation',
      '  gap2(["cause not arrived yet"]):::gap -.-> e2',
      '  e3["correction: d"]:::correction',
      '  e1 --> e3',
    ]);
    expect(text).toContain('  e3 -. corrects .-> e1');
  });

  it('keeps an event title from becoming mermaid syntax or markup', () => {
    const text = chainDiagram([
      ev('x', { title: 'pwn"]; click e0 call alert(1) <img src=x onerror=alert(1)> %%{init: {}}%%' }),
    ]);
    const line = text.split('\n')[1]!;
    expect(line).toMatch(/^ {2}e0\["observation: [^"[\]<>{}();]*"\]:::observation$/);
    expect(text.split('\n').filter((l) => l.includes('click'))).toEqual([line]);
  });
});
