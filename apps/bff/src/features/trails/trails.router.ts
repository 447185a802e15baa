import { TrailListInputSchema, TrailPageSchema, TrailSchema } from '@ralf/shared';
import { z } from 'zod';
import { procedure, router } from '../../trpc/trpc';

export const trailsRouter = router({
  list: procedure('read')
    .input(TrailListInputSchema)
    .output(TrailPageSchema)
    .query(({ ctx, input }) => ctx.services.trails.list(input)),
  byId: procedure('read')
    .input(z.object({ id: z.string().min(1).max(128) }).strict())
    .output(TrailSchema)
    .query(({ ctx, input }) => ctx.services.trails.get(input.id)),
});
