import { z } from 'zod';
import { DeploymentStatusSchema } from './deployments';
import { PlanStatusSchema } from './plans';
import { RecentTasksSchema } from './tasks';

const work = { id: z.string(), title: z.string(), at: z.string(), by: z.string() };

/**
 * ralf-ui's own longer work beside Proxmox's tasks in the recent-tasks strip (issue 21): a
 * deployment, or a plan approved for applying, being applied or done with it. `at`: its latest change.
 */
export const RecentWorkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deployment'), status: DeploymentStatusSchema, ...work }),
  z.object({ kind: z.literal('plan'), status: PlanStatusSchema, ...work }),
]);
export type RecentWork = z.infer<typeof RecentWorkSchema>;

/** What the strip shows: the clusters' and ralf-ui's tasks, and deployments and plan applies. */
export const RecentActivitySchema = RecentTasksSchema.extend({ work: z.array(RecentWorkSchema) });
export type RecentActivity = z.infer<typeof RecentActivitySchema>;
