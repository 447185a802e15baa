import {
  PlanListInputSchema,
  type PlanAction,
  type PlanListInput,
  type PlanRow,
  type PlanStatus,
  type PlanSummary,
  type RecentWork,
} from '@ralf/shared';
import { iso } from '../../adapters/db/iso';
import { planApplying } from './plan-apply-jobs';
import { planDecisions } from './plan-decisions';
import { planSteps, type PlansDeps } from './plan-steps';
import { planProposals } from './plan-proposals';
import { planSettings } from './plan-settings';
import { planSubmission } from './plan-submission';
import { plansRepository as repo, toRow } from './plans.repository';
import { planViews } from './plans.views';

export type { PlansDeps } from './plan-steps';

/**
 * Adaptive plans (issue 6), in parts over the same steps: how plans come in
 * (plan-submission.ts, plan-proposals.ts), decisions on them (plan-decisions.ts), carrying them out
 * (plan-apply-jobs.ts), the approval rules an admin sets (plan-settings.ts) and what the pages
 * read (plans.views.ts). The rules they apply are pure
 * functions in plan-rules.ts and apply-windows.ts.
 */
export function createPlansService(deps: PlansDeps) {
  const { db } = deps;
  const steps = planSteps(deps);
  const submission = planSubmission(deps, steps);
  return {
    ...planViews({
      db,
      clock: deps.clock,
      fleet: deps.fleet,
      inventoryView: steps.inventoryView,
      blockers: steps.blockers,
      current: steps.current,
    }),
    ...submission,
    ...planProposals(deps, steps, submission.submit),
    ...planDecisions(deps, steps),
    ...planApplying(deps, steps),
    ...planSettings(deps, steps),
    exists: async (id: string) => (await repo.findById(db, id)) !== undefined,

    async list(raw: PlanListInput): Promise<PlanRow[]> {
      const { limit, ...f } = PlanListInputSchema.parse(raw);
      const rows = await repo.list(db, f, limit);
      const counts = await repo.countLive(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toRow(r, counts.get(r.id) ?? 0));
    },

    /** Plans approved for applying, being applied or done with it, the latest change first (the tasks strip). */
    recentApplies: async (limit: number): Promise<RecentWork[]> =>
      (await repo.listApplies(db, limit)).map((r) => ({
        kind: 'plan',
        id: r.id,
        title: r.summary,
        status: r.status as PlanStatus,
        at: iso(r.updated_at),
        by: r.submitted_by,
      })),

    /** The migrations of plans waiting for a decision or to be applied (the architecture's ghost edges), newest plans first. */
    async pendingMigrations(): Promise<
      { id: string; summary: string; status: PlanStatus; migrations: Extract<PlanAction, { type: 'migrate' }>[] }[]
    > {
      const rows = (
        await Promise.all((['proposed', 'approved'] as const).map((status) => repo.list(db, { status }, 100)))
      ).flat();
      return Promise.all(
        rows.map(async (r) => {
          const rev = await repo.findRevision(db, r.id, r.revision);
          return {
            id: r.id,
            summary: r.summary,
            status: r.status as PlanStatus,
            migrations: (rev?.content.actions ?? []).filter(
              (a): a is Extract<PlanAction, { type: 'migrate' }> => a.type === 'migrate',
            ),
          };
        }),
      );
    },

    async summary(): Promise<PlanSummary> {
      const c = await repo.countByStatus(db);
      return { pending: c.get('proposed') ?? 0, approved: c.get('approved') ?? 0, applying: c.get('applying') ?? 0 };
    },
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
