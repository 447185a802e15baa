import { NotifyOverviewSchema, NotifyTestInputSchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

/** The notification channels and their delivery log, and "send a test" (admins, issue 23). */
export const notificationsRouter = router({
  overview: procedure('admin')
    .output(NotifyOverviewSchema)
    .query(({ ctx }) => ctx.services.notifications.overview()),
  test: procedure('admin')
    .input(NotifyTestInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.notifications.test(caller(ctx), input)),
});
