import { z } from 'zod';

/** An operator's decision on a host Foreman found (issue 21): adopt it, or stop being asked. */
export const DiscoveredDecisionInputSchema = z
  .object({ id: z.uuid(), decision: z.enum(['accept', 'ignore']) })
  .strict();
export type DiscoveredDecisionInput = z.input<typeof DiscoveredDecisionInputSchema>;
