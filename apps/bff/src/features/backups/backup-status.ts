import {
  BACKUP_GRACE_HOURS,
  NO_JOB_HOURS,
  type Backup,
  type BackupJob,
  type Guest,
  type GuestBackup,
  type Node,
} from '@ralf/shared';
import type { BackupReading } from '../../adapters/ports';

const HOUR = 3_600_000;

/**
 * Every backup the readings found, once each: the same backup listed by a PVE storage and by
 * its PBS datastore is one (the PBS listing, which knows the namespace, wins). Newest first.
 */
export function mergeBackups(readings: readonly BackupReading[]): Backup[] {
  const byKey = new Map<string, Backup>();
  for (const b of readings.flatMap((r) => r.backups)) {
    const key = `${b.guestId}@${b.at}`;
    const had = byKey.get(key);
    if (!had || (had.source === 'pve' && b.source === 'pbs')) byKey.set(key, b);
  }
  return [...byKey.values()].sort((a, b) => b.at.localeCompare(a.at) || a.guestId.localeCompare(b.guestId));
}

/** The enabled job of the guest's cluster that covers it (all guests but those excluded, or by vmid). */
export function jobFor(guest: Guest, cluster: string | undefined, jobs: readonly BackupJob[]): BackupJob | null {
  return (
    jobs.find(
      (j) =>
        j.enabled &&
        (cluster === undefined || j.cluster === cluster) &&
        (j.all ? !j.exclude.includes(guest.vmid) : j.vmids.includes(guest.vmid)),
    ) ?? null
  );
}

/**
 * Each guest's backup state at `now`: its newest backup is stale once older than its job's
 * interval plus a grace of 2 h, or than 26 h when no job covers it; never backed up is `none`.
 * The stalest first (never backed up, then by how long overdue).
 */
export function guestBackupStates(
  guests: readonly Guest[],
  nodes: ReadonlyMap<string, Node>,
  backups: readonly Backup[],
  jobs: readonly BackupJob[],
  now: Date,
): GuestBackup[] {
  const newest = new Map<string, Backup>();
  const count = new Map<string, number>();
  for (const b of backups) {
    if (!newest.has(b.guestId)) newest.set(b.guestId, b);
    count.set(b.guestId, (count.get(b.guestId) ?? 0) + 1);
  }
  const out = guests.map((g): GuestBackup => {
    const job = jobFor(g, nodes.get(g.nodeId)?.cluster, jobs);
    const last = newest.get(g.id) ?? null;
    const hours = job ? job.everyHours + BACKUP_GRACE_HOURS : NO_JOB_HOURS;
    const dueBy = last ? new Date(Date.parse(last.at) + hours * HOUR) : null;
    return {
      guestId: g.id,
      name: g.name,
      nodeId: g.nodeId,
      state: !dueBy ? 'none' : dueBy.getTime() < now.getTime() ? 'stale' : 'ok',
      last,
      job: job && { id: job.id, schedule: job.schedule, nextRunAt: job.nextRunAt },
      dueBy: dueBy?.toISOString() ?? null,
      count: count.get(g.id) ?? 0,
    };
  });
  const rank = (s: GuestBackup) => (s.state === 'none' ? 0 : s.state === 'stale' ? 1 : 2);
  return out.sort(
    (a, b) => rank(a) - rank(b) || (a.dueBy ?? '').localeCompare(b.dueBy ?? '') || a.name.localeCompare(b.name),
  );
}
