import { SystemInfoSchema } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

export const systemRouter = router({
  info: procedure('public')
    .output(SystemInfoSchema)
    .query(({ ctx }) => ctx.services.system.info()),
});
