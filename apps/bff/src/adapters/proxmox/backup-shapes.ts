import type { Backup, BackupJob } from '@ralf/shared';
import { isObj, num } from './answer-values';

/**
 * Readers of Proxmox's backup answers (issue 19), tolerant like pve-details.ts: an entry they
 * cannot place (a host backup, an archive without a vmid) is left out, never an error. Shapes
 * from the pve-docs API viewer (`/cluster/backup`, `/nodes/{node}/storage/{storage}/content`)
 * and the PBS API (`/admin/datastore/{store}/snapshots`); fixtures in test/fixtures/proxmox/.
 */

const truthy = (v: unknown) => v === 1 || v === true || v === '1';
const ids = (v: unknown): number[] =>
  typeof v === 'string'
    ? v
        .split(/[,\s]+/)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
    : typeof v === 'number'
      ? [v]
      : [];
const iso = (unix: number) => new Date(unix * 1000).toISOString();
const verified = (v: unknown): Backup['verified'] =>
  isObj(v) && v.state === 'ok' ? 'ok' : isObj(v) && v.state === 'failed' ? 'failed' : 'none';

const DAYS = /\b(mon|tue|wed|thu|fri|sat|sun)\b/g;

/**
 * Hours between a job's runs, read from its calendar event: `hourly`/`*:00` 1, `*\/6:00` 6, one
 * weekday (`sat 03:00`) or `weekly` 168, `monthly` 744, every other form (`02:00`, `daily`,
 * `mon..fri 21:00`) 24.
 */
export function scheduleHours(schedule: string): number {
  const s = schedule.trim().toLowerCase();
  if (s === 'hourly' || /^\*:\d/.test(s)) return 1;
  const every = /^\*\/(\d+):/.exec(s) ?? /^0\/(\d+):/.exec(s);
  if (every) return Math.max(1, Number(every[1]));
  if (s === 'weekly') return 168;
  if (s === 'monthly') return 744;
  if (!s.includes('..') && !s.includes(',') && (s.match(DAYS)?.length ?? 0) === 1) return 168;
  return 24;
}

/** `GET /cluster/backup`: the cluster's vzdump jobs. */
export function jobsOf(raw: unknown, cluster: string): BackupJob[] {
  const out: BackupJob[] = [];
  for (const j of Array.isArray(raw) ? raw : []) {
    if (!isObj(j) || typeof j.id !== 'string' || (j.type !== undefined && j.type !== 'vzdump')) continue;
    const schedule = typeof j.schedule === 'string' ? j.schedule : 'daily';
    const next = num(j['next-run']);
    out.push({
      id: j.id,
      cluster,
      schedule,
      storage: typeof j.storage === 'string' ? j.storage : null,
      enabled: j.enabled === undefined ? true : truthy(j.enabled),
      nextRunAt: next ? iso(next) : null,
      all: truthy(j.all),
      vmids: ids(j.vmid),
      exclude: ids(j.exclude),
      everyHours: scheduleHours(schedule),
    });
  }
  return out;
}

/** One entry of `GET /nodes/{node}/storage/{storage}/content?content=backup` as a backup; null if not a guest's. */
export function pveArchiveOf(entry: unknown, storage: string): Backup | null {
  if (!isObj(entry) || entry.content !== 'backup') return null;
  const vmid = num(entry.vmid);
  const ctime = num(entry.ctime);
  if (!vmid || !ctime) return null;
  const volid = typeof entry.volid === 'string' ? entry.volid : '';
  const type =
    entry.subtype === 'qemu' || /vzdump-qemu-|\/vm\//.test(volid) || entry.format === 'pbs-vm'
      ? 'qemu'
      : entry.subtype === 'lxc' || /vzdump-lxc-|\/ct\//.test(volid) || entry.format === 'pbs-ct'
        ? 'lxc'
        : null;
  if (!type) return null;
  return {
    guestId: `${type}/${vmid}`,
    at: iso(ctime),
    sizeBytes: num(entry.size),
    storage,
    source: 'pve',
    namespace: null,
    verified: verified(entry.verification),
    protected: truthy(entry.protected),
  };
}

/** One snapshot of `GET /admin/datastore/{store}/snapshots` (PBS) as a backup; host backups are not guests'. */
export function pbsSnapshotOf(entry: unknown, storage: string, namespace: string): Backup | null {
  if (!isObj(entry)) return null;
  const type = entry['backup-type'] === 'vm' ? 'qemu' : entry['backup-type'] === 'ct' ? 'lxc' : null;
  const vmid = num(entry['backup-id']);
  const time = num(entry['backup-time']);
  if (!type || !vmid || !time) return null;
  return {
    guestId: `${type}/${vmid}`,
    at: iso(time),
    sizeBytes: num(entry.size),
    storage,
    source: 'pbs',
    namespace,
    verified: verified(entry.verification),
    protected: truthy(entry.protected),
  };
}
