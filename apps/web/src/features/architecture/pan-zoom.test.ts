import { describe, expect, it } from 'vitest';
import { fitView, zoomAt } from './pan-zoom';

describe('zoom and fit', () => {
  it('fits a wide picture to the viewport width, centred, never larger than life', () => {
    expect(fitView({ width: 3200, height: 900 }, { width: 1632, height: 632 })).toEqual({ k: 0.5, x: 16, y: 91 });
    expect(fitView({ width: 200, height: 100 }, { width: 1000, height: 500 })).toEqual({ k: 1, x: 400, y: 200 });
  });

  it('keeps the point under the pointer where it is, within the scale limits', () => {
    const v = zoomAt({ x: 10, y: 20, k: 0.5 }, 2, 110, 220);
    expect(v).toEqual({ k: 1, x: -90, y: -180 });
    // The picture point under (110, 220) is the same before and after: (110 - x) / k.
    expect((110 - v.x) / v.k).toBe((110 - 10) / 0.5);
    expect(zoomAt({ x: 0, y: 0, k: 3 }, 10, 0, 0).k).toBe(4);
    expect(zoomAt({ x: 0, y: 0, k: 0.06 }, 0.1, 0, 0).k).toBe(0.05);
  });
});
