import { SystemInfoSchema } from '@ralf/shared';
import { publicProcedure, router } from '../../trpc/trpc';

export const systemRouter = router({
  info: publicProcedure.output(SystemInfoSchema).query(({ ctx }) => ctx.services.system.info()),
});
