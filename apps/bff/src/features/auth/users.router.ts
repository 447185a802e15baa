import { CreateUserInputSchema, ResetPasswordInputSchema, UpdateUserInputSchema, UserSchema } from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

export const usersRouter = router({
  list: procedure('admin')
    .output(z.array(UserSchema))
    .query(({ ctx }) => ctx.services.users.list()),
  create: procedure('admin')
    .input(CreateUserInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.users.create(caller(ctx), input, ctx.meta)),
  update: procedure('admin')
    .input(UpdateUserInputSchema)
    .output(UserSchema)
    .mutation(({ ctx, input }) => ctx.services.users.update(caller(ctx), input, ctx.meta)),
  resetPassword: procedure('admin')
    .input(ResetPasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.users.resetPassword(caller(ctx), input, ctx.meta);
      return null;
    }),
});
