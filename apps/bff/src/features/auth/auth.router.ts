import {
  ChangeOwnPasswordInputSchema,
  SessionSchema,
  SetupInputSchema,
  SignInInputSchema,
  SignInOptionsSchema,
} from '@ralf/shared';
import type { Context } from '../../trpc/context';
import { caller, procedure, router } from '../../trpc/trpc';
import type { SignedIn } from './auth.service';

const started = (ctx: Context, s: SignedIn) => {
  ctx.cookie.set(s.token, new Date(s.session.expiresAt));
  return s.session;
};

export const authRouter = router({
  options: procedure('public')
    .output(SignInOptionsSchema)
    .query(({ ctx }) => ctx.services.auth.options()),
  /** The caller's session and CSRF token, or null when signed out. */
  session: procedure('public')
    .output(SessionSchema.nullable())
    .query(({ ctx }) => ctx.services.auth.session(ctx.principal)),
  signIn: procedure('public')
    .input(SignInInputSchema)
    .output(SessionSchema)
    .mutation(async ({ ctx, input }) =>
      started(ctx, await ctx.services.auth.signIn(input, ctx.meta, ctx.cookie.current)),
    ),
  setup: procedure('public')
    .input(SetupInputSchema)
    .output(SessionSchema)
    .mutation(async ({ ctx, input }) => started(ctx, await ctx.services.auth.setup(input, ctx.meta))),
  signOut: procedure('signed-in').mutation(async ({ ctx }) => {
    await ctx.services.auth.signOut(caller(ctx), ctx.meta);
    ctx.cookie.clear();
    return null;
  }),
  changePassword: procedure('signed-in')
    .input(ChangeOwnPasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.changeOwnPassword(caller(ctx), input, ctx.meta);
      return null;
    }),
});
