import { z } from 'zod';
import { text } from './text';

/**
 * Explainability trails (DESIGN.md §6, issue 7): why the system did what it did, as a causal
 * chain trigger → observation(s) → decision → action(s) → outcome → lesson. Events name their
 * causal parent; the chain is ordered by parent and the event's own time, never by arrival.
 */
export const TRAIL_EVENT_KINDS = [
  'trigger',
  'observation',
  'decision',
  'action',
  'outcome',
  'lesson',
  'correction',
] as const;
export const TrailEventKindSchema = z.enum(TRAIL_EVENT_KINDS);
export type TrailEventKind = z.infer<typeof TrailEventKindSchema>;

/** What started a trail. */
export const TRAIL_TRIGGERS = ['alert', 'discovery', 'capacity_drift', 'operator_request', 'pbs_detected'] as const;
export const TrailTriggerSchema = z.enum(TRAIL_TRIGGERS);
export type TrailTrigger = z.infer<typeof TrailTriggerSchema>;

/** `cancelled`: someone stopped it on purpose; not a failure (issue 26). */
export const TRAIL_OUTCOMES = ['running', 'succeeded', 'failed', 'cancelled', 'rolled_back'] as const;
export const TrailOutcomeSchema = z.enum(TRAIL_OUTCOMES);
export type TrailOutcome = z.infer<typeof TrailOutcomeSchema>;

/** A subject a trail touched: `node/pve1`, `qemu/204`, `service/jellyfin`, `plan/<uuid>`, `deployment/<uuid>`. */
export const SubjectSchema = z
  .string()
  .regex(
    /^(node|qemu|lxc|service|plan|deployment)\/[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    'expected node/…, qemu/…, lxc/…, service/…, plan/… or deployment/…',
  );

/** Only http(s) links become links: a javascript: or data: URL is refused, never rendered. */
export const HttpUrlSchema = text({ max: 2000 }).refine((u) => {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'only http(s) URLs are accepted');

const Id = text({ min: 1, max: 128 }).regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'letters, digits and . _ : @ / -');
const Text = (max: number) => text({ max });

export const TrailEventInputSchema = z
  .object({
    /** Chosen by the sender; the same id twice is stored once. */
    id: Id,
    trailId: Id,
    kind: TrailEventKindSchema,
    /** When it happened at its source: the chain's order, with the parent. */
    at: z.iso.datetime({ offset: true }),
    /** The event this one follows from (its causal parent), in the same trail. */
    parentId: Id.nullable().default(null),
    agent: text({ min: 1, max: 64 }),
    title: text({ min: 1, max: 300 }),
    /** The rationale of a decision, the detail of anything else (plain text, at most 20,000 characters). */
    body: Text(20_000).default(''),
    /** A trigger names what started the trail. */
    trigger: TrailTriggerSchema.optional(),
    /** An outcome says how it ended. */
    outcome: TrailOutcomeSchema.exclude(['running']).optional(),
    /** A decision's inputs: metrics, findings, earlier trails, each with a link where there is one. */
    inputs: z
      .array(
        z
          .object({
            kind: z.enum(['metric', 'finding', 'trail', 'document']),
            label: Text(300).min(1),
            ref: Text(300).default(''),
            url: HttpUrlSchema.optional(),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    /** What a decision considered and why each lost. */
    alternatives: z
      .array(z.object({ option: Text(300).min(1), whyNot: Text(2000).default('') }).strict())
      .max(20)
      .default([]),
    /** A decision's confidence, 0..1. */
    confidence: z.number().min(0).max(1).nullable().default(null),
    /** Gitea commits and pull requests that carried the change, or other pages. */
    links: z
      .array(
        z
          .object({
            kind: z.enum(['commit', 'pull_request', 'other']),
            url: HttpUrlSchema,
            label: Text(200).default(''),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    subjects: z.array(SubjectSchema).max(50).default([]),
    /** A correction names the event it corrects (a closed trail changes only so). */
    corrects: Id.nullable().default(null),
    /** The language the agent wrote it in: the trail keeps it, and search stems its words so (issue 18). */
    language: z.enum(['de', 'en']).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.kind === 'trigger' && !e.trigger)
      ctx.addIssue({ code: 'custom', path: ['trigger'], message: 'a trigger event names what triggered it' });
    if (e.kind === 'outcome' && !e.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'an outcome event says how it ended' });
    if (e.kind === 'correction' && !e.corrects)
      ctx.addIssue({ code: 'custom', path: ['corrects'], message: 'a correction names the event it corrects' });
    if (e.parentId === e.id)
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: 'an event cannot be its own parent' });
  });
export type TrailEventInput = z.input<typeof TrailEventInputSchema>;
export type TrailEventParsed = z.infer<typeof TrailEventInputSchema>;

/** `POST /api/ingest/v1/trails`: 1 to 500 events, of one or several trails, applied all or none. */
export const TrailEventsBodySchema = z.object({ events: z.array(TrailEventInputSchema).min(1).max(500) }).strict();

export const TrailEventSchema = z.object({
  id: z.string(),
  kind: TrailEventKindSchema,
  at: z.string(),
  receivedAt: z.string(),
  parentId: z.string().nullable(),
  agent: z.string(),
  title: z.string(),
  body: z.string(),
  trigger: TrailTriggerSchema.nullable(),
  outcome: TrailOutcomeSchema.nullable(),
  inputs: z.array(z.object({ kind: z.string(), label: z.string(), ref: z.string(), url: z.string().optional() })),
  alternatives: z.array(z.object({ option: z.string(), whyNot: z.string() })),
  confidence: z.number().nullable(),
  links: z.array(z.object({ kind: z.string(), url: z.string(), label: z.string() })),
  subjects: z.array(z.string()),
  corrects: z.string().nullable(),
  /** The parent is named but has not arrived (yet): the page shows a gap. */
  parentMissing: z.boolean(),
  /** Ids of corrections that refer to this event. */
  correctedBy: z.array(z.string()),
  /** Depth in the causal chain (0 for a root), for the vertical timeline. */
  depth: z.number().int(),
});
export type TrailEvent = z.infer<typeof TrailEventSchema>;

export const TrailRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  trigger: TrailTriggerSchema.nullable(),
  outcome: TrailOutcomeSchema,
  agents: z.array(z.string()),
  subjects: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  events: z.number().int(),
  closed: z.boolean(),
  /** What was decided: the first decision's title. */
  decision: z.string().nullable(),
});
export type TrailRow = z.infer<typeof TrailRowSchema>;

export const TrailSchema = TrailRowSchema.extend({ chain: z.array(TrailEventSchema) });
export type Trail = z.infer<typeof TrailSchema>;

export const TrailListInputSchema = z
  .object({
    q: text({ trim: true, max: 200 }).optional(),
    subject: text({ max: 140 }).optional(),
    agent: text({ max: 64 }).optional(),
    trigger: TrailTriggerSchema.optional(),
    outcome: TrailOutcomeSchema.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Keyset cursor: the last row's `startedAt|id` of the previous page. */
    cursor: text({ max: 200 }).nullish(),
    /** Sent by tRPC's infinite queries; the timeline only pages forward. */
    direction: z.enum(['forward', 'backward']).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TrailListInput = z.input<typeof TrailListInputSchema>;

export const TrailPageSchema = z.object({ items: z.array(TrailRowSchema), nextCursor: z.string().nullable() });
export type TrailPage = z.infer<typeof TrailPageSchema>;

export const TrailIngestResultSchema = z.object({ written: z.number().int(), duplicates: z.number().int() });
