import {
  englishText,
  type Message,
  type PlanContent,
  type PlanRow,
  type PlanStatus,
  type PlanTrigger,
  type Risk,
  verbatim,
} from '@ralf/shared';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { PlanTable } from '../../adapters/db/tables-work';
import { planApprovalsRepository } from './plan-approvals.repository';
import { logColumns, type LogText } from '../../lib/log-line';
import { planSettingsRepository } from './plan-settings.repository';

type Row = Selectable<PlanTable>;

export interface NewPlan {
  key: string;
  hash: string;
  content: PlanContent;
  submittedBy: string;
  /** The person behind a token's submission (who created the token); null for a person's own. */
  submittedFor: string | null;
  at: Date;
  approvalsNeeded: number;
}

export const plansRepository = Object.freeze({
  findById: (db: Db, id: string) => db.selectFrom('ralf.plan').selectAll().where('id', '=', id).executeTakeFirst(),
  findByKey: (db: Db, key: string) => db.selectFrom('ralf.plan').selectAll().where('key', '=', key).executeTakeFirst(),
  /** The row lock every decision and every apply takes first: one at a time per plan. */
  lockById: (db: Db, id: string) =>
    db.selectFrom('ralf.plan').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  lockByKey: (db: Db, key: string) =>
    db.selectFrom('ralf.plan').selectAll().where('key', '=', key).forUpdate().executeTakeFirst(),

  async insert(db: Db, p: NewPlan): Promise<Row> {
    const row = await db
      .insertInto('ralf.plan')
      .values({
        key: p.key,
        status: 'proposed',
        revision: 1,
        revision_hash: p.hash,
        trigger: p.content.trigger,
        summary: p.content.summary,
        risk: p.content.risk,
        trail_id: p.content.trailId,
        submitted_by: p.submittedBy,
        submitted_for: p.submittedFor,
        submitted_at: p.at,
        updated_at: p.at,
        expires_at: new Date(p.content.expiresAt),
        approvals_needed: p.approvalsNeeded,
        action_count: p.content.actions.length,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await plansRepository.insertRevision(db, row.id, 1, p);
    return row;
  },
  async insertRevision(
    db: Db,
    planId: string,
    revision: number,
    p: Omit<NewPlan, 'key' | 'approvalsNeeded' | 'submittedFor'>,
  ): Promise<void> {
    await db
      .insertInto('ralf.plan_revision')
      .values({
        plan_id: planId,
        revision,
        hash: p.hash,
        content: JSON.stringify(p.content),
        submitted_by: p.submittedBy,
        submitted_at: p.at,
      })
      .execute();
  },
  /** Makes `revision` the current one: its content's columns, a fresh review (no stale reason, no override). */
  async setRevision(db: Db, id: string, revision: number, p: Omit<NewPlan, 'key'>): Promise<void> {
    await db
      .updateTable('ralf.plan')
      .set({
        revision,
        revision_hash: p.hash,
        trigger: p.content.trigger,
        summary: p.content.summary,
        risk: p.content.risk,
        ...(p.content.trailId && { trail_id: p.content.trailId }),
        expires_at: new Date(p.content.expiresAt),
        action_count: p.content.actions.length,
        updated_at: p.at,
        stale_reason: null,
        policy_override: null,
        scheduled_for: null,
        approvals_needed: p.approvalsNeeded,
        submitted_for: p.submittedFor,
      })
      .where('id', '=', id)
      .execute();
  },
  /**
   * A stricter approval rule reaches every plan not yet applied (issue 15): their count rises to
   * `needed`. Returns the approved plans that now lack approvals, locked, to move back.
   */
  async raiseApprovalsNeeded(db: Db, needed: number, at: Date): Promise<{ id: string; approvals: number }[]> {
    const raised = await db
      .updateTable('ralf.plan')
      .set({ approvals_needed: needed, updated_at: at })
      .where('status', 'in', ['proposed', 'approved'])
      .where('approvals_needed', '<', needed)
      .returning(['id', 'status', 'revision'])
      .execute();
    const out: { id: string; approvals: number }[] = [];
    for (const r of raised.filter((x) => x.status === 'approved')) {
      const approvals = (await plansRepository.liveApprovals(db, r.id, r.revision)).length;
      if (approvals < needed) out.push({ id: r.id, approvals });
    }
    return out;
  },
  /** Counts a delivery to the executor before it is made; the number it is (issue 16). */
  async countDelivery(db: Db, id: string): Promise<number> {
    const r = await db
      .updateTable('ralf.plan')
      .set((eb) => ({ deliveries: eb('deliveries', '+', 1) }))
      .where('id', '=', id)
      .returning('deliveries')
      .executeTakeFirstOrThrow();
    return r.deliveries;
  },
  /** When the plan's log last said something (a report, a note): how long it has been quiet. */
  async lastLogAt(db: Db, id: string): Promise<Date | null> {
    const r = await db
      .selectFrom('ralf.plan_log')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('plan_id', '=', id)
      .executeTakeFirst();
    return r?.at ? new Date(r.at) : null;
  },
  /** Moves the status; the database refuses an illegal move (SQLSTATE RA001). */
  async setStatus(
    db: Db,
    id: string,
    to: PlanStatus,
    at: Date,
    extra: Partial<{
      error: string | null;
      staleReason: Message | null;
      scheduledFor: Date | null;
      appliedAt: Date;
      finished: boolean;
    }> = {},
  ): Promise<void> {
    await db
      .updateTable('ralf.plan')
      .set({
        status: to,
        updated_at: at,
        ...(extra.error !== undefined && { error: extra.error }),
        ...(extra.staleReason !== undefined && {
          stale_reason: extra.staleReason && englishText(extra.staleReason),
          stale_msg: extra.staleReason && JSON.stringify(extra.staleReason),
        }),
        ...(extra.scheduledFor !== undefined && { scheduled_for: extra.scheduledFor }),
        ...(extra.appliedAt !== undefined && { applied_at: extra.appliedAt }),
        ...(extra.finished && { finished_at: at }),
      })
      .where('id', '=', id)
      .execute();
  },
  async setTrailId(db: Db, id: string, trailId: string): Promise<void> {
    await db.updateTable('ralf.plan').set({ trail_id: trailId }).where('id', '=', id).execute();
  },
  async setOverride(db: Db, id: string, override: { by: string; at: string; reason: string }): Promise<void> {
    await db
      .updateTable('ralf.plan')
      .set({ policy_override: JSON.stringify(override) })
      .where('id', '=', id)
      .execute();
  },
  async findRevision(db: Db, planId: string, revision: number): Promise<{ content: PlanContent; hash: string } | null> {
    const r = await db
      .selectFrom('ralf.plan_revision')
      .select(['content', 'hash'])
      .where('plan_id', '=', planId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return r ? { content: r.content as PlanContent, hash: r.hash } : null;
  },
  async listRevisions(db: Db, planId: string) {
    const rows = await db
      .selectFrom('ralf.plan_revision')
      .select([
        'revision',
        'hash',
        'submitted_by',
        'submitted_at',
        sql<string>`content->>'summary'`.as('summary'),
        sql<number>`jsonb_array_length(content->'actions')`.as('action_count'),
      ])
      .where('plan_id', '=', planId)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map((r) => ({
      revision: r.revision,
      hash: r.hash,
      submittedBy: r.submitted_by,
      submittedAt: iso(r.submitted_at),
      summary: r.summary,
      actionCount: Number(r.action_count),
    }));
  },

  async log(db: Db, planId: string, at: Date, status: PlanStatus | null, message: LogText): Promise<void> {
    await db
      .insertInto('ralf.plan_log')
      .values({ plan_id: planId, at, status, ...logColumns(message) })
      .execute();
  },
  listLog: (db: Db, planId: string) =>
    db
      .selectFrom('ralf.plan_log')
      .select(['at', 'status', 'message', 'code', 'params'])
      .where('plan_id', '=', planId)
      .orderBy('id')
      .execute(),

  async list(db: Db, f: { status?: PlanStatus; trigger?: PlanTrigger }, limit: number): Promise<Row[]> {
    let q = db.selectFrom('ralf.plan').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.trigger) q = q.where('trigger', '=', f.trigger);
    return q.orderBy('submitted_at', 'desc').orderBy('id').limit(limit).execute();
  },
  /** Plans approved for applying, being applied or done with it, the latest change first (the tasks strip). */
  listApplies: (db: Db, limit: number): Promise<Row[]> =>
    db
      .selectFrom('ralf.plan')
      .selectAll()
      .where('status', 'in', ['approved', 'applying', 'dispatch_unknown', 'needs_attention', 'applied', 'failed'])
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute(),
  async countByStatus(db: Db): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('ralf.plan')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', ['proposed', 'approved', 'applying'])
      .groupBy('status')
      .execute();
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  },
  /** Proposed plans past their expiry (the expiry job flips them). */
  listExpired: (db: Db, now: Date) =>
    db.selectFrom('ralf.plan').select(['id']).where('status', '=', 'proposed').where('expires_at', '<=', now).execute(),

  // Approvals and the approval rules, each in its own file of this repository.
  ...planApprovalsRepository,
  ...planSettingsRepository,
});

export function toRow(r: Row, approvals: number): PlanRow {
  return {
    id: r.id,
    key: r.key,
    status: r.status as PlanStatus,
    trigger: r.trigger as PlanTrigger,
    summary: r.summary,
    risk: r.risk as Risk,
    trailId: r.trail_id,
    submittedBy: r.submitted_by,
    submittedAt: iso(r.submitted_at),
    updatedAt: iso(r.updated_at),
    expiresAt: iso(r.expires_at),
    revision: r.revision,
    revisionHash: r.revision_hash,
    approvals,
    approvalsNeeded: r.approvals_needed,
    actionCount: r.action_count,
    scheduledFor: iso(r.scheduled_for),
    finishedAt: iso(r.finished_at),
    error: r.error,
    staleReason: r.stale_msg ? (r.stale_msg as unknown as Message) : r.stale_reason ? verbatim(r.stale_reason) : null,
    deliveries: r.deliveries,
  };
}
