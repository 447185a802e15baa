import { AlertSilenceInputSchema, AlertsStateSchema, AlertUnsilenceInputSchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

/** Which alerts are silenced (every reader) and silencing them (operators), through Alertmanager (issue 21). */
export const alertsRouter = router({
  state: procedure('read')
    .output(AlertsStateSchema)
    .query(({ ctx }) => ctx.services.alerts.state()),
  silence: procedure('deploy')
    .input(AlertSilenceInputSchema)
    .output(z.object({ silenceId: z.string(), endsAt: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.alerts.silence(caller(ctx), input, ctx.meta)),
  unsilence: procedure('deploy')
    .input(AlertUnsilenceInputSchema)
    .mutation(({ ctx, input }) => ctx.services.alerts.unsilence(caller(ctx), input, ctx.meta)),
});
