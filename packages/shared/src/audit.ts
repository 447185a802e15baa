import { MessageSchema } from './i18n/message-schema';
import { z } from 'zod';
import { text } from './text';

/**
 * Who did something: a signed-in operator, an agent's API token, or ralf-ui itself (the demo
 * lab, a scheduled job). Written as `user:<name>`, `token:<name>`, `system:<name>`.
 */
export const ActorSchema = z
  .string()
  .regex(/^(user|token|system):[^\s]{1,128}$/, 'expected user:<name>, token:<name> or system:<name>');

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);

/** One row of the append-only, hash-chained audit trail (DESIGN.md §8). */
export const AuditEventSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actor: ActorSchema,
  action: z.string(),
  subject: z.string().nullable(),
  outcome: AuditOutcomeSchema,
  sourceIp: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  details: z.unknown().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** What a caller records; the log adds seq, id, time and the hashes. */
export type AuditEntry = Pick<AuditEvent, 'actor' | 'action'> &
  Partial<Pick<AuditEvent, 'subject' | 'outcome' | 'sourceIp' | 'before' | 'after' | 'details'>>;

export const AuditBrokenRowSchema = z.object({ seq: z.number().int(), id: z.string(), reason: MessageSchema });

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Rows that verify. */
  checked: z.number().int(),
  /** Every row whose hash or link does not match (the first 100), in chain order. */
  broken: z.array(AuditBrokenRowSchema),
  /** How many rows are broken in all. */
  brokenCount: z.number().int(),
  /** When the whole chain was last recomputed; rows added since are checked as they come. */
  fullCheckAt: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

const optionalText = text({ trim: true, max: 200 }).optional();

/** Filters of the audit page and its export; `cursor` (a sequence number) pages back from there. */
export const AuditListInputSchema = z
  .object({
    actor: optionalText,
    action: optionalText,
    subject: optionalText,
    /** Whose events: people (`user:`), agents' tokens (`token:`), ralf-ui itself (`system:`); all when unset. */
    who: z.enum(['people', 'agents', 'system']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.number().int().positive().nullish(),
    /** Sent by tRPC's infinite queries; the audit page only pages back in time. */
    direction: z.enum(['forward', 'backward']).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditListInput = z.input<typeof AuditListInputSchema>;

export const AuditPageSchema = z.object({ events: z.array(AuditEventSchema), nextCursor: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** The export's query string: the page's filters and a format. */
export const AuditExportQuerySchema = AuditListInputSchema.omit({ cursor: true, direction: true, limit: true })
  .extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') })
  .strict();
export type AuditExportQuery = z.input<typeof AuditExportQuerySchema>;
