import type { TrailEvent } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { chainScene } from './chain-diagram';

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

describe('the chain diagram', () => {
  const words = { gap: 'cause not arrived yet' };

  it('puts each event a row below its cause, a gap box where a cause is missing, and joins a correction to what it corrects', () => {
    const scene = chainScene(
      [
        ev('a', { kind: 'trigger' }),
        ev('b', { parentId: 'a', depth: 1 }),
        ev('c', { parentId: 'lost', parentMissing: true }),
        ev('d', { kind: 'correction', parentId: 'b', corrects: 'b', depth: 2 }),
      ],
      words,
    );
    const box = (id: string) => scene.boxes.find((b) => b.id === id)!;
    expect(box('b').y).toBeGreaterThan(box('a').y);
    expect(box('d').y).toBeGreaterThan(box('b').y);
    expect(box('gap:c')).toMatchObject({ kind: 'gap', lines: ['cause not arrived yet'] });
    expect(box('c').y).toBeGreaterThan(box('gap:c').y);
    expect(scene.links.map((l) => [l.id, l.kind])).toEqual([
      ['a>b', 'cause'],
      ['gap:c>c', 'gap'],
      ['b>d', 'cause'],
      ['d~b', 'corrects'],
    ]);
    // Every box inside the picture.
    for (const b of scene.boxes) expect(b.x + b.w).toBeLessThanOrEqual(scene.width);
  });

  it("draws a decision's alternatives inside its box, not as boxes that lead nowhere", () => {
    const scene = chainScene(
      [
        ev('d', {
          kind: 'decision',
          title: 'Migrate immich to pve1',
          alternatives: [
            { option: 'Buy more memory', whyNot: 'costs' },
            { option: 'Stop frigate', whyNot: 'cameras' },
          ],
        }),
      ],
      words,
    );
    expect(scene.boxes).toHaveLength(1);
    expect(scene.boxes[0]!.notChosen).toEqual(['✗ Buy more memory', '✗ Stop frigate']);
    expect(scene.links).toEqual([]);
  });

  it('keeps a title as written (it is drawn as text, never read as markup)', () => {
    const title = 'pwn"]; click e0 call alert(1) <img src=x>';
    const scene = chainScene([ev('x', { title })], words);
    expect(scene.boxes[0]!.lines.join(' ')).toBe(title);
  });
});
