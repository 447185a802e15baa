import { AuditListInputSchema, AuditPageSchema, AuditVerificationSchema } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

export const auditRouter = router({
  list: procedure('read')
    .input(AuditListInputSchema)
    .output(AuditPageSchema)
    .query(({ ctx, input }) => ctx.services.audit.list(input)),
  verify: procedure('read')
    .output(AuditVerificationSchema)
    .query(({ ctx }) => ctx.services.audit.verify()),
});
