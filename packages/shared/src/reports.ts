import { z } from 'zod';
import { EventIdSchema } from './ids';
import { text } from './text';

/**
 * What an executor (n8n) reports back about a deployment or a plan it carries out: events with
 * the sender's id (stored once), when, the status reached, a line for the log and the error.
 */
export function executorReportsSchema<S extends readonly [string, ...string[]]>(statuses: S) {
  return z
    .object({
      events: z
        .array(
          z
            .object({
              id: EventIdSchema,
              at: z.iso.datetime({ offset: true }).optional(),
              status: z.enum(statuses),
              message: text({ min: 1, max: 2000 }),
              error: text({ max: 2000 }).optional(),
            })
            .strict(),
        )
        .min(1)
        .max(100),
    })
    .strict();
}
