import { z } from 'zod';
import { ServiceSchema } from './fleet';
import { MessageSchema } from './i18n/message-schema';
import { text } from './text';

/** One HTTP check of a service's `http_check_url` (issue 21). */
export const ServiceCheckSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The HTTP status it answered with; null when it did not answer. */
  status: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  /** Why it counts as down (refused, timed out, answered 503, certificate expired …); null when up. */
  reason: MessageSchema.nullable(),
  /** When its TLS certificate expires (https only). */
  certExpiresAt: z.string().nullable(),
});
export type ServiceCheck = z.infer<typeof ServiceCheckSchema>;

/** up: its latest check passed; down: it failed; unknown: not checked yet; none: it has no URL to check. */
export const SERVICE_STATES = ['up', 'down', 'unknown', 'none'] as const;
export const ServiceStateSchema = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const ServiceRowSchema = ServiceSchema.extend({
  guestName: z.string().nullable(),
  state: ServiceStateSchema,
  latest: ServiceCheckSchema.nullable(),
  /** Share of checks that passed over the last 24 hours; null without checks. */
  uptime24h: z.number().nullable(),
});
export type ServiceRow = z.infer<typeof ServiceRowSchema>;

export const ServiceDetailSchema = z.object({
  service: ServiceRowSchema,
  uptime7d: z.number().nullable(),
  /** The newest checks first (at most 60: half an hour at the default interval). */
  checks: z.array(ServiceCheckSchema),
  /** Seconds between checks. */
  intervalSeconds: z.number().int(),
});
export type ServiceDetail = z.infer<typeof ServiceDetailSchema>;

export const ServiceRefInputSchema = z.object({ id: text({ min: 1, max: 128 }) }).strict();
