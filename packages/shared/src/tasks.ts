import { z } from 'zod';
import { GuestIdSchema } from './ids';
import { text } from './text';

/**
 * Acting on Proxmox (issue 20): what an operator may do to a guest, the tasks Proxmox runs for it
 * and the snapshots it keeps. Every action is a Proxmox task (its UPID), followed until it ends.
 */

/** Power actions (privilege VM.PowerMgmt); suspend and resume are for VMs only. */
export const POWER_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'resume'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
export const PowerActionSchema = z.enum(POWER_ACTIONS);

/** Everything a guest action may be; each names the Proxmox privilege it needs (PRIVILEGE_OF). */
export const GUEST_ACTIONS = [...POWER_ACTIONS, 'backup', 'snapshot', 'rollback', 'delete-snapshot'] as const;
export type GuestAction = (typeof GUEST_ACTIONS)[number];
export const GuestActionSchema = z.enum(GUEST_ACTIONS);

/** What a task ralf-ui asked for did: a guest action, or an approved plan's migration or resize (issue 20). */
export const TASK_ACTIONS = [...GUEST_ACTIONS, 'migrate', 'resize', 'clone', 'configure'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** The Proxmox privilege each action needs on /vms/{vmid} (backups also Datastore.AllocateSpace on the storage). */
export const PRIVILEGE_OF: Record<GuestAction, string> = {
  start: 'VM.PowerMgmt',
  shutdown: 'VM.PowerMgmt',
  stop: 'VM.PowerMgmt',
  reboot: 'VM.PowerMgmt',
  suspend: 'VM.PowerMgmt',
  resume: 'VM.PowerMgmt',
  backup: 'VM.Backup',
  snapshot: 'VM.Snapshot',
  rollback: 'VM.Snapshot.Rollback',
  'delete-snapshot': 'VM.Snapshot',
};

/** Actions that ask first, naming the guest: they lose running state or data. */
export const CONFIRMED_ACTIONS: readonly GuestAction[] = ['stop', 'rollback', 'delete-snapshot'];
/** What a core service (the seed's PostgreSQL, Gitea, Vaultwarden, …) may only get through an approved plan. */
export const PLAN_ONLY_ACTIONS: readonly GuestAction[] = ['stop', 'rollback'];

/** A snapshot's name as Proxmox accepts it: a letter first, then letters, digits, `_` and `-` (at most 40). */
export const SnapshotNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{1,39}$/, 'input.snapshotName')
  .refine((s) => s !== 'current', "'current' is Proxmox's name for the running state");

const Reason = text({ max: 500, trim: true }).optional();
const Key = text({ min: 8, max: 100 });

const base = {
  guestId: GuestIdSchema,
  /** The same key twice starts one task: a double click or a retried request is one action. */
  idempotencyKey: Key,
  /** Why, in the operator's words; it stands in the audit log and the trail. */
  reason: Reason,
  /** The guest's name, typed or clicked to confirm a stop, rollback or snapshot deletion. */
  confirm: text({ max: 200 }).optional(),
};

export const GuestActionInputSchema = z.discriminatedUnion('action', [
  z
    .object({
      ...base,
      action: z.literal('shutdown'),
      /** Seconds Proxmox waits for the guest to power off before the task fails (then: stop?). */
      timeoutSeconds: z.number().int().min(10).max(3600).default(60),
    })
    .strict(),
  z.object({ ...base, action: z.enum(['start', 'stop', 'reboot', 'suspend', 'resume']) }).strict(),
  z
    .object({
      ...base,
      action: z.literal('backup'),
      /** The storage to back up to (a PBS storage or a directory with `backup` content). */
      storage: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,62}$/, 'input.storageName'),
      mode: z.enum(['snapshot', 'suspend', 'stop']).default('snapshot'),
    })
    .strict(),
  z
    .object({
      ...base,
      action: z.literal('snapshot'),
      name: SnapshotNameSchema,
      description: text({ max: 1000 }).default(''),
      /** Include the RAM of a running VM, so a rollback resumes it running. */
      withRam: z.boolean().default(false),
    })
    .strict(),
  z.object({ ...base, action: z.enum(['rollback', 'delete-snapshot']), name: SnapshotNameSchema }).strict(),
]);
export type GuestActionInput = z.input<typeof GuestActionInputSchema>;
export type GuestActionParsed = z.infer<typeof GuestActionInputSchema>;

/** Several guests at once from the fleet table: one request per guest, each answered alone. */
export const BulkActionInputSchema = z
  .object({
    guestIds: z.array(GuestIdSchema).min(1).max(50),
    action: z.enum(['start', 'shutdown', 'reboot', 'stop']),
    idempotencyKey: Key,
    reason: Reason,
    /** For a bulk stop: the number of guests, typed or clicked to confirm. */
    confirm: text({ max: 200 }).optional(),
  })
  .strict();
export type BulkActionInput = z.input<typeof BulkActionInputSchema>;

/**
 * A task's state as ralf-ui knows it: `starting` (asked, no UPID yet), `running`, `ok`, `failed`,
 * or `unknown`: ralf-ui lost sight of it (Proxmox forgot it, or did not say whether it started).
 */
export const TASK_STATUSES = ['starting', 'running', 'ok', 'failed', 'unknown'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const TaskSchema = z.object({
  /** ralf-ui's id for a task it started; the UPID for one started elsewhere. */
  id: z.string(),
  upid: z.string().nullable(),
  cluster: z.string(),
  node: z.string(),
  /** The guest it concerns (`qemu/208`), when it concerns one. */
  guestId: z.string().nullable(),
  guestName: z.string().nullable(),
  /** ralf-ui's action (`start`, `snapshot`, `migrate`, …), or null for a task started elsewhere. */
  action: z.enum(TASK_ACTIONS).nullable(),
  /** Proxmox's task type: `qmstart`, `vzdump`, `qmsnapshot`, … */
  type: z.string(),
  status: TaskStatusSchema,
  /** Proxmox's exit status (`OK`, or the error), or why it is unknown. */
  exitStatus: z.string().nullable(),
  /** Who asked: a ralf-ui user (`user:alice`) or the Proxmox user that started it (`root@pam`). */
  user: z.string(),
  reason: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Started through ralf-ui, or seen in Proxmox's task list. */
  origin: z.enum(['ralf-ui', 'proxmox']),
  /** The snapshot or storage it names, when it names one. */
  target: z.string().nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

export const GuestRefInputSchema = z.object({ id: GuestIdSchema }).strict();
export const TaskLogInputSchema = z
  .object({ id: z.string().min(1).max(200), start: z.number().int().min(0).default(0) })
  .strict();
export const TaskLogSchema = z.object({
  task: TaskSchema,
  /** Lines from `start` on, numbered as Proxmox numbers them. */
  lines: z.array(z.object({ n: z.number(), t: z.string() })),
  /** Why the log cannot be read now (the cluster does not answer), else null. */
  unavailable: z.string().nullable(),
});
export type TaskLog = z.infer<typeof TaskLogSchema>;

export const BulkResultSchema = z.array(
  z.object({
    guestId: z.string(),
    task: TaskSchema.nullable(),
    /** Why this guest's request was refused (the others went on). */
    error: z.object({ message: z.string(), reason: z.string().nullable() }).nullable(),
  }),
);
export type BulkResult = z.infer<typeof BulkResultSchema>;

export const SnapshotSchema = z.object({
  name: z.string(),
  description: z.string(),
  parent: z.string().nullable(),
  /** When it was taken (ISO), null for Proxmox's `current`. */
  takenAt: z.string().nullable(),
  withRam: z.boolean(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What the guest page offers: which actions, where backups may go, and why an action is not offered. */
export const GuestControlSchema = z.object({
  /** A Proxmox executor can act on this guest's cluster (null when none: `reason` says why). */
  available: z.boolean(),
  reason: z.string().nullable(),
  /** A core service: stop and rollback go through a plan with approval. */
  core: z.boolean(),
  /** Storages of its node that take backups (PBS first). */
  backupStorages: z.array(z.object({ name: z.string(), type: z.string() })),
  snapshots: z.array(SnapshotSchema),
  /** The snapshot the guest runs from (`current`'s parent), or null. */
  currentParent: z.string().nullable(),
  /** Why the snapshots could not be read, else null. */
  snapshotsUnavailable: z.string().nullable(),
  /** The guest's console in the Proxmox web UI, when the cluster's address is known. */
  consoleUrl: z.string().nullable(),
});
export type GuestControl = z.infer<typeof GuestControlSchema>;

export const RecentTasksSchema = z.object({
  tasks: z.array(TaskSchema),
  /** Clusters whose task list could not be read now, with why. */
  unavailable: z.array(z.object({ cluster: z.string(), reason: z.string() })),
});
export type RecentTasks = z.infer<typeof RecentTasksSchema>;

export const isFinalTask = (s: TaskStatus) => s === 'ok' || s === 'failed' || s === 'unknown';

/** Proxmox's own check of each migration of a plan, shown before approval (issue 20). */
export const PlanChecksSchema = z.object({
  checks: z.array(
    z.object({
      guestId: z.string(),
      guestName: z.string().nullable(),
      to: z.string(),
      /** Proxmox checked it (VMs); null: no check exists (containers) or no cluster answers. */
      ok: z.boolean().nullable(),
      reasons: z.array(z.string()),
      /** How it will move: live (running VM), by restart (running container), or stopped. */
      mode: z.enum(['live', 'restart', 'offline']),
    }),
  ),
  /** Whether the plan goes through Proxmox when applied. */
  viaProxmox: z.boolean(),
});
export type PlanChecks = z.infer<typeof PlanChecksSchema>;
export const PlanRefInputSchema = z.object({ id: z.uuid() }).strict();
