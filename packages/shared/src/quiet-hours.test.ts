import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours';

const night = { from: '22:00', to: '07:00', timezone: 'Europe/Berlin' };

describe('quiet hours', () => {
  it('hold over midnight in the channel’s time zone, and end at its local `to`', () => {
    // 23:30 in Berlin (winter, UTC+1) is inside; they end at 07:00 Berlin = 06:00 UTC next day.
    expect(quietUntil(new Date('2026-01-14T22:30:00Z'), night)?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    // 03:00 Berlin: inside, ending the same morning.
    expect(quietUntil(new Date('2026-01-15T02:00:00Z'), night)?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    // 12:00 Berlin: not quiet.
    expect(quietUntil(new Date('2026-01-15T11:00:00Z'), night)).toBeNull();
    // 07:00 exactly is the end: not quiet any more.
    expect(quietUntil(new Date('2026-01-15T06:00:00Z'), night)).toBeNull();
  });

  it('end at the right instant across a daylight-saving change', () => {
    // Spring forward (29 March 2026, 02:00 → 03:00): 23:00 CET on the 28th ends 07:00 CEST = 05:00 UTC.
    expect(quietUntil(new Date('2026-03-28T22:00:00Z'), night)?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // Fall back (25 October 2026, 03:00 → 02:00): 23:00 CEST on the 24th ends 07:00 CET = 06:00 UTC.
    expect(quietUntil(new Date('2026-10-24T21:00:00Z'), night)?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
    // A window that lies in the repeated hour: 02:10 CET (the second pass) is inside 02:00–02:30.
    const repeated = { from: '02:00', to: '02:30', timezone: 'Europe/Berlin' };
    expect(quietUntil(new Date('2026-10-25T01:10:00Z'), repeated)?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('work in a day window and in UTC too', () => {
    const lunch = { from: '12:00', to: '13:00', timezone: 'UTC' };
    expect(quietUntil(new Date('2026-06-01T12:15:00Z'), lunch)?.toISOString()).toBe('2026-06-01T13:00:00.000Z');
    expect(quietUntil(new Date('2026-06-01T13:15:00Z'), lunch)).toBeNull();
  });
});
