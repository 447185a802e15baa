import {
  MatrixLinkInputSchema,
  MatrixLinkSchema,
  MatrixVerifyInputSchema,
  NotifyChannelConfigSchema,
  NotifyChannelIdInputSchema,
  NotifyChannelSchema,
  NotifyFailingSchema,
  NotifyOverviewSchema,
  NotifyTestInputSchema,
} from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

/** The notification channels and their delivery log, and "send a test" (admins, issue 23). */
export const notificationsRouter = router({
  overview: procedure('admin')
    .output(NotifyOverviewSchema)
    .query(({ ctx }) => ctx.services.notifications.overview()),
  /** Channels failing for an hour or more: the overview warns of them to everyone who reads it. */
  failing: procedure('read')
    .output(z.array(NotifyFailingSchema))
    .query(({ ctx }) => ctx.services.notifications.failing()),
  saveChannel: procedure('admin')
    .input(NotifyChannelConfigSchema)
    .output(NotifyChannelSchema)
    .mutation(({ ctx, input }) => ctx.services.notifications.save(caller(ctx), input, ctx.meta)),
  removeChannel: procedure('admin')
    .input(NotifyChannelIdInputSchema)
    .output(z.null())
    .mutation(async ({ ctx, input }) => {
      await ctx.services.notifications.remove(caller(ctx), input, ctx.meta);
      return null;
    }),
  test: procedure('admin')
    .input(NotifyTestInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.notifications.test(caller(ctx), input)),
});

/** A user's own Matrix ID, linked by the code the bot sends them (issue 23). */
export const matrixLinkRouter = router({
  get: procedure('signed-in')
    .output(MatrixLinkSchema)
    .query(({ ctx }) => ctx.services.matrix.links.get(caller(ctx))),
  start: procedure('signed-in')
    .input(MatrixLinkInputSchema)
    .output(MatrixLinkSchema)
    .mutation(({ ctx, input }) => ctx.services.matrix.links.start(caller(ctx), input, ctx.meta)),
  verify: procedure('signed-in')
    .input(MatrixVerifyInputSchema)
    .output(MatrixLinkSchema)
    .mutation(({ ctx, input }) => ctx.services.matrix.links.verify(caller(ctx), input, ctx.meta)),
  unlink: procedure('signed-in')
    .output(MatrixLinkSchema)
    .mutation(({ ctx }) => ctx.services.matrix.links.unlink(caller(ctx), ctx.meta)),
});
