import type { LabGuest, LabModel } from './lab-model';

/**
 * The demo lab's backups, as a homelab with one PBS has them: a nightly job at 02:00 backs every
 * guest up to the PBS datastore `backup` (namespace `ralf-lab`) but the two sandboxes; a week of
 * snapshots is kept. Immich's last three nightly runs failed (its datastore share was full), so it
 * is stale; the Windows sandbox was never backed up; the dev sandbox has only a manual archive of
 * five days ago on local storage, and Pi-hole one from yesterday beside its nightly ones. All of
 * it is a function of the model and the clock, like the lab's metrics.
 */
export const DEMO_JOB = { id: 'backup-ralf-nightly', hour: 2, storage: 'pbs-main', exclude: [208, 212] } as const;
export const DEMO_DATASTORE = { store: 'backup', namespace: 'ralf-lab', totalBytes: 4 * 1024 ** 4 } as const;
/** Immich: its last three nightly backups failed. */
export const MISSED_NIGHTS = new Map([[204, 3]]);
const KEEP_DAYS = 7;
const DAY = 86_400;

export interface LabSnapshot {
  guest: LabGuest;
  /** Unix seconds. */
  time: number;
  size: number;
  verified: 'ok' | 'failed' | null;
  protected: boolean;
}

export interface LabArchive extends LabSnapshot {
  node: string;
}

/**
 * The last answer per model: one reading of the lab's API asks for the same moment once per node
 * (`/cluster/resources` lists the shared PBS storage on each), which at 5,000 guests and 100 nodes
 * was most of the process's CPU (bench/load).
 */
const lastSnapshots = new WeakMap<LabModel, { t: number; guests: LabGuest[]; n: number; out: LabSnapshot[] }>();

/** The PBS datastore's snapshots at time t (seconds), newest first. */
export function pbsSnapshots(model: LabModel, t: number): LabSnapshot[] {
  const last = lastSnapshots.get(model);
  if (last && last.t === t && last.guests === model.guests && last.n === model.guests.length) return last.out;
  const out = computeSnapshots(model, t);
  lastSnapshots.set(model, { t, guests: model.guests, n: model.guests.length, out });
  return out;
}

function computeSnapshots(model: LabModel, t: number): LabSnapshot[] {
  const out: LabSnapshot[] = [];
  const today = Math.floor(t / DAY) * DAY;
  for (const g of model.guests) {
    if ((DEMO_JOB.exclude as readonly number[]).includes(g.vmid)) continue;
    const missed = MISSED_NIGHTS.get(g.vmid) ?? 0;
    // Each guest's turn comes a little after 02:00, in vmid order, as vzdump walks them.
    const runs = Array.from(
      { length: KEEP_DAYS + 1 },
      (_, d) => today - d * DAY + DEMO_JOB.hour * 3600 + (g.vmid % 100) * 40,
    )
      .filter((time) => time <= t)
      .slice(0, KEEP_DAYS);
    runs.forEach((time, k) => {
      if (k < missed || (g.bornAt !== undefined && time < g.bornAt)) return;
      out.push({
        guest: g,
        time,
        size: Math.round(g.diskBytes * (0.1 + (g.seed % 20) / 100)),
        // The newest is verified by the morning job; one of gitea's failed its verification.
        verified: k === 0 ? null : g.vmid === 102 && k === 1 ? 'failed' : 'ok',
        protected: g.vmid === 101 && k === runs.length - 1,
      });
    });
  }
  return out.sort((a, b) => b.time - a.time || a.guest.vmid - b.guest.vmid);
}

/** The vzdump archives on each node's `local` storage at time t (manual backups, made from the UI). */
export function localArchives(model: LabModel, t: number): LabArchive[] {
  const manual: Array<[vmid: number, daysAgo: number]> = [
    [206, 1],
    [212, 5],
  ];
  const out: LabArchive[] = [];
  for (const [vmid, daysAgo] of manual) {
    const g = model.guests.find((x) => x.vmid === vmid);
    if (!g) continue;
    const time = Math.floor(t / DAY) * DAY - daysAgo * DAY + 14 * 3600;
    if (time > t) continue;
    out.push({
      guest: g,
      node: g.nodeId.slice(5),
      time,
      size: Math.round(g.diskBytes * 0.2),
      verified: null,
      protected: false,
    });
  }
  return out;
}

/** `vzdump-lxc-206-2026_11_24-14_00_00.tar.zst`, as vzdump names an archive. */
export function vzdumpName(a: LabArchive): string {
  const d = new Date(a.time * 1000).toISOString();
  const stamp = `${d.slice(0, 10).replaceAll('-', '_')}-${d.slice(11, 19).replaceAll(':', '_')}`;
  return `vzdump-${a.guest.type}-${a.guest.vmid}-${stamp}.${a.guest.type === 'qemu' ? 'vma.zst' : 'tar.zst'}`;
}

/** The next run of the nightly job after t. */
export const nextRun = (t: number) => {
  const at = Math.floor(t / DAY) * DAY + DEMO_JOB.hour * 3600;
  return at > t ? at : at + DAY;
};

/** What the datastore holds: the sum of its snapshots' sizes (PBS deduplicates; the lab says a third). */
export const datastoreUsed = (snaps: readonly LabSnapshot[]) => Math.round(snaps.reduce((s, x) => s + x.size, 0) / 3);
