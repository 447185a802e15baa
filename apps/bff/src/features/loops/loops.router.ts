import { LoopControlInputSchema, LoopRunNowInputSchema, LoopSchema, LoopsSummarySchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

export const loopsRouter = router({
  list: procedure('read')
    .output(z.array(LoopSchema))
    .query(({ ctx }) => ctx.services.loops.list()),
  summary: procedure('read')
    .output(LoopsSummarySchema)
    .query(({ ctx }) => ctx.services.loops.summary()),
  runNow: procedure('deploy')
    .input(LoopRunNowInputSchema)
    .output(z.object({ runId: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.loops.runNow(caller(ctx), input, ctx.meta)),
  pause: procedure('deploy')
    .input(LoopControlInputSchema)
    .output(LoopSchema)
    .mutation(({ ctx, input }) => ctx.services.loops.pause(caller(ctx), input, ctx.meta)),
  resume: procedure('deploy')
    .input(LoopControlInputSchema)
    .output(LoopSchema)
    .mutation(({ ctx, input }) => ctx.services.loops.resume(caller(ctx), input, ctx.meta)),
});
