import { SEED_ARCHITECTURE } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { fitView } from './pan-zoom';
import { FONT, wrap } from './scene';
import { logicalScene, SMALLEST_FONT } from './scene-layout';
import { placeLabels } from './SceneSvg';

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("the seed's picture laid out", () => {
  for (const lang of ['en', 'de'] as const) {
    it(`holds every box once, none over another, inside the picture (${lang})`, () => {
      const scene = logicalScene(SEED_ARCHITECTURE, { lang, direction: 'LR' });
      expect(scene.boxes.map((b) => b.id).sort()).toEqual(SEED_ARCHITECTURE.nodes.map((n) => n.id).sort());
      for (const [i, a] of scene.boxes.entries()) {
        expect(a.x + a.w).toBeLessThanOrEqual(scene.width);
        expect(a.y + a.h).toBeLessThanOrEqual(scene.height);
        for (const b of scene.boxes.slice(i + 1)) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
      }
      expect(scene.edges).toHaveLength(59);
    });
  }

  it('fits the canvas of a 1440 × 900 window with its smallest words at 12 px or more', () => {
    const scene = logicalScene(SEED_ARCHITECTURE, { lang: 'de', direction: 'LR' });
    // The canvas at 1440 × 900: the page's width less its padding, the window's height less 15rem.
    const { k } = fitView({ width: scene.width, height: scene.height }, { width: 1400, height: 900 - 240 });
    expect(SMALLEST_FONT * k).toBeGreaterThanOrEqual(12);
  });

  it('stacks the groups on a phone held upright', () => {
    const scene = logicalScene(SEED_ARCHITECTURE, { lang: 'en', direction: 'TB' });
    expect(scene.height).toBeGreaterThan(scene.width);
  });
});

describe('words in the picture', () => {
  it('wrap at the width, and a text too long for its lines ends with …', () => {
    expect(wrap('Inventory / state / history', 400)).toEqual(['Inventory / state / history']);
    expect(wrap('one two three four five six seven eight nine ten', 80, 2)).toEqual(['one two', 'three four…']);
  });

  it('labels that would stand over each other are moved apart; distant ones stay', () => {
    const placed = placeLabels([
      { id: 'a', label: 'Runs playbooks', lx: 100, ly: 50 },
      { id: 'b', label: 'Provisions', lx: 110, ly: 52 },
      { id: 'c', label: 'Far away', lx: 900, ly: 50 },
    ]);
    const at = (id: string) => placed.find((p) => p.id === id)!;
    expect(at('a').y).toBe(50);
    expect(at('b').y).toBeGreaterThanOrEqual(50 + FONT.edge);
    expect(at('c').y).toBe(50);
  });
});
