import type { ApplyWindow } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { allowedAt, nextAllowed, windowProblems } from './apply-windows';

const w = (kind: 'allow' | 'deny', cron: string, durationMinutes: number, timeZone = 'Europe/Berlin'): ApplyWindow => ({
  kind,
  cron,
  durationMinutes,
  timeZone,
  label: '',
});
const at = (s: string) => new Date(s);

describe('maintenance windows for approved plans', () => {
  it('allows any time when no window is set', () => {
    expect(allowedAt([], at('2026-11-25T12:00:00Z'))).toBe(true);
    expect(nextAllowed([], at('2026-11-25T12:00:00Z'))).toEqual(at('2026-11-25T12:00:00Z'));
  });

  it('with an allow window, applies only inside it, and says when it opens next', () => {
    const nightly = [w('allow', '0 22 * * *', 120)]; // 22:00–24:00 Berlin = 21:00–23:00 UTC in winter
    expect(allowedAt(nightly, at('2026-11-25T12:00:00Z'))).toBe(false);
    expect(allowedAt(nightly, at('2026-11-25T21:30:00Z'))).toBe(true);
    expect(allowedAt(nightly, at('2026-11-25T23:00:00Z'))).toBe(false);
    expect(nextAllowed(nightly, at('2026-11-25T12:00:00Z'))).toEqual(at('2026-11-25T21:00:00Z'));
  });

  it('lets a deny window win over an allow window, and opens again when the deny ends', () => {
    const windows = [w('allow', '0 20 * * *', 240), w('deny', '0 21 * * *', 60)]; // allow 19–23 UTC, deny 20–21 UTC
    expect(allowedAt(windows, at('2026-11-25T19:30:00Z'))).toBe(true);
    expect(allowedAt(windows, at('2026-11-25T20:30:00Z'))).toBe(false);
    expect(nextAllowed(windows, at('2026-11-25T20:30:00Z'))).toEqual(at('2026-11-25T21:00:00Z'));
  });

  it('follows the time zone across the change to summer time in Europe/Berlin', () => {
    const nightly = [w('allow', '0 22 * * *', 60)];
    // 28 March 2026 is still CET (UTC+1); 29 March is CEST (UTC+2).
    expect(nextAllowed(nightly, at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-28T21:00:00Z'));
    expect(nextAllowed(nightly, at('2026-03-29T12:00:00Z'))).toEqual(at('2026-03-29T20:00:00Z'));
  });

  it('only ever denied: no time to offer', () => {
    expect(nextAllowed([w('deny', '* * * * *', 10)], at('2026-11-25T12:00:00Z'))).toBeNull();
  });

  it('names the window whose cron does not parse', () => {
    expect(
      windowProblems([w('allow', '0 22 * * *', 60), w('deny', '61 25 * * *', 60), w('allow', '0 22 * *', 60)]),
    ).toEqual([
      expect.stringMatching(/^windows\.1\.cron: /),
      'windows.2.cron: five fields expected (minute hour day month weekday), got "0 22 * *"',
    ]);
  });
});
