import { msg, type PlanSettings, PlanSettingsSchema, problem, verbatim } from '@ralf/shared';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { windowProblems } from './apply-windows';
import { refuse, type PlansDeps, type PlanSteps } from './plan-steps';
import { plansRepository as repo } from './plans.repository';

/** The approval rules an admin sets (issue 6): approvals needed, and the maintenance windows. */
export function planSettings({ db, audit, clock }: PlansDeps, { move }: PlanSteps) {
  return {
    settings: () => repo.findSettings(db),
    async updateSettings(by: Principal, raw: PlanSettings, meta: RequestMeta): Promise<PlanSettings> {
      const next = PlanSettingsSchema.parse(raw);
      const problems = windowProblems(next.windows);
      if (problems.length)
        refuse(problems.map((p) => problem(p.split(':')[0]!, verbatim(p.slice(p.indexOf(':') + 2)))));
      await db.transaction().execute(async (trx) => {
        const before = await repo.findSettings(trx);
        await repo.saveSettings(trx, next, actorOf(by), clock.now());
        // A stricter rule reaches every plan not yet applied; an approved plan short of it goes back to review.
        const short =
          next.approvalsNeeded > before.approvalsNeeded
            ? await repo.raiseApprovalsNeeded(trx, next.approvalsNeeded, clock.now())
            : [];
        for (const p of short)
          await move(
            trx,
            p.id,
            'proposed',
            msg('planlog.raised', { actor: actorOf(by), needed: next.approvalsNeeded, given: p.approvals }),
            { scheduledFor: null },
          );
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'settings.plans',
          subject: 'settings/plans',
          sourceIp: meta.ip,
          before,
          after: next,
          details: short.length ? { backToReview: short.map((p) => `plan/${p.id}`) } : null,
        });
      });
      return next;
    },
  };
}
