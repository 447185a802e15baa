import {
  CatalogSchema,
  DeployInputSchema,
  DeploymentListInputSchema,
  DeploymentRowSchema,
  DeploymentSchema,
  IdInputSchema,
  PreflightInputSchema,
  PreflightSchema,
} from '@ralf/shared';
import { z } from 'zod';
import { caller, procedure, router } from '../../trpc/trpc';

export const deploymentsRouter = router({
  catalog: procedure('read')
    .output(CatalogSchema)
    .query(({ ctx }) => ctx.services.deployments.catalog()),
  preflight: procedure('read')
    .input(PreflightInputSchema)
    .output(PreflightSchema)
    .query(({ ctx, input }) => ctx.services.deployments.preflight(input)),
  list: procedure('read')
    .input(DeploymentListInputSchema)
    .output(z.array(DeploymentRowSchema))
    .query(({ ctx, input }) => ctx.services.deployments.list(input)),
  byId: procedure('read')
    .input(IdInputSchema)
    .output(DeploymentSchema)
    .query(({ ctx, input }) => ctx.services.deployments.get(input.id)),
  create: procedure('deploy')
    .input(DeployInputSchema)
    .output(DeploymentRowSchema)
    .mutation(({ ctx, input }) => ctx.services.deployments.create(caller(ctx), input, ctx.meta)),
  cancel: procedure('deploy')
    .input(IdInputSchema)
    .output(DeploymentRowSchema)
    .mutation(({ ctx, input }) => ctx.services.deployments.cancel(caller(ctx), input.id, ctx.meta)),
});
