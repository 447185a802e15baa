import { tracked } from '@trpc/server';
import { z } from 'zod';
import { procedure, router } from '../../trpc/trpc';

const resumeAt = (id: string | null | undefined) => (id && /^\d+$/.test(id) ? Number(id) : null);

export const liveRouter = router({
  /**
   * Every change, as it is committed (SSE). The event id is the change's seq: tRPC's client
   * sends it back as `lastEventId` when it reconnects, and the stream resumes from there.
   */
  onChange: procedure('read')
    .input(z.object({ lastEventId: z.string().max(20).nullish() }).strict().optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const item of ctx.services.live.stream(resumeAt(input?.lastEventId), signal)) yield tracked(String(item.seq), item.message);
    }),
});
