import { MessageSchema } from './i18n/message-schema';
import { z } from 'zod';
import { SnapshotNameSchema } from './tasks';
import { text } from './text';
import { executorReportsSchema } from './reports';
import { GuestIdSchema, MacSchema, NodeIdSchema } from './ids';

/**
 * Adaptive plans (DESIGN.md §6, issue 6): A_PLAN proposes, a human decides with the evidence in
 * front of them, A_INFRA applies. `proposed → approved | rejected | expired | superseded →
 * applying → applied | failed`; an approved plan goes back to `proposed` when a new revision
 * arrives or the inventory it was approved on has changed.
 */
/**
 * `dispatch_unknown`: the executor did not answer the delivery in time (it may have started);
 * `needs_attention`: no progress came back in time. Both wait for a report, or for an admin to
 * retry the delivery or mark the plan failed (issue 16), as deployments do.
 */
export const PLAN_STATUSES = [
  'proposed',
  'approved',
  'rejected',
  'expired',
  'superseded',
  'applying',
  'dispatch_unknown',
  'needs_attention',
  'applied',
  'failed',
] as const;
export const PlanStatusSchema = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

/** Legal moves; the database holds the same table and refuses any other (SQLSTATE RA001). */
export const PLAN_TRANSITIONS: Record<PlanStatus, readonly PlanStatus[]> = {
  proposed: ['approved', 'rejected', 'expired', 'superseded'],
  approved: ['applying', 'proposed', 'superseded'],
  applying: ['applied', 'failed', 'dispatch_unknown', 'needs_attention'],
  dispatch_unknown: ['applying', 'applied', 'failed', 'needs_attention'],
  needs_attention: ['applying', 'applied', 'failed'],
  rejected: [],
  expired: [],
  superseded: [],
  applied: [],
  failed: [],
};
/** Plans that still wait for someone: counted on the overview and in the navigation badge. */
export const PENDING_PLAN_STATUSES: readonly PlanStatus[] = ['proposed'];

export const PLAN_TRIGGERS = ['capacity_drift', 'new_host', 'pbs_detected', 'load_shift', 'operator'] as const;
export const PlanTriggerSchema = z.enum(PLAN_TRIGGERS);
export type PlanTrigger = z.infer<typeof PlanTriggerSchema>;

export const RiskSchema = z.enum(['low', 'medium', 'high']);
export type Risk = z.infer<typeof RiskSchema>;

/** What a resize changes, in the units an operator reads on the guest page. */
export const RESIZE_RESOURCES = ['memoryMiB', 'cores', 'diskGiB'] as const;
/** A size or count a resize names (MiB, cores, GiB). */
export const ResourceAmountSchema = z.number().int().min(1).max(16_777_216);

export const PlanActionSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('migrate'), guestId: GuestIdSchema, from: NodeIdSchema, to: NodeIdSchema })
    .strict()
    .refine((a) => a.from !== a.to, { message: 'input.migrateElsewhere', path: ['to'] }),
  z
    .object({
      type: z.literal('resize'),
      guestId: GuestIdSchema,
      resource: z.enum(RESIZE_RESOURCES),
      from: ResourceAmountSchema,
      to: ResourceAmountSchema,
    })
    .strict()
    .refine((a) => a.from !== a.to, { message: 'input.resizeChange', path: ['to'] }),
  z.object({ type: z.literal('start'), guestId: GuestIdSchema }).strict(),
  z.object({ type: z.literal('stop'), guestId: GuestIdSchema }).strict(),
  /** Back to a snapshot (issue 20): what a core service gets only through a plan. */
  z.object({ type: z.literal('rollback'), guestId: GuestIdSchema, snapshot: SnapshotNameSchema }).strict(),
  z
    .object({
      type: z.literal('scale'),
      serviceId: text({ min: 1, max: 128 }),
      from: z.number().int().min(0).max(1000),
      to: z.number().int().min(0).max(1000),
    })
    .strict()
    .refine((a) => a.from !== a.to, { message: 'input.scaleChange', path: ['to'] }),
  /**
   * A host Foreman found joins a cluster as a node (issue 21): the executor's installer (n8n,
   * Ansible) provisions Proxmox on it and joins it; ralf-ui records the node once it is applied.
   */
  z
    .object({
      type: z.literal('add-node'),
      hostId: z.uuid(),
      mac: MacSchema,
      node: NodeIdSchema,
      cluster: text({ min: 1, max: 64 }),
    })
    .strict(),
]);
export type PlanAction = z.infer<typeof PlanActionSchema>;
/** An action on one guest: every type but a service's scale and a node's joining. */
export type GuestPlanAction = Exclude<PlanAction, { type: 'scale' | 'add-node' }>;
export const isGuestAction = (a: PlanAction): a is GuestPlanAction => a.type !== 'scale' && a.type !== 'add-node';

/** Utilisation as a ratio: 0 idle, 1 full; above 1 is overcommitted (a simulation may predict it). */
const Ratio = z.number().min(0, 'input.notNegative').max(10);

export const SimulationSchema = z
  .object({
    nodes: z
      .array(
        z
          .object({ nodeId: NodeIdSchema, cpuBefore: Ratio, cpuAfter: Ratio, memBefore: Ratio, memAfter: Ratio })
          .strict(),
      )
      .min(1)
      .max(1000),
    /** Above these a node is marked on the page. */
    thresholds: z.object({ cpu: Ratio, mem: Ratio }).strict().default({ cpu: 0.85, mem: 0.9 }),
  })
  .strict();
export type Simulation = z.infer<typeof SimulationSchema>;

export const PolicyCheckSchema = z
  .object({
    policy: text({ min: 1, max: 128 }),
    result: z.enum(['passed', 'warned', 'failed']),
    /** A failed blocking check stops approval unless an admin overrides it with a reason. */
    blocking: z.boolean().default(false),
    message: text({ max: 2000 }).default(''),
    /** ralf-ui's own checks say it as a message too, for the reader's language (issue 18); agents' checks are shown as written. */
    said: MessageSchema.optional(),
  })
  .strict();
export type PolicyCheck = z.infer<typeof PolicyCheckSchema>;

const PlanKeySchema = text({ min: 1, max: 128 }).regex(
  /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/,
  'letters, digits and . _ : @ / -',
);

/** The part of a plan that makes a revision: its hash is what approvals bind to. */
export const PlanContentSchema = z
  .object({
    trigger: PlanTriggerSchema,
    summary: text({ min: 1, max: 500 }),
    details: text({ max: 20_000 }).default(''),
    /** The explainability trail that led to it (issue 7). */
    trailId: text({ min: 1, max: 128 }).nullable().default(null),
    actions: z.array(PlanActionSchema).min(1).max(10_000),
    simulation: SimulationSchema,
    policyChecks: z.array(PolicyCheckSchema).max(200).default([]),
    risk: RiskSchema,
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type PlanContent = z.infer<typeof PlanContentSchema>;

/**
 * `POST /api/ingest/v1/plans`: a plan, or a new revision of the plan with the same `key`. The
 * same content twice is one revision; `supersedes` retires another pending plan of the sender.
 */
export const PlanSubmissionSchema = PlanContentSchema.extend({
  key: PlanKeySchema,
  supersedes: PlanKeySchema.optional(),
}).strict();
export type PlanSubmission = z.input<typeof PlanSubmissionSchema>;

export const PlanSubmitResultSchema = z.object({
  planId: z.string(),
  revision: z.number().int(),
  status: PlanStatusSchema,
  /** false: this content was already the current revision (a replay). */
  newRevision: z.boolean(),
  /** Approvals of the previous revision that the new one discarded. */
  discardedApprovals: z.number().int(),
});
export type PlanSubmitResult = z.infer<typeof PlanSubmitResultSchema>;

/** A window in which approved plans may (allow) or may not (deny) be applied; deny wins. */
export const ApplyWindowSchema = z
  .object({
    kind: z.enum(['allow', 'deny']),
    /** Five-field cron for the window's start, e.g. `0 22 * * *`. */
    cron: text({ trim: true, min: 1, max: 100, minMessage: 'input.cronNeeded' }),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    timeZone: text({ min: 1, max: 64 }).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'input.timeZone'),
    label: text({ max: 100 }).default(''),
  })
  .strict();
export type ApplyWindow = z.infer<typeof ApplyWindowSchema>;

export const PlanSettingsSchema = z
  .object({
    approvalsNeeded: z.number().int().min(1).max(5),
    windows: z.array(ApplyWindowSchema).max(50),
  })
  .strict();
export type PlanSettings = z.infer<typeof PlanSettingsSchema>;
export const DEFAULT_PLAN_SETTINGS: PlanSettings = { approvalsNeeded: 1, windows: [] };

/** What an executor (n8n) reports back: `POST /api/ingest/v1/plans/<id>/events`. */
export const PlanEventsBodySchema = executorReportsSchema(['applying', 'applied', 'failed'] as const);
export type PlanEventsBody = z.infer<typeof PlanEventsBodySchema>;
