import type { Db } from '../../adapters/db/client';

/** Approvals of a plan's revisions (table ralf.plan_approval): given, counted, discarded. */
export const planApprovalsRepository = Object.freeze({
  async insertApproval(
    db: Db,
    a: {
      planId: string;
      revision: number;
      approver: string;
      at: Date;
      comment: string;
      inventoryVersion: string;
      inventory: Record<string, string>;
    },
  ): Promise<void> {
    await db
      .insertInto('ralf.plan_approval')
      .values({
        plan_id: a.planId,
        revision: a.revision,
        approver: a.approver,
        at: a.at,
        comment: a.comment,
        inventory_version: a.inventoryVersion,
        inventory: JSON.stringify(a.inventory),
      })
      .execute();
  },
  /** Approvals that count: of this revision and not discarded. */
  liveApprovals: (db: Db, planId: string, revision: number) =>
    db
      .selectFrom('ralf.plan_approval')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('revision', '=', revision)
      .where('discarded_at', 'is', null)
      .orderBy('id')
      .execute(),
  async discardApprovals(db: Db, planId: string, at: Date, reason: string): Promise<number> {
    const r = await db
      .updateTable('ralf.plan_approval')
      .set({ discarded_at: at, discard_reason: reason })
      .where('plan_id', '=', planId)
      .where('discarded_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  /** Approvals that count, per plan (of its current revision, not discarded). */
  async countLive(db: Db, planIds: string[]): Promise<Map<string, number>> {
    if (!planIds.length) return new Map();
    const rows = await db
      .selectFrom('ralf.plan_approval as a')
      .innerJoin('ralf.plan as p', (j) => j.onRef('p.id', '=', 'a.plan_id').onRef('p.revision', '=', 'a.revision'))
      .select(['a.plan_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('a.plan_id', 'in', planIds)
      .where('a.discarded_at', 'is', null)
      .groupBy('a.plan_id')
      .execute();
    return new Map(rows.map((r) => [r.plan_id, Number(r.n)]));
  },
  listApprovals: (db: Db, planId: string) =>
    db.selectFrom('ralf.plan_approval').selectAll().where('plan_id', '=', planId).orderBy('id').execute(),
});
