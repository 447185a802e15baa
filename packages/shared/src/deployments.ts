import { z } from 'zod';
import { MessageSchema } from './i18n/message-schema';
import { text } from './text';
import { executorReportsSchema } from './reports';
import { NodeIdSchema } from './ids';

/** The phases of DESIGN.md's deployment flow, plus the states an operator must look at. */
export const DEPLOYMENT_STATUSES = [
  'checking',
  'queued',
  'dispatch_unknown',
  'provisioning',
  'configuring',
  'verifying',
  'needs_attention',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export const DeploymentStatusSchema = z.enum(DEPLOYMENT_STATUSES);
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;
export const FINAL_STATUSES: readonly DeploymentStatus[] = ['succeeded', 'failed', 'cancelled'];
/** The walk every deployment makes when nothing goes wrong. */
export const PHASES = ['checking', 'queued', 'provisioning', 'configuring', 'verifying', 'succeeded'] as const;

/**
 * Legal transitions; the database refuses every other (migration 0005 holds the same table).
 * dispatch_unknown: the executor did not answer in time; needs_attention: no callback came.
 */
export const TRANSITIONS: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  checking: ['queued', 'failed', 'cancelled'],
  queued: ['provisioning', 'dispatch_unknown', 'failed', 'cancelled'],
  dispatch_unknown: ['provisioning', 'configuring', 'verifying', 'succeeded', 'failed', 'needs_attention', 'cancelled'],
  provisioning: ['configuring', 'failed', 'cancelled'],
  configuring: ['verifying', 'failed', 'cancelled'],
  verifying: ['succeeded', 'failed', 'cancelled'],
  needs_attention: ['provisioning', 'configuring', 'verifying', 'succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/** A template's own settings: a small JSON Schema subset the form is generated from. */
export const SettingSchema = z
  .object({
    type: z.enum(['string', 'integer', 'number', 'boolean']),
    title: text({ max: 80 }),
    description: text({ max: 300 }).optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    enum: z
      .array(text({ max: 80 }))
      .max(50)
      .optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    maxLength: z.number().int().min(1).max(1000).optional(),
    pattern: text({ max: 200 }).optional(),
    /** Masked in the audit trail and the deployment page. */
    secret: z.boolean().optional(),
  })
  .strict();
export type Setting = z.infer<typeof SettingSchema>;

export const GuestKindSchema = z.enum(['lxc', 'qemu']);

/** A catalog entry, as written in a YAML file of the catalog folder. */
export const TemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'input.templateId'),
    name: text({ min: 1, max: 80 }),
    icon: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .default('box'),
    description: text({ min: 1, max: 1000 }),
    version: text({ min: 1, max: 40 }),
    kind: GuestKindSchema.default('lxc'),
    defaults: z
      .object({
        cores: z.number().int().min(1).max(64),
        memoryMiB: z.number().int().min(128).max(262_144),
        diskGiB: z.number().int().min(1).max(16_384),
      })
      .strict(),
    service: z
      .object({ kind: text({ min: 1, max: 64 }), port: z.number().int().min(1).max(65_535).optional() })
      .strict(),
    /** What to do on first sign-in (shown when a deployment of it succeeded): who signs in how, where. */
    firstSignIn: text({ max: 500 }).optional(),
    policies: z
      .array(text({ max: 80 }))
      .max(20)
      .default([]),
    settings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,40}$/), SettingSchema).default({}),
    /**
     * A VM cloned from a Proxmox template (issue 20): click-to-deploy without n8n. Its settings
     * `sshKeys` and `ipConfig` (`ip=dhcp`, or `ip=10.20.0.50/16,gw=10.20.0.1`) reach cloud-init.
     */
    proxmox: z
      .object({
        clone: z
          .object({
            /** The template's VMID (`qm template`), on any node of the cluster. */
            template: z.number().int().min(100).max(999_999_999),
            /** A full clone (its own disks); a linked clone needs the template's storage to allow it. */
            full: z.boolean().default(true),
            /** Where the new disks go; the template's storage when not given. */
            storage: z
              .string()
              .regex(/^[A-Za-z][A-Za-z0-9._-]{0,62}$/)
              .optional(),
          })
          .strict(),
        cloudInit: z
          .object({
            user: z
              .string()
              .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'input.unixUser')
              .default('debian'),
          })
          .strict()
          .default({ user: 'debian' }),
      })
      .strict()
      .optional(),
    /** Demo lab only: fail at this phase, to show the failure path. */
    demo: z
      .object({ failAt: z.enum(['provisioning', 'configuring', 'verifying']).nullable().default(null) })
      .strict()
      .default({ failAt: null }),
  })
  .strict();
export type Template = z.infer<typeof TemplateSchema>;

export const CatalogSchema = z.object({
  templates: z.array(TemplateSchema),
  /** Files of the catalog folder that could not be read; the others load. */
  errors: z.array(z.object({ file: z.string(), message: z.string() })),
  /** Per template, a name no guest and no running deployment has (`jellyfin`, else `jellyfin-2`, …): the form's default. */
  freeNames: z.record(z.string(), z.string()),
});
export type Catalog = z.infer<typeof CatalogSchema>;

/** What the operator chooses on the deploy form. */
export const DeployParamsSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'input.hostname'),
    node: z.union([z.literal('auto'), NodeIdSchema]),
    kind: GuestKindSchema,
    cores: z.number().int().min(1).max(64),
    memoryMiB: z.number().int().min(128).max(262_144),
    diskGiB: z.number().int().min(1).max(16_384),
    vlan: z.number().int().min(1).max(4094).nullable(),
    settings: z.record(text({ max: 41 }), z.union([text({ max: 1000 }), z.number(), z.boolean()])),
  })
  .strict();
export type DeployParams = z.infer<typeof DeployParamsSchema>;

export const PreflightInputSchema = z.object({ templateId: text({ max: 63 }), params: DeployParamsSchema }).strict();
export type PreflightInput = z.infer<typeof PreflightInputSchema>;

export const DeployInputSchema = z
  .object({
    templateId: text({ max: 63 }),
    params: DeployParamsSchema,
    /** Chosen by the browser per form: a double click, a retried request or two tabs make one deployment. */
    idempotencyKey: text({ min: 8, max: 100 }),
    /** Set by "retry": the failed deployment this one repeats. */
    retryOf: z.uuid().nullable().default(null),
  })
  .strict();
export type DeployInput = z.input<typeof DeployInputSchema>;

export const PlacementSchema = z.object({
  nodeId: NodeIdSchema,
  name: z.string(),
  eligible: z.boolean(),
  /** Memory free on the node after the new guest, as a fraction; null without metrics. */
  memFreeAfter: z.number().nullable(),
  /** Memory free on the node now, in bytes; null without metrics. */
  memFreeBytes: z.number().nullable(),
  cpuFree: z.number().nullable(),
  guests: z.number().int(),
  /** Why not, for an ineligible node: offline, short of memory. */
  blocker: z.enum(['offline', 'memory', 'none']),
});
export type Placement = z.infer<typeof PlacementSchema>;

export const PreflightCheckSchema = z.object({
  check: z.enum(['template', 'name', 'node', 'resources', 'policies']),
  ok: z.boolean(),
  message: MessageSchema,
  /** The form's field it concerns (`name`, `memoryMiB`), where the form shows it. */
  field: z.string().nullable(),
  /** The running deployment that holds the name, to open. */
  deploymentId: z.string().nullable(),
});

export const PreflightSchema = z.object({
  ok: z.boolean(),
  checks: z.array(PreflightCheckSchema),
  /** Nodes ranked by headroom after the new guest, best first. */
  placement: z.array(PlacementSchema),
  /** The node the deployment will use (the chosen one, or the best for "automatic"). */
  nodeId: NodeIdSchema.nullable(),
});
export type Preflight = z.infer<typeof PreflightSchema>;

export const DeploymentLogSchema = z.object({
  at: z.string(),
  status: DeploymentStatusSchema.nullable(),
  message: MessageSchema,
});

export const DeploymentSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  name: z.string(),
  nodeId: z.string().nullable(),
  status: DeploymentStatusSchema,
  params: DeployParamsSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  guestId: z.string().nullable(),
  retryOf: z.string().nullable(),
  /** Deliveries to the executor so far, each recorded before it was made: more than one is a repeat (issue 16). */
  deliveries: z.number().int(),
  /** When each status was entered. */
  phases: z.array(z.object({ status: DeploymentStatusSchema, at: z.string() })),
  log: z.array(DeploymentLogSchema),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const DeploymentRowSchema = DeploymentSchema.omit({ params: true, phases: true, log: true });
export type DeploymentRow = z.infer<typeof DeploymentRowSchema>;

export const DeploymentListInputSchema = z
  .object({
    status: DeploymentStatusSchema.optional(),
    templateId: text({ max: 63 }).optional(),
    nodeId: text({ max: 70 }).optional(),
    createdBy: text({ max: 140 }).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type DeploymentListInput = z.input<typeof DeploymentListInputSchema>;

/** What an executor (n8n) reports back: `POST /api/ingest/v1/deployments/<id>/events`. */
export const DeploymentEventsBodySchema = executorReportsSchema([
  'provisioning',
  'configuring',
  'verifying',
  'succeeded',
  'failed',
] as const);
export type DeploymentEventsBody = z.infer<typeof DeploymentEventsBodySchema>;
