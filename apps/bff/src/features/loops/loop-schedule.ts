import { msg, type LoopDefinition, type LoopHealth, type LoopTrigger, type Message } from '@ralf/shared';
import { Cron } from 'croner';

/** Seconds of a timer: plain seconds (3600) or an ISO 8601 duration (PT15M, P1DT2H). */
export function timerSeconds(timer: number | string): number {
  if (typeof timer === 'number') return timer;
  if (/^\d+$/.test(timer)) return Number(timer);
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(timer);
  if (!m) return NaN;
  const [, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return d! * 86_400 + h! * 3600 + min! * 60 + s!;
}

const cronOf = (t: { cron: string; timezone: string }) => new Cron(t.cron, { timezone: t.timezone, paused: true });

/** The gap between a trigger's runs around `now` (a cron's next two runs; a timer's length). */
export function triggerPeriod(t: LoopTrigger, now: Date): number {
  if ('timer' in t) return timerSeconds(t.timer);
  const [a, b] = cronOf(t).nextRuns(2, now);
  return a && b ? Math.round((b.getTime() - a.getTime()) / 1000) : 86_400;
}

/** In words: "every 5 minutes, Europe/Berlin (cron …)", "safety timer every 15 minutes (PT15M)" (issue 18: as a message). */
export function triggerText(t: LoopTrigger, now: Date, first: boolean): Message {
  const period = triggerPeriod(t, now);
  // "every hour", not "every 1 hour"
  const single = ({ 60: 'minute', 3600: 'hour', 86_400: 'day' } as Record<number, string>)[period] ?? 'none';
  if ('cron' in t) return msg('loop.everyCron', { period, single, timezone: t.timezone, cron: t.cron });
  return msg('loop.timer', { first: first ? 'yes' : 'no', period, single, timer: String(t.timer) });
}

/** When the loop runs next: the earliest of its triggers (a timer counts from the last start). */
export function nextRun(loop: LoopDefinition, lastStart: Date | null, now: Date): Date | null {
  const times = loop.triggers
    .map((t) => {
      if ('cron' in t) return cronOf(t).nextRun(now);
      const s = timerSeconds(t.timer) * 1000;
      return new Date(lastStart ? Math.max(now.getTime(), lastStart.getTime() + s) : now.getTime() + s);
    })
    .filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** The loop's period: its most frequent trigger. */
export const loopPeriod = (loop: LoopDefinition, now: Date) =>
  Math.min(...loop.triggers.map((t) => triggerPeriod(t, now)));

/**
 * Overdue when no run started within the period plus a grace (a fifth of it, at least a
 * minute); missed (red) after two periods; "never" before its first run; "paused" wins.
 */
export function health(
  lastStart: Date | null,
  periodSeconds: number,
  paused: boolean,
  now: Date,
): { health: LoopHealth; reason: Message } {
  if (paused) return { health: 'paused', reason: msg('loop.paused') };
  if (!lastStart) return { health: 'never', reason: msg('loop.never') };
  const grace = Math.max(60, periodSeconds / 5);
  const since = (now.getTime() - lastStart.getTime()) / 1000;
  const late = { ago: Math.max(60, Math.round(since / 60) * 60), period: periodSeconds };
  if (since > 2 * periodSeconds + grace) return { health: 'missed', reason: msg('loop.missed', late) };
  if (since > periodSeconds + grace) return { health: 'overdue', reason: msg('loop.overdue', late) };
  return { health: 'ok', reason: msg('loop.onSchedule') };
}
