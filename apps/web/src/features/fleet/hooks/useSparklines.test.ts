import { describe, expect, it } from 'vitest';
import { sparklinePages } from './useSparklines';

const ids = Array.from({ length: 5000 }, (_, i) => `lxc/${1000 + i}`);

describe('sparklines for the rows on screen', () => {
  it('asks only for the page of 100 that holds the visible rows, wherever the table is scrolled', () => {
    const pages = sparklinePages(ids, { first: 4010, last: 4035 });
    expect(pages).toHaveLength(1);
    expect(pages[0]![0]).toBe('lxc/5000');
    expect(pages[0]).toHaveLength(100);
  });

  it('asks for two pages when the screen straddles a page boundary, and none past the end', () => {
    expect(sparklinePages(ids, { first: 90, last: 120 }).map((p) => p[0])).toEqual(['lxc/1000', 'lxc/1100']);
    expect(sparklinePages(ids.slice(0, 30), { first: 0, last: 29 })).toHaveLength(1);
  });
});
