import {
  BackupsOverviewSchema,
  type BackupFlags,
  type BackupsOverview,
  type BackupsSummary,
  type FindingInput,
  type Freshness,
  type GuestBackup,
  type GuestBackups,
} from '@ralf/shared';
import type { BackupReading, BackupSource, Clock } from '../../adapters/ports';
import type { FindingsService } from '../findings/findings.service';
import type { FleetService } from '../fleet/fleet.service';
import { guestBackupStates, mergeBackups } from './backup-status';

interface SourceState {
  reading: BackupReading | null;
  at: Date | null;
  freshness: Freshness;
}

export const BACKUP_POLICY = 'backups.fresh';

/** How many guests are in each state; all 0 before any source answered (nobody can be said to lack a backup). */
const countsOf = (readings: readonly BackupReading[], guests: readonly GuestBackup[]) =>
  readings.length
    ? {
        ok: guests.filter((g) => g.state === 'ok').length,
        stale: guests.filter((g) => g.state === 'stale').length,
        none: guests.filter((g) => g.state === 'none').length,
        noJob: guests.filter((g) => !g.job).length,
      }
    : { ok: 0, stale: 0, none: 0, noJob: 0 };

const hoursAgo = (iso: string, now: Date) => Math.round((now.getTime() - Date.parse(iso)) / 3_600_000);

/** The compliance finding a guest's backup state makes (the seed: back up what runs, once a PBS is there). */
function findingOf(s: GuestBackup, now: Date): FindingInput {
  const base = { policy: BACKUP_POLICY, target: s.guestId, checked_at: now.toISOString() };
  if (s.state === 'none')
    return { ...base, status: 'fail', severity: 'high', details: `${s.name} has never been backed up.` };
  if (s.state === 'stale')
    return {
      ...base,
      status: 'fail',
      severity: 'high',
      details: `${s.name}: newest backup is ${hoursAgo(s.last!.at, now)} h old${s.job ? ` (job ${s.job.id}, ${s.job.schedule})` : ', and no backup job covers it'}.`,
    };
  if (!s.job) return { ...base, status: 'warn', severity: 'medium', details: `${s.name}: no backup job covers it.` };
  return { ...base, status: 'pass', severity: 'info', details: '' };
}

/**
 * Backups read from Proxmox (issue 19): each source's last reading (this process reads them
 * itself, like the clusters), the guests' states computed from them at each question, and the
 * compliance findings that follow, written only when a guest's state changes.
 */
export function createBackupsService({
  fleet,
  findings,
  clock,
}: {
  fleet: Pick<FleetService, 'inventory'>;
  findings: Pick<FindingsService, 'ingest'>;
  clock: Clock;
}) {
  const sources = new Map<string, SourceState>();
  const reported = new Map<string, string>();

  async function states() {
    const inv = await fleet.inventory();
    const readings = [...sources.values()].flatMap((s) => (s.reading ? [s.reading] : []));
    const backups = mergeBackups(readings);
    const jobs = readings.flatMap((r) => r.jobs);
    return {
      readings,
      backups,
      jobs,
      guests: guestBackupStates(inv.guests, inv.nodeById, backups, jobs, clock.now()),
    };
  }

  /** Tells the findings what changed since last told: a guest turning stale, backed up again, or gone. */
  async function syncFindings(): Promise<void> {
    const now = clock.now();
    const { guests } = await states();
    const next = new Map(guests.map((g) => [g.guestId, findingOf(g, now)]));
    const changed = [...next.entries()].filter(([id, f]) => reported.get(id) !== `${f.status}:${f.details}`);
    const gone = [...reported.keys()].filter((id) => !next.has(id));
    const results = [
      ...changed.map(([, f]) => f),
      ...gone.map((target): FindingInput => ({ policy: BACKUP_POLICY, target, status: 'pass', severity: 'info' })),
    ];
    if (!results.length) return;
    for (let i = 0; i < results.length; i += 1000)
      await findings.ingest('system:backups', results.slice(i, i + 1000), null);
    for (const [id, f] of changed) reported.set(id, `${f.status}:${f.details}`);
    for (const id of gone) reported.delete(id);
  }

  return {
    /** A source answered: its reading replaces its last one. */
    async answered(source: Pick<BackupSource, 'name'>, reading: BackupReading): Promise<void> {
      const at = clock.now();
      sources.set(source.name, {
        reading,
        at,
        freshness: { source: 'none', state: 'ok', asOf: at.toISOString(), since: null, message: null },
      });
      await syncFindings();
    },

    /** A source did not answer: its last reading stays, marked unavailable since the first failure. */
    async failed(source: Pick<BackupSource, 'name'>, message: string): Promise<void> {
      const was = sources.get(source.name);
      const since = was?.freshness.state === 'unavailable' ? was.freshness.since : clock.now().toISOString();
      sources.set(source.name, {
        reading: was?.reading ?? null,
        at: was?.at ?? null,
        freshness: { source: 'none', state: 'unavailable', asOf: was?.at?.toISOString() ?? null, since, message },
      });
    },

    async summary(): Promise<BackupsSummary> {
      const { readings, guests } = await states();
      return {
        read: readings.length > 0,
        total: readings.length ? guests.length : 0,
        counts: countsOf(readings, guests),
      };
    },

    async overview(): Promise<BackupsOverview> {
      const { readings, guests, jobs } = await states();
      const counts = countsOf(readings, guests);
      return BackupsOverviewSchema.parse({
        // Without any reading, no guest can be said to lack a backup.
        guests: readings.length ? guests : [],
        jobs,
        datastores: readings.flatMap((r) => r.datastores),
        counts,
        sources: [...sources.entries()].map(([name, s]) => ({ name, freshness: s.freshness })),
      });
    },

    async flags(): Promise<BackupFlags> {
      const { readings, guests } = await states();
      if (!readings.length) return { stale: [], none: [], noJob: [] };
      return {
        stale: guests.filter((g) => g.state === 'stale').map((g) => g.guestId),
        none: guests.filter((g) => g.state === 'none').map((g) => g.guestId),
        noJob: guests.filter((g) => !g.job).map((g) => g.guestId),
      };
    },

    async guest(id: string): Promise<GuestBackups> {
      const { readings, backups, guests } = await states();
      return {
        status: readings.length ? (guests.find((g) => g.guestId === id) ?? null) : null,
        backups: backups.filter((b) => b.guestId === id),
      };
    },
  };
}

export type BackupsService = ReturnType<typeof createBackupsService>;
