import type { Selectable } from 'kysely';
import type { Task, TaskAction, TaskStatus } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { PveTaskTable } from '../../adapters/db/tables-work';
import { iso } from '../../adapters/db/iso';

export type TaskRow = Selectable<PveTaskTable>;
export type NewTask = Pick<
  TaskRow,
  | 'idempotency_key'
  | 'cluster'
  | 'node'
  | 'guest_id'
  | 'guest_name'
  | 'action'
  | 'type'
  | 'target'
  | 'actor'
  | 'source_ip'
  | 'reason'
> & { params: Record<string, unknown>; created_at: Date };

export const toTask = (r: TaskRow): Task => ({
  id: r.id,
  upid: r.upid,
  cluster: r.cluster,
  node: r.node,
  guestId: r.guest_id,
  guestName: r.guest_name,
  action: r.action as TaskAction,
  type: r.type,
  status: r.status as TaskStatus,
  exitStatus: r.exit_status,
  user: r.actor,
  reason: r.reason,
  startedAt: iso(r.created_at),
  endedAt: r.ended_at ? iso(r.ended_at) : null,
  origin: 'ralf-ui',
  target: r.target,
});

const OPEN = ['starting', 'running'];

/** The actions ralf-ui asked of Proxmox (ralf.pve_task), each until its task ends. */
export const tasksRepository = {
  /** Records an action before it is asked; null when its key is already there (the same request again). */
  async insert(db: Db, t: NewTask): Promise<TaskRow | null> {
    const row = await db
      .insertInto('ralf.pve_task')
      .values({
        ...t,
        params: JSON.stringify(t.params),
        upid: null,
        status: 'starting',
        exit_status: null,
        ended_at: null,
        followed_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  },

  findByKey: (db: Db, key: string) =>
    db.selectFrom('ralf.pve_task').selectAll().where('idempotency_key', '=', key).executeTakeFirst(),

  findById: (db: Db, id: string) =>
    /^[0-9a-f-]{36}$/.test(id)
      ? db.selectFrom('ralf.pve_task').selectAll().where('id', '=', id).executeTakeFirst()
      : db.selectFrom('ralf.pve_task').selectAll().where('upid', '=', id).executeTakeFirst(),

  /** The UPID Proxmox answered with: the task runs. */
  async started(db: Db, id: string, upid: string): Promise<TaskRow | undefined> {
    return db
      .updateTable('ralf.pve_task')
      .set({ upid, status: 'running' })
      .where('id', '=', id)
      .where('status', '=', 'starting')
      .returningAll()
      .executeTakeFirst();
  },

  /** Ends an open task once; undefined when it had ended already (another replica saw it first). */
  async finish(db: Db, id: string, status: TaskStatus, exit: string | null, at: Date): Promise<TaskRow | undefined> {
    return db
      .updateTable('ralf.pve_task')
      .set({ status, exit_status: exit, ended_at: at })
      .where('id', '=', id)
      .where('status', 'in', OPEN)
      .returningAll()
      .executeTakeFirst();
  },

  followed: (db: Db, id: string, at: Date) =>
    db.updateTable('ralf.pve_task').set({ followed_at: at }).where('id', '=', id).execute(),

  listOpen: (db: Db) =>
    db.selectFrom('ralf.pve_task').selectAll().where('status', 'in', OPEN).orderBy('created_at').limit(200).execute(),

  listRecent: (db: Db, limit: number) =>
    db.selectFrom('ralf.pve_task').selectAll().orderBy('created_at', 'desc').limit(limit).execute(),

  listForGuest: (db: Db, guestId: string, limit: number) =>
    db
      .selectFrom('ralf.pve_task')
      .selectAll()
      .where('guest_id', '=', guestId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
};
