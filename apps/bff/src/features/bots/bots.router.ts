import { BotsSchema } from '@ralf/shared';
import { z } from 'zod';
import { procedure, router } from '../../trpc/trpc';

export const botsRouter = router({
  list: procedure('read')
    .output(BotsSchema)
    .query(({ ctx }) => ctx.services.bots.list()),
  summary: procedure('read')
    .output(
      z.object({
        total: z.number().int(),
        healthy: z.number().int(),
        degraded: z.number().int(),
        down: z.number().int(),
        unknown: z.number().int(),
      }),
    )
    .query(({ ctx }) => ctx.services.bots.summary()),
});
