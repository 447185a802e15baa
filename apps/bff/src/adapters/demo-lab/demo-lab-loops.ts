import { phaseText, type Language, type LoopEventsBody } from '@ralf/shared';
import type { Clock } from '../ports';
import type { LoopsService } from '../../features/loops/loops.service';
import { loopPeriod, nextRun } from '../../features/loops/loop-schedule';
import type { Profile } from '../../profile';

/** The seed's loops, for which the demo lab plays the agents; an operator's own loops get runs only from real agents. */
const SEED_LOOPS = new Set(['main', 'discovery', 'adaptive']);

/**
 * The demo lab's agents running the seed's loops (issue 8): each turn starts the loops whose
 * next run has come, unless paused (an agent reads the paused state first); runs go through
 * the executor and report through the same path as real ones.
 */
export class DemoLabLoops {
  constructor(private readonly deps: { loops: LoopsService; profile: Profile; clock: Clock }) {}

  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const last = await this.deps.loops.lastStarts();
    for (const loop of this.deps.profile.loops.filter((l) => SEED_LOOPS.has(l.id))) {
      if ((await this.deps.loops.state(loop.id)).paused) continue;
      const due = nextRun(loop, last.get(loop.id) ?? null, new Date(now.getTime() - 30_000));
      if (due && due.getTime() <= now.getTime()) await this.deps.loops.start(loop.id, 'schedule');
    }
  }
}

/**
 * When the newest seeded run started: the loop's latest scheduled slot that has come (so a fresh
 * install never shows a loop "overdue" while its next slot is still ahead), at least a minute
 * back so the run has finished.
 */
export function lastSlot(loop: Parameters<typeof loopPeriod>[0], now: Date): Date {
  const period = loopPeriod(loop, now) * 1000;
  const slot = nextRun(loop, null, new Date(now.getTime() - period))?.getTime() ?? now.getTime() - period;
  const at = Math.min(slot, now.getTime());
  return new Date(now.getTime() - at < 60_000 ? at - period : at);
}

/**
 * A day of earlier runs at the first start, so the history strip and "last run" have something
 * to show: reported as the lab's agents would have reported them, through the loops feature,
 * on the loop's own schedule.
 */
export async function seedLoopHistory(
  loops: LoopsService,
  profile: Profile,
  now: Date,
  language: Language,
): Promise<void> {
  const events: LoopEventsBody['events'] = profile.loops
    .filter((l) => SEED_LOOPS.has(l.id))
    .flatMap((loop) => {
      const period = loopPeriod(loop, now) * 1000;
      const newest = lastSlot(loop, now).getTime();
      return Array.from({ length: 12 }, (_, k) => {
        const runId = `${loop.id}:history-${k}`;
        const started = new Date(newest - k * period);
        const finished = new Date(started.getTime() + loop.phases.length * 1500);
        const failed = loop.id === 'adaptive' && k === 2;
        const phase = phaseText(failed ? loop.phases[1]! : loop.phases.at(-1)!, language);
        const base = { loopId: loop.id, runId };
        return [
          { ...base, id: `${runId}:started`, type: 'started' as const, at: started.toISOString(), trigger: 'schedule' },
          {
            ...base,
            id: `${runId}:phase`,
            type: 'phase' as const,
            at: new Date(started.getTime() + 1000).toISOString(),
            phase,
          },
          {
            ...base,
            id: `${runId}:finished`,
            type: 'finished' as const,
            at: finished.toISOString(),
            status: failed ? ('failed' as const) : ('succeeded' as const),
          },
        ];
      }).flat();
    });
  if (events.length) await loops.events('system:demo-lab', events, null);
}
