import type { LoopEventsBody } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { loopsRepository as repo } from './loops.repository';

/**
 * One event of a loop's run as agents report it (issue 8): a start records the run (flagged when
 * its loop is paused), a phase or an end before its start creates the run then, a finished run
 * takes no more events. Answers 1 when it changed something.
 */
export async function applyLoopEvent(trx: Db, e: LoopEventsBody['events'][number]): Promise<number> {
  const at = new Date(e.at);
  if (e.type === 'started') {
    const st = await repo.findState(trx, e.loopId);
    return (await repo.insertRun(trx, {
      id: e.runId,
      loopId: e.loopId,
      startedAt: at,
      whilePaused: Boolean(st?.paused),
      trigger: e.trigger ?? '',
    }))
      ? 1
      : 0;
  }
  const run = await repo.findRun(trx, e.runId, true);
  if (!run) {
    // A phase or an end before its start (late delivery): the run exists from now on.
    await repo.insertRun(trx, {
      id: e.runId,
      loopId: e.loopId,
      startedAt: at,
      whilePaused: false,
      trigger: e.trigger ?? '',
    });
  } else if (run.status !== 'running') return 0;
  if (e.type === 'phase') {
    await repo.setPhase(trx, e.runId, e.phase!);
    return 1;
  }
  const current = run?.phase ?? e.phase ?? null;
  await repo.finishRun(trx, e.runId, e.status!, at, e.status === 'failed' ? (e.phase ?? current) : undefined);
  return 1;
}
