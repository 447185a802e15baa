import {
  DecidePlanInputSchema,
  IdInputSchema,
  OutcomeInputSchema,
  PlanActionsInputSchema,
  PlanActionsPageSchema,
  PlanAdminInputSchema,
  PlanCompareInputSchema,
  PlanCompareSchema,
  PlanListInputSchema,
  PlanOutcomeSchema,
  PlanRowSchema,
  PlanSchema,
  PlanSettingsSchema,
  PlanSubmitResultSchema,
  PlanSummarySchema,
  ProposeInputSchema,
} from '@ralf/shared';
import { z } from 'zod';
import { actorOf } from '../../lib/principal';
import { caller, procedure, router } from '../../trpc/trpc';

export const plansRouter = router({
  list: procedure('read')
    .input(PlanListInputSchema)
    .output(z.array(PlanRowSchema))
    .query(({ ctx, input }) => ctx.services.plans.list(input)),
  summary: procedure('read')
    .output(PlanSummarySchema)
    .query(({ ctx }) => ctx.services.plans.summary()),
  byId: procedure('read')
    .input(IdInputSchema)
    .output(PlanSchema)
    .query(({ ctx, input }) => ctx.services.plans.get(input.id, actorOf(caller(ctx)))),
  actions: procedure('read')
    .input(PlanActionsInputSchema)
    .output(PlanActionsPageSchema)
    .query(({ ctx, input }) => ctx.services.plans.actions(input)),
  compare: procedure('read')
    .input(PlanCompareInputSchema)
    .output(PlanCompareSchema)
    .query(({ ctx, input }) => ctx.services.plans.compare(input)),
  outcome: procedure('read')
    .input(OutcomeInputSchema)
    .output(PlanOutcomeSchema)
    .query(({ ctx, input }) => ctx.services.plans.outcome(input)),
  decide: procedure('decide')
    .input(DecidePlanInputSchema)
    .output(PlanRowSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.decide(caller(ctx), input, ctx.meta)),
  propose: procedure('deploy')
    .input(ProposeInputSchema)
    .output(PlanSubmitResultSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.propose(caller(ctx), input, ctx.meta)),
  overridePolicy: procedure('admin')
    .input(PlanAdminInputSchema)
    .output(PlanRowSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.overridePolicy(caller(ctx), input, ctx.meta)),
  applyNow: procedure('admin')
    .input(PlanAdminInputSchema)
    .output(PlanRowSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.applyNow(caller(ctx), input, ctx.meta)),
  retryDelivery: procedure('admin')
    .input(PlanAdminInputSchema)
    .output(PlanRowSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.retryDelivery(caller(ctx), input, ctx.meta)),
  markFailed: procedure('admin')
    .input(PlanAdminInputSchema)
    .output(PlanRowSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.markFailed(caller(ctx), input, ctx.meta)),
  settings: procedure('read')
    .output(PlanSettingsSchema)
    .query(({ ctx }) => ctx.services.plans.settings()),
  updateSettings: procedure('admin')
    .input(PlanSettingsSchema)
    .output(PlanSettingsSchema)
    .mutation(({ ctx, input }) => ctx.services.plans.updateSettings(caller(ctx), input, ctx.meta)),
});
