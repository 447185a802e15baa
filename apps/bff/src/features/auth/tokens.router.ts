import { ApiTokenSchema, CreatedTokenSchema, CreateTokenInputSchema, IdInputSchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

export const tokensRouter = router({
  list: procedure('admin')
    .output(z.array(ApiTokenSchema))
    .query(({ ctx }) => ctx.services.tokens.list()),
  create: procedure('admin')
    .input(CreateTokenInputSchema)
    .output(CreatedTokenSchema)
    .mutation(({ ctx, input }) => ctx.services.tokens.create(caller(ctx), input, ctx.meta)),
  revoke: procedure('admin')
    .input(IdInputSchema)
    .output(ApiTokenSchema)
    .mutation(({ ctx, input }) => ctx.services.tokens.revoke(caller(ctx), input.id, ctx.meta)),
});
