import { z } from 'zod';

/** Where a panel's data comes from; shown next to its age (issue 2: "freshness everywhere"). */
export const SourceKindSchema = z.enum(['demo-lab', 'prometheus', 'proxmox', 'database', 'none']);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const SourceStateSchema = z.enum(['ok', 'stale', 'unavailable']);
export type SourceState = z.infer<typeof SourceStateSchema>;

/**
 * The freshness of one source. `asOf` is the time of the newest data shown (the last metrics
 * sample, the last inventory write); `since` is when the source stopped answering or went stale.
 */
export const FreshnessSchema = z.object({
  source: SourceKindSchema,
  state: SourceStateSchema,
  asOf: z.string().nullable(),
  since: z.string().nullable(),
  message: z.string().nullable(),
  /** Why, as a code the page words (`prometheus.target-down`: Prometheus answers, its exporter does not). */
  reason: z.string().optional(),
});
export type Freshness = z.infer<typeof FreshnessSchema>;
