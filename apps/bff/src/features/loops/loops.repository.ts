import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';
import type { LoopRunTable, LoopStateTable } from '../../adapters/db/tables-records';

export type RunRow = Selectable<LoopRunTable>;
export type StateRow = Selectable<LoopStateTable>;

/** The loops' runs as agents report them, and whether each loop is paused (tables loop_run, loop_state). */
export const loopsRepository = Object.freeze({
  listRuns: (db: Db, loopId: string, limit: number): Promise<RunRow[]> =>
    db
      .selectFrom('ralf.loop_run')
      .selectAll()
      .where('loop_id', '=', loopId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute(),
  findRun: (db: Db, id: string, forUpdate = false): Promise<RunRow | undefined> => {
    const q = db.selectFrom('ralf.loop_run').selectAll().where('id', '=', id);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  },
  /** A run that started; false when its id was seen before. */
  async insertRun(
    db: Db,
    r: { id: string; loopId: string; startedAt: Date; whilePaused: boolean; trigger: string },
  ): Promise<boolean> {
    const row = await db
      .insertInto('ralf.loop_run')
      .values({
        id: r.id,
        loop_id: r.loopId,
        started_at: r.startedAt,
        status: 'running',
        started_while_paused: r.whilePaused,
        trigger: r.trigger,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },
  async setPhase(db: Db, id: string, phase: string): Promise<void> {
    await db.updateTable('ralf.loop_run').set({ phase }).where('id', '=', id).execute();
  },
  async finishRun(db: Db, id: string, status: string, at: Date, failedPhase?: string | null): Promise<void> {
    await db
      .updateTable('ralf.loop_run')
      .set({ status, finished_at: at, ...(failedPhase !== undefined && { failed_phase: failedPhase }) })
      .where('id', '=', id)
      .execute();
  },
  async lastStarts(db: Db): Promise<Map<string, Date>> {
    const rows = await sql<{
      loop_id: string;
      at: Date;
    }>`select loop_id, max(started_at) as at from ralf.loop_run group by loop_id`.execute(db);
    return new Map(rows.rows.map((r) => [r.loop_id, new Date(r.at)]));
  },
  listStates: (db: Db): Promise<StateRow[]> => db.selectFrom('ralf.loop_state').selectAll().execute(),
  findState: (db: Db, loopId: string, forUpdate = false): Promise<StateRow | undefined> => {
    const q = db.selectFrom('ralf.loop_state').selectAll().where('loop_id', '=', loopId);
    return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  },
  async saveState(db: Db, s: { loopId: string; paused: boolean; reason: string; by: string; at: Date }): Promise<void> {
    const set = { paused: s.paused, reason: s.reason, by_actor: s.by, at: s.at };
    await db
      .insertInto('ralf.loop_state')
      .values({ loop_id: s.loopId, ...set })
      .onConflict((oc) => oc.column('loop_id').doUpdateSet(set))
      .execute();
  },
});
