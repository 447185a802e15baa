import {
  BackupFlagsSchema,
  BackupsOverviewSchema,
  BackupsSummarySchema,
  ByIdInputSchema,
  GuestBackupsSchema,
} from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

/** The backups page, the overview's tile and the guest page's backup card (issue 19). */
export const backupsRouter = router({
  overview: procedure('read')
    .output(BackupsOverviewSchema)
    .query(({ ctx }) => ctx.services.backups.overview()),
  summary: procedure('read')
    .output(BackupsSummarySchema)
    .query(({ ctx }) => ctx.services.backups.summary()),
  flags: procedure('read')
    .output(BackupFlagsSchema)
    .query(({ ctx }) => ctx.services.backups.flags()),
  guest: procedure('read')
    .input(ByIdInputSchema)
    .output(GuestBackupsSchema)
    .query(({ ctx, input }) => ctx.services.backups.guest(input.id)),
});
