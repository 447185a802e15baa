import { DiscoveredDecisionInputSchema, DiscoveredHostSchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

/** Foreman's discovered hosts (every reader) and the decision on one (operators), issue 21. */
export const discoveredRouter = router({
  list: procedure('read')
    .output(z.array(DiscoveredHostSchema))
    .query(({ ctx }) => ctx.services.discovered.list()),
  decide: procedure('deploy')
    .input(DiscoveredDecisionInputSchema)
    .output(DiscoveredHostSchema)
    .mutation(({ ctx, input }) => ctx.services.discovered.decide(caller(ctx), input, ctx.meta)),
});
