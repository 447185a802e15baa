import { z } from 'zod';

/** Quiet hours of a notification channel (issue 23): `from`–`to` local time in `timezone`; may pass midnight. */
export const QuietHoursSchema = z
  .object({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 22:00'),
    to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 07:00'),
    timezone: z.string().min(1).max(64),
  })
  .strict()
  .refine((q) => q.from !== q.to, { message: 'from and to must differ', path: ['to'] });
export type QuietHours = z.infer<typeof QuietHoursSchema>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The wall clock in `timeZone` at `at`: its date parts and minutes since midnight. */
function wall(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const [y, mo, d, h, mi, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
  return {
    y: y!,
    mo: mo!,
    d: d!,
    minute: h! * 60 + mi!,
    offsetMs: Date.UTC(y!, mo! - 1, d, h, mi, s) - at.getTime(),
  };
}

/** The instant of local time `minute` (since midnight) on the local day (y, mo, d + days) in `timeZone`. */
function instant(timeZone: string, y: number, mo: number, d: number, minute: number, days: number): Date {
  const local = Date.UTC(y, mo - 1, d + days, 0, minute);
  // The zone's offset can differ between the guess and the answer (a DST change): correct twice.
  let t = local - wall(new Date(local), timeZone).offsetMs;
  t = local - wall(new Date(t), timeZone).offsetMs;
  return new Date(t);
}

/**
 * When the quiet hours around `at` end, or null when `at` is not inside them. A `to` that a DST
 * change skips ends them when the zone's clock passes it; inside a repeated hour, at its second pass.
 */
export function quietUntil(at: Date, q: QuietHours): Date | null {
  const w = wall(at, q.timezone);
  const from = minutes(q.from);
  const to = minutes(q.to);
  const inside = from < to ? w.minute >= from && w.minute < to : w.minute >= from || w.minute < to;
  if (!inside) return null;
  // Over midnight and already past `from`: the end is tomorrow's `to`.
  const days = from > to && w.minute >= from ? 1 : 0;
  const end = instant(q.timezone, w.y, w.mo, w.d, to, days);
  // Inside the hour a fall-back change repeats, the first `to` has passed: the second one ends it.
  if (end.getTime() <= at.getTime()) {
    const again = new Date(end.getTime() + 3_600_000);
    return again.getTime() > at.getTime() ? again : null;
  }
  return end;
}
