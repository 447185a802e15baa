import type { Language, TaskStatus } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { isAppError } from '../../lib/app-error';
import { taskTrail } from './task-trail';
import { tasksRepository as repo, type NewTask, type TaskRow } from './tasks.repository';

/**
 * The life of a task record, the same for a guest action, a plan's step and a deployment's step
 * (issue 20): recorded with its trail before Proxmox is asked, its UPID stored when Proxmox
 * answers, ended once with its trail's outcome.
 */
export function taskRecords({ db, clock, language }: { db: Db; clock: Clock; language?: Language }) {
  const trail = taskTrail(clock, language);

  /** Ends an open record; the trail hears it once (another replica may have ended it first). */
  async function end(id: string, status: TaskStatus, exit: string | null): Promise<TaskRow | undefined> {
    return db.transaction().execute(async (trx) => {
      const ended = await repo.finish(trx, id, status, exit, clock.now());
      if (ended) await trail.ended(trx, ended);
      return ended;
    });
  }

  return {
    trail,
    end,

    /** Records a task and tells its trail who asked; null when its key is there already. */
    record: (t: NewTask) =>
      db.transaction().execute(async (trx) => {
        const r = await repo.insert(trx, t);
        if (r) await trail.asked(trx, r);
        return r;
      }),

    /**
     * Asks Proxmox for a recorded task. A UPID: it runs (the follower follows it); no UPID: done
     * when Proxmox answered; no answer in time: it may have started, so it stays open for the
     * follower to find; a refusal ends it failed and is handed back.
     */
    async ask(row: TaskRow, call: () => Promise<string | null>): Promise<Error | null> {
      try {
        const upid = await call();
        if (upid) await repo.started(db, row.id, upid);
        else await end(row.id, 'ok', 'OK (done when Proxmox answered)');
        return null;
      } catch (err) {
        if (isAppError(err) && err.reason === 'proxmox.timeout') return null;
        await end(row.id, 'failed', err instanceof Error ? err.message : String(err));
        return err instanceof Error ? err : new Error(String(err));
      }
    },
  };
}
