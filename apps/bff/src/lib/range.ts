import type { RangeSpec } from '../adapters/ports';
import { AppError } from './app-error';

/** At most this many points per series: Prometheus refuses more than 11,000. */
export const MAX_POINTS = 11_000;

/** Checks a range before any request leaves: start before end, a positive step, bounded points. */
export function boundedRange(start: number, end: number, step: number): RangeSpec {
  if (![start, end, step].every(Number.isFinite))
    throw new AppError('BAD_INPUT', { message: 'range must be finite numbers' });
  if (start >= end) throw new AppError('BAD_INPUT', { message: 'range start must be before its end' });
  if (step <= 0) throw new AppError('BAD_INPUT', { message: 'range step must be positive' });
  if ((end - start) / step > MAX_POINTS)
    throw new AppError('BAD_INPUT', { message: `range would have more than ${MAX_POINTS} points` });
  return { start, end, step };
}

/** The time of every point of a range: start, start+step, … ≤ end (Prometheus' query_range grid). */
export function rangeGrid(r: RangeSpec): number[] {
  const out: number[] = [];
  for (let t = r.start; t <= r.end; t += r.step) out.push(t);
  return out;
}

/**
 * The range ending now with about `points` points, its step a whole number of seconds no finer
 * than the scrape interval, and aligned to the step so that caches and both sources agree.
 */
export function rangeEndingAt(nowSeconds: number, seconds: number, points: number, minStep: number): RangeSpec {
  const step = Math.max(minStep, Math.ceil(seconds / points));
  const end = Math.floor(nowSeconds / step) * step;
  return boundedRange(end - Math.floor(seconds / step) * step, end, step);
}
