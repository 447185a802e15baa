import { z } from 'zod';
import { GuestIdSchema } from './ids';
import { FreshnessSchema } from './sources';

/**
 * Backups, read from Proxmox (issue 19): the vzdump archives on PVE storages, the snapshots on a
 * Proxmox Backup Server's datastores, and the backup jobs of each cluster (`/cluster/backup`).
 */
export const BackupSchema = z.object({
  guestId: GuestIdSchema,
  /** ISO time the backup was taken. */
  at: z.string(),
  sizeBytes: z.number().nullable(),
  /** Where it lies: a PVE storage (`local`, `pbs-main`) or a PBS datastore (`pbs01:backup`). */
  storage: z.string(),
  source: z.enum(['pve', 'pbs']),
  /** The PBS namespace, when there is one (`''` is the root namespace). */
  namespace: z.string().nullable(),
  verified: z.enum(['ok', 'failed', 'none']),
  protected: z.boolean(),
});
export type Backup = z.infer<typeof BackupSchema>;

export const BackupJobSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  /** Proxmox's calendar event (`02:00`, `sat 03:00`, `mon..fri 21:00`). */
  schedule: z.string(),
  storage: z.string().nullable(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  /** `all` (with `exclude`), or the vmids it names; a pool's guests are listed by vmid. */
  all: z.boolean(),
  vmids: z.array(z.number()),
  exclude: z.array(z.number()),
  /** How long between its runs (a daily job: 24 h), read from its schedule. */
  everyHours: z.number(),
});
export type BackupJob = z.infer<typeof BackupJobSchema>;

export const DatastoreSchema = z.object({
  /** `local` on pve1, `pbs01:backup`. */
  name: z.string(),
  source: z.enum(['pve', 'pbs']),
  /** The node it is on, for a PVE storage that is not shared. */
  node: z.string().nullable(),
  totalBytes: z.number().nullable(),
  usedBytes: z.number().nullable(),
  backups: z.number().int(),
});
export type Datastore = z.infer<typeof DatastoreSchema>;

/**
 * A guest's backup state: `ok`; `stale` (its newest backup is older than its job's interval plus
 * a grace, or than 26 h without a job); `none` (never backed up); `no-job` is said beside it.
 */
export const BackupStateSchema = z.enum(['ok', 'stale', 'none']);
export type BackupState = z.infer<typeof BackupStateSchema>;

export const GuestBackupSchema = z.object({
  guestId: GuestIdSchema,
  name: z.string(),
  nodeId: z.string(),
  state: BackupStateSchema,
  last: BackupSchema.nullable(),
  job: z.object({ id: z.string(), schedule: z.string(), nextRunAt: z.string().nullable() }).nullable(),
  /** When its newest backup turns stale (or turned); null without a backup. */
  dueBy: z.string().nullable(),
  /** How many backups of it exist, on every storage. */
  count: z.number().int(),
});
export type GuestBackup = z.infer<typeof GuestBackupSchema>;

export const BackupsOverviewSchema = z.object({
  /** Every guest's state, the stalest first. */
  guests: z.array(GuestBackupSchema),
  jobs: z.array(BackupJobSchema),
  datastores: z.array(DatastoreSchema),
  counts: z.object({ ok: z.number().int(), stale: z.number().int(), none: z.number().int(), noJob: z.number().int() }),
  /** Where backups were read from, and whether each answered. */
  sources: z.array(z.object({ name: z.string(), freshness: FreshnessSchema })),
});
export type BackupsOverview = z.infer<typeof BackupsOverviewSchema>;

/** The overview's tile: how many guests are in each state; `read` is false until a source answered. */
export const BackupsSummarySchema = z.object({
  read: z.boolean(),
  total: z.number().int(),
  counts: z.object({ ok: z.number().int(), stale: z.number().int(), none: z.number().int(), noJob: z.number().int() }),
});
export type BackupsSummary = z.infer<typeof BackupsSummarySchema>;

/** The guests whose backups need attention, by id (the fleet table marks their rows). */
export const BackupFlagsSchema = z.object({
  stale: z.array(z.string()),
  none: z.array(z.string()),
  noJob: z.array(z.string()),
});
export type BackupFlags = z.infer<typeof BackupFlagsSchema>;

/** A guest's backups: its state and every backup of it, newest first. */
export const GuestBackupsSchema = z.object({
  status: GuestBackupSchema.nullable(),
  backups: z.array(BackupSchema),
});
export type GuestBackups = z.infer<typeof GuestBackupsSchema>;

/** Hours a backup may be late past its job's interval; a guest without a job: 26 h in all. */
export const BACKUP_GRACE_HOURS = 2;
export const NO_JOB_HOURS = 26;
