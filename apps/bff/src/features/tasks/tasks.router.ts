import {
  BulkActionInputSchema,
  BulkResultSchema,
  GuestActionInputSchema,
  GuestControlSchema,
  GuestRefInputSchema,
  RecentTasksSchema,
  TaskLogInputSchema,
  TaskLogSchema,
  TaskSchema,
  PlanChecksSchema,
  PlanRefInputSchema,
  RecentActivitySchema,
} from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

/** Acting on Proxmox (issue 20): guest actions under the `deploy` permission; tasks and snapshots for every reader. */
export const tasksRouter = router({
  act: procedure('deploy')
    .input(GuestActionInputSchema)
    .output(TaskSchema)
    .mutation(({ ctx, input }) => ctx.services.tasks.act(caller(ctx), input, ctx.meta)),
  bulk: procedure('deploy')
    .input(BulkActionInputSchema)
    .output(BulkResultSchema)
    .mutation(({ ctx, input }) => ctx.services.tasks.bulk(caller(ctx), input, ctx.meta)),
  control: procedure('read')
    .input(GuestRefInputSchema)
    .output(GuestControlSchema)
    .query(({ ctx, input }) => ctx.services.tasks.control(input.id)),
  forGuest: procedure('read')
    .input(GuestRefInputSchema)
    .output(RecentTasksSchema)
    .query(({ ctx, input }) => ctx.services.tasks.guestTasks(input.id)),
  recent: procedure('read')
    .input(z.void())
    .output(RecentActivitySchema)
    .query(({ ctx }) => ctx.services.tasks.recent()),
  planChecks: procedure('read')
    .input(PlanRefInputSchema)
    .output(PlanChecksSchema)
    .query(({ ctx, input }) => ctx.services.tasks.planChecks(input.id)),
  log: procedure('read')
    .input(TaskLogInputSchema)
    .output(TaskLogSchema)
    .query(({ ctx, input }) => ctx.services.tasks.log(input.id, input.start)),
});
