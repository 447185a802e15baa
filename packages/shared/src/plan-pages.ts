import { z } from 'zod';
import { MessageSchema } from './i18n/message-schema';
import { SnapshotNameSchema } from './tasks';
import { text } from './text';
import { GuestIdSchema, NodeIdSchema } from './ids';
import {
  ResourceAmountSchema,
  PlanActionSchema,
  PlanStatusSchema,
  PlanTriggerSchema,
  PolicyCheckSchema,
  RESIZE_RESOURCES,
  RiskSchema,
  SimulationSchema,
} from './plans';

/** What the plan pages read and send: rows, the detail, its actions page, comparisons, decisions and outcomes. */
export const PlanRowSchema = z.object({
  id: z.string(),
  key: z.string(),
  status: PlanStatusSchema,
  trigger: PlanTriggerSchema,
  summary: z.string(),
  risk: RiskSchema,
  trailId: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  revision: z.number().int(),
  revisionHash: z.string(),
  approvals: z.number().int(),
  approvalsNeeded: z.number().int(),
  actionCount: z.number().int(),
  /** Approved and waiting for a maintenance window: when it will run. */
  scheduledFor: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** Why it needs a new revision before anyone can approve it (inventory drift). */
  staleReason: MessageSchema.nullable(),
  /** Deliveries to the executor so far, each recorded before it was made: more than one is a repeat (issue 16). */
  deliveries: z.number().int(),
});
export type PlanRow = z.infer<typeof PlanRowSchema>;

export const PlanApprovalSchema = z.object({
  approver: z.string(),
  revision: z.number().int(),
  at: z.string(),
  comment: z.string(),
  /** Why it no longer counts (a new revision, inventory drift); null while it does. */
  discarded: z.string().nullable(),
});

export const PlanLogSchema = z.object({ at: z.string(), status: PlanStatusSchema.nullable(), message: MessageSchema });

export const PlanSchema = PlanRowSchema.extend({
  details: z.string(),
  simulation: SimulationSchema,
  policyChecks: z.array(PolicyCheckSchema),
  policyOverride: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
  /** Actions per node (a migration counts at its source), for the grouped diff. */
  actionsByNode: z.array(z.object({ nodeId: z.string(), count: z.number().int() })),
  approvalList: z.array(PlanApprovalSchema),
  revisions: z.array(
    z.object({
      revision: z.number().int(),
      hash: z.string(),
      submittedBy: z.string(),
      submittedAt: z.string(),
      summary: z.string(),
      actionCount: z.number().int(),
    }),
  ),
  log: z.array(PlanLogSchema),
  /** Why the caller could not approve this revision now; empty when they can. */
  approveBlockers: z.array(MessageSchema),
  window: z.object({ allowedNow: z.boolean(), nextAllowedAt: z.string().nullable() }),
});
export type Plan = z.infer<typeof PlanSchema>;

export const PlanListInputSchema = z
  .object({
    status: PlanStatusSchema.optional(),
    trigger: PlanTriggerSchema.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type PlanListInput = z.input<typeof PlanListInputSchema>;

export const PlanSummarySchema = z.object({
  pending: z.number().int(),
  approved: z.number().int(),
  applying: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export const PlanActionsInputSchema = z
  .object({
    id: z.uuid(),
    revision: z.number().int().min(1).optional(),
    nodeId: text({ max: 70 }).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const PlanActionsPageSchema = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      index: z.number().int(),
      nodeId: z.string().nullable(),
      name: z.string().nullable(),
      action: PlanActionSchema,
    }),
  ),
});
export type PlanActionsPage = z.infer<typeof PlanActionsPageSchema>;

export const PlanCompareInputSchema = z
  .object({ id: z.uuid(), from: z.number().int().min(1), to: z.number().int().min(1) })
  .strict();
/** Two revisions side by side: fields that differ, and the actions each has that the other lacks. */
export const PlanCompareSchema = z.object({
  fields: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })),
  removed: z.array(PlanActionSchema),
  added: z.array(PlanActionSchema),
  unchanged: z.number().int(),
});
export type PlanCompare = z.infer<typeof PlanCompareSchema>;

export const DecidePlanInputSchema = z.discriminatedUnion('decision', [
  z
    .object({
      id: z.uuid(),
      decision: z.literal('approve'),
      revision: z.number().int().min(1),
      comment: text({ max: 2000 }).default(''),
    })
    .strict(),
  z
    .object({
      id: z.uuid(),
      decision: z.literal('reject'),
      revision: z.number().int().min(1),
      comment: text({ trim: true, min: 1, max: 2000, minMessage: 'input.commentNeeded' }),
    })
    .strict(),
]);
export type DecidePlanInput = z.input<typeof DecidePlanInputSchema>;

/** An admin's act on a plan, always with a reason: override a failed blocking check, or apply outside the windows. */
export const PlanAdminInputSchema = z
  .object({
    id: z.uuid(),
    revision: z.number().int().min(1),
    reason: text({ trim: true, min: 3, max: 2000, minMessage: 'input.reasonNeeded' }),
  })
  .strict();
export type PlanAdminInput = z.input<typeof PlanAdminInputSchema>;

/** What an operator proposes by hand from a guest page; ralf-ui fills in the rest. */
export const ProposeInputSchema = z
  .object({
    actions: z
      .array(
        z.discriminatedUnion('type', [
          z.object({ type: z.literal('migrate'), guestId: GuestIdSchema, to: NodeIdSchema }).strict(),
          z
            .object({
              type: z.literal('resize'),
              guestId: GuestIdSchema,
              resource: z.enum(RESIZE_RESOURCES),
              to: ResourceAmountSchema,
            })
            .strict(),
          z.object({ type: z.literal('start'), guestId: GuestIdSchema }).strict(),
          z.object({ type: z.literal('stop'), guestId: GuestIdSchema }).strict(),
          z.object({ type: z.literal('rollback'), guestId: GuestIdSchema, snapshot: SnapshotNameSchema }).strict(),
        ]),
      )
      .min(1)
      .max(50),
    summary: text({ trim: true, max: 500 }).optional(),
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(24),
  })
  .strict();
export type ProposeInput = z.input<typeof ProposeInputSchema>;

export const OutcomeInputSchema = z
  .object({ id: z.uuid(), hours: z.union([z.literal(1), z.literal(6), z.literal(24)]).default(1) })
  .strict();
/** Predicted (the simulation) beside measured (mean over the chosen period after applying). */
export const PlanOutcomeSchema = z.object({
  from: z.string(),
  to: z.string(),
  metrics: z.enum(['ok', 'unavailable']),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      cpuBefore: z.number(),
      memBefore: z.number(),
      cpuPredicted: z.number(),
      memPredicted: z.number(),
      cpuMeasured: z.number().nullable(),
      memMeasured: z.number().nullable(),
    }),
  ),
});
export type PlanOutcome = z.infer<typeof PlanOutcomeSchema>;
