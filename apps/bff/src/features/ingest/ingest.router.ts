import { IngestTrafficSchema } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

export const ingestRouter = router({
  /** The last day's ingest requests per token, and the newest 50 (Admin → Ingest). */
  traffic: procedure('admin')
    .output(IngestTrafficSchema)
    .query(({ ctx }) => ctx.services.ingest.traffic()),
});
