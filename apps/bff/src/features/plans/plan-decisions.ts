import {
  type DecidePlanInput,
  DecidePlanInputSchema,
  englishText,
  type Message,
  messageText,
  msg,
  type PlanAdminInput,
  PlanAdminInputSchema,
  type PlanRow,
} from '@ralf/shared';
import { iso } from '../../adapters/db/iso';
import { AppError } from '../../lib/app-error';
import { enqueue, expeditePlanJob, rearmPlanJob } from '../../lib/outbox';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { nextAllowed } from './apply-windows';
import { fingerprint } from './plan-fingerprint';
import { planProblems } from './plan-rules';
import type { PlansDeps, PlanSteps } from './plan-steps';
import { plansRepository as repo } from './plans.repository';

type AdminAct = 'override' | 'apply-now' | 'retry-delivery' | 'mark-failed';

/**
 * Decisions on plans (issue 6): approve or reject one revision, and an admin's override, apply
 * now, retry of a delivery or marking it failed. Every decision locks the plan's row first, so two
 * approvers at once are one after the other; an approval binds to one revision and the inventory
 * it was given on.
 */
export function planDecisions(
  { db, audit, clock, executor, language = 'de' }: PlansDeps,
  { inventoryView, move, note, row, current, blockers, explain }: PlanSteps,
) {
  const say = (m: Message) => messageText(language, m);
  async function decide(by: Principal, raw: DecidePlanInput, meta: RequestMeta): Promise<PlanRow> {
    const input = DecidePlanInputSchema.parse(raw);
    const actor = actorOf(by);
    const now = clock.now();
    const inv = await inventoryView();
    const outcome = await db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, input.id);
      if (!p) throw new AppError('NOT_FOUND', { msg: msg('plan.notFound', { id: input.id }) });
      if (input.revision !== p.revision) {
        throw new AppError('STALE_REVISION', {
          msg: msg('plan.replaced', { revision: p.revision, reviewed: input.revision }),
        });
      }
      const content = await current(trx, p);
      if (input.decision === 'reject') {
        if (p.status !== 'proposed' && p.status !== 'approved')
          throw new AppError('CONFLICT', { msg: msg('plan.notRejectable', { status: p.status }) });
        if (p.status === 'approved') await move(trx, p.id, 'proposed', msg('planlog.withdrew', { actor }));
        await repo.discardApprovals(trx, p.id, now, `rejected by ${actor}`);
        await move(trx, p.id, 'rejected', msg('planlog.rejected', { actor, comment: input.comment }), {
          finished: true,
        });
        await explain(
          trx,
          p,
          [
            { kind: 'decision', title: msg('ptrail.rejected', { actor }), body: input.comment },
            { kind: 'outcome', outcome: 'failed', title: msg('ptrail.notAppliedRejected') },
          ],
          actor,
        );
        await audit.record(trx, {
          actor,
          action: 'plan.reject',
          subject: `plan/${p.id}`,
          sourceIp: meta.ip,
          before: { status: p.status },
          after: { status: 'rejected' },
          details: { revision: p.revision, comment: input.comment, ...(meta.via && { via: meta.via }) },
        });
        return { ok: true as const, row: await row(p.id, trx) };
      }
      const approvals = await repo.liveApprovals(trx, p.id, p.revision);
      const why = blockers(
        p,
        content,
        actor,
        approvals.map((a) => a.approver),
      );
      if (why.length) {
        const code = p.submitted_by === actor || p.submitted_for === actor ? 'FORBIDDEN' : 'CONFLICT';
        throw new AppError(code, { msg: msg('plan.blocked', { reasons: why }) });
      }
      const problems = planProblems({ ...content, expiresAt: iso(p.expires_at) }, inv, now);
      if (problems.length) {
        const reason = msg('plan.inventoryChanged', { revision: p.revision, problems: problems.slice(0, 5) });
        await repo.setStatus(trx, p.id, 'proposed', now, { staleReason: reason });
        await note(trx, p.id, msg('planlog.approvalRefused', { actor, reason }));
        return { ok: false as const, reason };
      }
      const fp = fingerprint(content.actions, inv);
      await repo.insertApproval(trx, {
        planId: p.id,
        revision: p.revision,
        approver: actor,
        at: now,
        comment: input.comment,
        inventoryVersion: fp.version,
        inventory: fp.states,
      });
      await audit.record(trx, {
        actor,
        action: 'plan.approve',
        subject: `plan/${p.id}`,
        sourceIp: meta.ip,
        after: { revision: p.revision, hash: p.revision_hash, inventoryVersion: fp.version },
        details:
          input.comment || meta.via
            ? { ...(input.comment && { comment: input.comment }), ...(meta.via && { via: meta.via }) }
            : null,
      });
      await explain(
        trx,
        p,
        [
          {
            kind: 'decision',
            title: msg('ptrail.approved', {
              actor,
              revision: p.revision,
              count: approvals.length + 1,
              needed: p.approvals_needed,
            }),
            body: input.comment,
            inputs: [
              {
                kind: 'document',
                label: say(
                  msg('ptrail.approvedInput', {
                    revision: p.revision,
                    hash: p.revision_hash.slice(0, 12),
                    version: fp.version,
                  }),
                ),
                ref: `plan/${p.id}`,
              },
            ],
          },
        ],
        actor,
      );
      const count = approvals.length + 1;
      if (count < p.approvals_needed) {
        await note(
          trx,
          p.id,
          msg('planlog.approved', { actor, count, needed: p.approvals_needed, comment: input.comment || 'none' }),
        );
        return { ok: true as const, row: await row(p.id, trx) };
      }
      const settings = await repo.findSettings(trx);
      const due = nextAllowed(settings.windows, now);
      const waiting = due === null || due.getTime() > now.getTime();
      await move(
        trx,
        p.id,
        'approved',
        !waiting
          ? msg('planlog.approved', { actor, count, needed: p.approvals_needed, comment: 'none' })
          : due
            ? msg('planlog.approvedWaits', { actor, count, needed: p.approvals_needed, at: due.toISOString() })
            : msg('planlog.approvedNoWindow', { actor, count, needed: p.approvals_needed }),
        { scheduledFor: waiting ? due : null },
      );
      // Unique per plan and revision (outbox_plan_apply_once_idx): a second dispatch cannot exist; a
      // plan sent back to review and approved again re-arms its one job.
      await rearmPlanJob(trx, {
        kind: 'plan.apply',
        planId: p.id,
        revision: p.revision,
        payload: { revision: p.revision },
        dueAt: due ?? new Date(now.getTime() + 86_400_000),
      });
      return { ok: true as const, row: await row(p.id, trx) };
    });
    if (!outcome.ok) throw new AppError('CONFLICT', { msg: outcome.reason });
    return outcome.row;
  }

  async function adminAct(by: Principal, raw: PlanAdminInput, meta: RequestMeta, act: AdminAct): Promise<PlanRow> {
    const input = PlanAdminInputSchema.parse(raw);
    const actor = actorOf(by);
    return db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, input.id);
      if (!p) throw new AppError('NOT_FOUND', { msg: msg('plan.notFound', { id: input.id }) });
      if (input.revision !== p.revision)
        throw new AppError('STALE_REVISION', {
          msg: msg('plan.replaced', { revision: p.revision, reviewed: input.revision }),
        });
      if (act === 'override') {
        const content = await current(trx, p);
        const failed = content.policyChecks.filter((c) => c.result === 'failed' && c.blocking);
        if (p.status !== 'proposed')
          throw new AppError('CONFLICT', {
            msg: msg('plan.notOverridable', { status: p.status }),
          });
        if (!failed.length) throw new AppError('CONFLICT', { msg: msg('plan.nothingToOverride') });
        await repo.setOverride(trx, p.id, { by: actor, at: clock.now().toISOString(), reason: input.reason });
        await note(
          trx,
          p.id,
          msg('planlog.overrode', {
            actor,
            n: failed.length,
            policies: failed.map((c) => c.policy),
            reason: input.reason,
          }),
        );
        await audit.record(trx, {
          actor,
          action: 'plan.override-policy',
          subject: `plan/${p.id}`,
          sourceIp: meta.ip,
          after: { revision: p.revision, policies: failed.map((c) => c.policy) },
          details: { reason: input.reason },
        });
      } else if (act === 'retry-delivery' || act === 'mark-failed') {
        if (p.status !== 'dispatch_unknown' && p.status !== 'needs_attention')
          throw new AppError('CONFLICT', {
            msg: msg('plan.notRetriable', { status: p.status }),
          });
        if (act === 'retry-delivery') {
          await move(
            trx,
            p.id,
            'applying',
            msg('planlog.retries', { actor, executor: executor.label, reason: input.reason }),
          );
          await enqueue(trx, {
            kind: 'plan.dispatch',
            planId: p.id,
            payload: { revision: p.revision, since: clock.now().toISOString() },
            dueAt: clock.now(),
          });
        } else {
          const said = msg('planlog.markedFailed', { actor, reason: input.reason });
          const error = englishText(said);
          await move(trx, p.id, 'failed', said, { error, finished: true });
          await explain(
            trx,
            p,
            [
              {
                kind: 'outcome',
                outcome: 'failed',
                title: msg('ptrail.markedFailed', { actor }),
                body: input.reason,
              },
            ],
            actor,
          );
        }
        await audit.record(trx, {
          actor,
          action: `plan.${act}`,
          subject: `plan/${p.id}`,
          sourceIp: meta.ip,
          before: { status: p.status },
          after: { status: act === 'retry-delivery' ? 'applying' : 'failed' },
          details: { revision: p.revision, reason: input.reason },
        });
      } else {
        if (p.status !== 'approved')
          throw new AppError('CONFLICT', {
            msg: msg('plan.notApplicableNow', { status: p.status }),
          });
        if (!(await expeditePlanJob(trx, 'plan.apply', p.id, p.revision, clock.now())))
          throw new AppError('CONFLICT', { msg: msg('plan.applying') });
        await note(trx, p.id, msg('planlog.applyNow', { actor, reason: input.reason }));
        await audit.record(trx, {
          actor,
          action: 'plan.apply-now',
          subject: `plan/${p.id}`,
          sourceIp: meta.ip,
          after: { revision: p.revision },
          details: { reason: input.reason },
        });
      }
      return row(p.id, trx);
    });
  }

  return {
    decide,
    overridePolicy: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'override'),
    applyNow: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'apply-now'),
    retryDelivery: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'retry-delivery'),
    markFailed: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'mark-failed'),
  };
}
