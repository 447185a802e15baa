import { FindingListInputSchema, FindingsReportSchema, FindingsSummarySchema } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

export const findingsRouter = router({
  report: procedure('read')
    .input(FindingListInputSchema)
    .output(FindingsReportSchema)
    .query(({ ctx, input }) => ctx.services.findings.report(input)),
  summary: procedure('read')
    .output(FindingsSummarySchema)
    .query(({ ctx }) => ctx.services.findings.summary()),
});
