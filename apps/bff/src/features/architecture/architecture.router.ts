import { ArchitectureGraphSchema, ArchitectureStatusSchema, PhysicalViewSchema } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

export const architectureRouter = router({
  graph: procedure('read')
    .output(ArchitectureGraphSchema)
    .query(({ ctx }) => ctx.services.architecture.graph()),
  status: procedure('read')
    .output(ArchitectureStatusSchema)
    .query(({ ctx }) => ctx.services.architecture.status()),
  physical: procedure('read')
    .output(PhysicalViewSchema)
    .query(({ ctx }) => ctx.services.architecture.physical()),
});
