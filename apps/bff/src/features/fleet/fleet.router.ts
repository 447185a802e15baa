import {
  ByIdInputSchema, FleetListInputSchema, FleetListSchema, FleetSummarySchema, GuestDetailSchema, NodeDetailSchema, SeriesInputSchema,
  SeriesSchema, SparklinesInputSchema, SparklinesSchema,
} from '@ralf/shared';
import { publicProcedure, router } from '../../trpc/trpc';

export const fleetRouter = router({
  summary: publicProcedure.output(FleetSummarySchema).query(({ ctx }) => ctx.services.fleet.summary()),
  list: publicProcedure
    .input(FleetListInputSchema.optional().transform((v) => v ?? {}))
    .output(FleetListSchema)
    .query(({ ctx, input }) => ctx.services.fleet.list(input)),
  sparklines: publicProcedure.input(SparklinesInputSchema).output(SparklinesSchema).query(({ ctx, input }) => ctx.services.fleet.sparklines(input.ids)),
  node: publicProcedure.input(ByIdInputSchema).output(NodeDetailSchema).query(({ ctx, input }) => ctx.services.fleet.node(input.id)),
  guest: publicProcedure.input(ByIdInputSchema).output(GuestDetailSchema).query(({ ctx, input }) => ctx.services.fleet.guest(input.id)),
  series: publicProcedure.input(SeriesInputSchema).output(SeriesSchema).query(({ ctx, input }) => ctx.services.fleet.series(input)),
});

export type FleetRouter = typeof fleetRouter;
