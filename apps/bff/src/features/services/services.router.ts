import { ServiceDetailSchema, ServiceRefInputSchema, ServiceRowSchema } from '@ralf/shared';
import { z } from 'zod';
import { procedure, router } from '../../trpc/trpc';

/** Services and their HTTP checks (issue 21), for every reader. */
export const servicesRouter = router({
  list: procedure('read')
    .output(z.array(ServiceRowSchema))
    .query(({ ctx }) => ctx.services.services.list()),
  get: procedure('read')
    .input(ServiceRefInputSchema)
    .output(ServiceDetailSchema)
    .query(({ ctx, input }) => ctx.services.services.get(input)),
});
