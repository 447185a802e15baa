import type { Db } from '../db/client';
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

/** A day of earlier runs at the first start, so the history strip and "last run" have something to show. */
export async function seedLoopHistory(db: Db, profile: Profile, now: Date): Promise<void> {
  const rows = profile.loops.filter((l) => SEED_LOOPS.has(l.id)).flatMap((loop) => {
    const period = loopPeriod(loop, now) * 1000;
    return Array.from({ length: 12 }, (_, k) => {
      const started = new Date(now.getTime() - (k + 1) * period);
      const failed = loop.id === 'adaptive' && k === 2;
      return {
        id: `${loop.id}:history-${k}`, loop_id: loop.id, started_at: started, finished_at: new Date(started.getTime() + loop.phases.length * 1500),
        status: failed ? 'failed' : 'succeeded', phase: failed ? loop.phases[1]! : loop.phases.at(-1)!, failed_phase: failed ? loop.phases[1]! : null, trigger: 'schedule',
      };
    });
  });
  if (rows.length) await db.insertInto('ralf.loop_run').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
}
