import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedure, router } from '../../trpc/trpc';

const resumeAt = (id: string | null | undefined) => (id && /^\d+$/.test(id) ? Number(id) : null);

export const liveRouter = router({
  /**
   * Every change, as it is committed (SSE). The event id is the change's seq: tRPC's client
   * sends it back as `lastEventId` when it reconnects, and the stream resumes from there.
   */
  onChange: procedure('read')
    .input(
      z
        .object({ lastEventId: z.string().max(20).nullish() })
        .strict()
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      // A stream outlives the request that opened it: before passing changes on, the session is
      // checked again (at most every 2 s, from the session cache), so a signed-out or disabled
      // user's open tab stops receiving them.
      let checkedAt = Date.now();
      for await (const item of ctx.services.live.stream(resumeAt(input?.lastEventId), signal)) {
        if (Date.now() - checkedAt > 2000) {
          const token = ctx.cookie.current;
          if (!token || !(await ctx.services.auth.authenticate(token)))
            throw new TRPCError({ code: 'UNAUTHORIZED', message: 'the session ended' }); // mid-stream: no middleware maps it
          checkedAt = Date.now();
        }
        yield tracked(String(item.seq), item.message);
      }
    }),
});
