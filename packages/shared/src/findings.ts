import { z } from 'zod';
import { text } from './text';

/**
 * Compliance findings (seed: "Policy-Pipeline", issue 8): one JSON object or an array per file
 * under `policy_results/`, or through the ingest API: policy, target, status, severity, details.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const FindingInputSchema = z
  .object({
    policy: text({ min: 1, max: 200 }),
    target: text({ min: 1, max: 300 }),
    status: z.enum(['pass', 'fail', 'warn']),
    severity: SeveritySchema.default('medium'),
    details: text({ max: 5000 }).default(''),
    checked_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type FindingInput = z.input<typeof FindingInputSchema>;

export const FindingsBodySchema = z.object({ findings: z.array(FindingInputSchema).min(1).max(1000) }).strict();

export const FindingSchema = z.object({
  key: z.string(),
  source: z.string(),
  policy: z.string(),
  target: z.string(),
  result: z.enum(['pass', 'fail', 'warn']),
  severity: SeveritySchema,
  details: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** When it cleared (passed on a later check, or its file went away); null while open. */
  resolvedAt: z.string().nullable(),
  resolvedReason: z.string().nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FindingListInputSchema = z
  .object({
    status: z.enum(['open', 'resolved', 'all']).default('open'),
    severity: SeveritySchema.optional(),
    policy: text({ max: 200 }).optional(),
    target: text({ max: 300 }).optional(),
    q: text({ max: 200 }).optional(),
    sort: z.enum(['severity', 'policy', 'target', 'lastSeen']).default('severity'),
  })
  .strict();
export type FindingListInput = z.input<typeof FindingListInputSchema>;

export const FindingsReportSchema = z.object({
  findings: z.array(FindingSchema),
  bySeverity: z.record(SeveritySchema, z.number().int()),
  byPolicy: z.array(z.object({ policy: z.string(), open: z.number().int(), resolved: z.number().int() })),
  /** Open findings at the end of each of the last 14 days. */
  trend: z.array(z.object({ day: z.string(), open: z.number().int() })),
  /** The policy folder by its name (where it lies on the server is not shown), its files and last scan. */
  folder: z.object({ path: z.string().nullable(), files: z.number().int(), lastScan: z.string().nullable() }),
});
export type FindingsReport = z.infer<typeof FindingsReportSchema>;

export const FindingsSummarySchema = z.object({
  open: z.number().int(),
  bySeverity: z.record(SeveritySchema, z.number().int()),
});
export type FindingsSummary = z.infer<typeof FindingsSummarySchema>;
