import type { ApplyWindow } from '@ralf/shared';
import { Cron } from 'croner';

const cronOf = (w: ApplyWindow) => new Cron(w.cron, { timezone: w.timeZone, paused: true });

/** The problems of each window's cron (croner's reading), by index: empty when all parse. */
export function windowProblems(windows: readonly ApplyWindow[]): string[] {
  const problems: string[] = [];
  windows.forEach((w, i) => {
    if (w.cron.trim().split(/\s+/).length !== 5) {
      problems.push(`windows.${i}.cron: five fields expected (minute hour day month weekday), got "${w.cron}"`);
      return;
    }
    try {
      cronOf(w);
    } catch (err) {
      problems.push(`windows.${i}.cron: ${(err as Error).message}`);
    }
  });
  return problems;
}

/** Whether t falls in the window: its latest start at or before t, plus its duration. */
function inside(w: ApplyWindow, t: Date): boolean {
  const justAfter = new Date(t.getTime() + 1000);
  const [start] = cronOf(w).previousRuns(1, justAfter);
  return (
    start !== undefined && start.getTime() <= t.getTime() && t.getTime() < start.getTime() + w.durationMinutes * 60_000
  );
}

/**
 * May an approved plan be applied at t (issue 6, like Argo CD's sync windows)? No windows: always.
 * With allow windows, only inside one of them; inside any deny window, never (deny wins).
 */
export function allowedAt(windows: readonly ApplyWindow[], t: Date): boolean {
  if (windows.some((w) => w.kind === 'deny' && inside(w, t))) return false;
  const allows = windows.filter((w) => w.kind === 'allow');
  return allows.length === 0 || allows.some((w) => inside(w, t));
}

const HORIZON_MS = 15 * 86_400_000;

/**
 * The first moment from `from` on at which applying is allowed, or null if none within 15 days.
 * Only window edges can turn "no" into "yes": allow starts and deny ends are the candidates.
 */
export function nextAllowed(windows: readonly ApplyWindow[], from: Date): Date | null {
  if (allowedAt(windows, from)) return from;
  const until = from.getTime() + HORIZON_MS;
  const candidates: number[] = [];
  for (const w of windows) {
    const cron = cronOf(w);
    const span = w.durationMinutes * 60_000;
    const starts = [...cron.previousRuns(1, from), ...cron.nextRuns(64, from)];
    for (const s of starts) {
      const edge = w.kind === 'allow' ? s.getTime() : s.getTime() + span;
      if (edge > from.getTime() && edge <= until) candidates.push(edge);
    }
  }
  for (const c of [...new Set(candidates)].sort((a, b) => a - b))
    if (allowedAt(windows, new Date(c))) return new Date(c);
  return null;
}
