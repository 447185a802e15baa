import {
  ByIdInputSchema,
  FleetListInputSchema,
  GuestDetailSchema,
  NodeDetailSchema,
  SeriesInputSchema,
  SparklinesInputSchema,
  StoragePageSchema,
  DisagreementsSchema,
  type FleetList,
  type FleetSummary,
  type Series,
  type Sparklines,
} from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

/**
 * The fleet pages' procedures. The hot and bulk answers (summary, list, sparklines, series) are
 * typed by their shared schema at compile time and checked against it in the tests, but not
 * validated again on every request: zod took 0.45 ms per summary (twice tRPC's own cost) and
 * 33 ms per 5,000-row list (bench/RESULTS.md). The detail pages keep run-time `.output()`.
 */
export const fleetRouter = router({
  summary: procedure('read').query(({ ctx }): Promise<FleetSummary> => ctx.services.fleet.summary()),
  list: procedure('read')
    .input(FleetListInputSchema.optional().transform((v) => v ?? {}))
    .query(({ ctx, input }): Promise<FleetList> => ctx.services.fleet.list(input)),
  sparklines: procedure('read')
    .input(SparklinesInputSchema)
    .query(({ ctx, input }): Promise<Sparklines> => ctx.services.fleet.sparklines(input.ids)),
  node: procedure('read')
    .input(ByIdInputSchema)
    .output(NodeDetailSchema)
    .query(({ ctx, input }) => ctx.services.fleet.node(input.id)),
  guest: procedure('read')
    .input(ByIdInputSchema)
    .output(GuestDetailSchema)
    .query(({ ctx, input }) => ctx.services.fleet.guest(input.id)),
  disagreements: procedure('read')
    .output(DisagreementsSchema)
    .query(({ ctx }) => ctx.services.fleet.disagreements()),
  storage: procedure('read')
    .output(StoragePageSchema)
    .query(({ ctx }) => ctx.services.fleet.storage()),
  series: procedure('read')
    .input(SeriesInputSchema)
    .query(({ ctx, input }): Promise<Series> => ctx.services.fleet.series(input)),
});
