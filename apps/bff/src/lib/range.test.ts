import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { boundedRange, rangeEndingAt, rangeGrid } from './range';

describe('ranges', () => {
  it('refuses a range that ends before it starts, a zero step, or too many points', () => {
    expect(() => boundedRange(100, 50, 10)).toThrow(AppError);
    expect(() => boundedRange(0, 100, 0)).toThrow(/step/);
    expect(() => boundedRange(0, 11_001, 1)).toThrow(/11000 points/);
    expect(() => boundedRange(Number.NaN, 100, 1)).toThrow(/finite/);
    expect(boundedRange(0, 11_000, 1)).toEqual({ start: 0, end: 11_000, step: 1 });
  });

  it('aligns a range to its step so both metric sources return the same grid', () => {
    const r = rangeEndingAt(1_000_037, 3600, 30, 15);
    expect(r.step).toBe(120);
    expect(r.end % r.step).toBe(0);
    expect(r.end - r.start).toBe(3600);
    expect(rangeGrid(r)).toHaveLength(31);
  });

  it('never steps finer than the scrape interval', () => {
    expect(rangeEndingAt(1_000_000, 3600, 1000, 15).step).toBe(15);
  });
});
