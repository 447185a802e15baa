import { type Language, type TaskStatus } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { PveControl } from '../../adapters/proxmox/pve-control';
import { isAppError } from '../../lib/app-error';
import type { ProxmoxControls } from './controls';
import { taskRecords } from './task-records';
import { tasksRepository as repo, type TaskRow } from './tasks.repository';

/** A task recorded but without a UPID this long was not answered: it is looked for in the task list. */
const UNANSWERED_MS = 30_000;
/** Not found in the task list this long after it was asked: Proxmox did not start it, or ralf-ui cannot tell. */
const GIVE_UP_STARTING_MS = 3 * 60_000;
/** A cluster that does not answer about a running task this long: ralf-ui has lost sight of it. */
const LOST_SIGHT_MS = 30 * 60_000;

/**
 * Follows every open task to its end (issue 20), on every replica (ending a task is a conditional
 * update, so its trail is written once). After a crash it finds them again from the table: a
 * running task by its UPID; one recorded but not answered by looking in the cluster's task list
 * for the same type and guest since it was asked, so it is followed, never asked again. A task
 * ralf-ui cannot see any more ends `unknown`, never `failed`.
 */
export function createTaskFollower({
  db,
  clock,
  controls,
  onEnded,
  language,
}: {
  db: Db;
  clock: Clock;
  controls: ProxmoxControls;
  language?: Language;
  /** Hears each task that ended (the inventory is read again at once: Proxmox changed). */
  onEnded: () => void;
}) {
  const records = taskRecords({ db, clock, language });

  async function end(r: TaskRow, status: TaskStatus, exit: string | null) {
    await records.end(r.id, status, exit);
    onEnded();
  }

  async function followRunning(r: TaskRow, c: PveControl) {
    try {
      const t = await c.taskStatus(r.upid!);
      await repo.followed(db, r.id, clock.now());
      if (!t) return end(r, 'unknown', 'Proxmox answered about this task with something that is not a task');
      if (t.status === 'running') return;
      await end(r, /^(OK|WARNINGS)/.test(t.status) ? 'ok' : 'failed', t.status);
    } catch (err) {
      // The cluster answers but no longer knows the task (a restarted host, a lab that forgot it).
      if (isAppError(err) && err.reason === 'proxmox.status')
        return end(r, 'unknown', `Proxmox no longer knows this task (${err.message})`);
      const since = (r.followed_at ?? r.created_at).getTime();
      if (clock.now().getTime() - since > LOST_SIGHT_MS)
        await end(r, 'unknown', `no answer about this task for 30 minutes: ${(err as Error).message}`);
    }
  }

  async function findStarted(r: TaskRow, c: PveControl) {
    const age = clock.now().getTime() - r.created_at.getTime();
    if (age < UNANSWERED_MS) return;
    try {
      // The id Proxmox's task list names it by: the guest's VMID, or what the step recorded (a clone: its template's).
      const taskId = (r.params as { taskId?: string } | null)?.taskId;
      const vmid = taskId ?? r.guest_id?.split('/')[1] ?? '';
      const since = r.created_at.getTime() - 5000;
      const found = (await c.recentTasks()).find(
        (t) => t.type === r.type && t.node === r.node && t.id === vmid && t.startedAt.getTime() >= since,
      );
      if (found) {
        await repo.started(db, r.id, found.upid);
        return;
      }
    } catch {
      // Not answering now: looked for again on the next turn, until the time is up.
    }
    if (age > GIVE_UP_STARTING_MS)
      await end(
        r,
        'unknown',
        "Proxmox did not answer the request, and its task list shows no such task: look in Proxmox's task log before asking again",
      );
  }

  /** One turn: every open task, each asked of its cluster. */
  async function turn(): Promise<number> {
    const open = await repo.listOpen(db);
    for (const r of open) {
      const c = await controls.forCluster(r.cluster);
      if (!c) continue;
      if (r.upid) await followRunning(r, c);
      else await findStarted(r, c);
    }
    return open.length;
  }

  return { turn };
}
