import {
  type Alert,
  type AuditVerification,
  type Freshness,
  type GuestBackup,
  type Loop,
  msg,
  type PveCluster,
  type Task,
  verbatim,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Watched } from './notify-watch';

// ── The families, each from what a service already reads ──────────────────────────────────────

const targetOf = (a: Pick<Alert, 'subject' | 'subjectName'>) => a.subjectName ?? a.subject ?? 'ralf';
const labelKey = (labels: Record<string, string>) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Prometheus alerts: told when one fires, and again when it resolves. */
export const alertsWatched = (alerts: () => Promise<Alert[]>): Watched => ({
  prefix: 'alert',
  read: async () =>
    (await alerts()).map((a) => {
      const path = a.subject ? `/fleet/${a.subject}` : '/';
      const dedupe = `alert:${a.name}:${labelKey(a.labels)}`;
      return {
        key: dedupe,
        event: {
          kind: 'alert.firing',
          subject: a.subject,
          title: msg('notify.alert.firing.title', { name: a.name, target: targetOf(a) }),
          body: msg('notify.alert.firing.text', { summary: verbatim(a.summary ?? a.name) }),
          path,
          dedupeKey: `firing:${dedupe}`,
        },
        gone: {
          kind: 'alert.resolved',
          subject: a.subject,
          title: msg('notify.alert.resolved.title', { name: a.name, target: targetOf(a) }),
          body: msg('notify.alert.resolved.text'),
          path,
          dedupeKey: `resolved:${dedupe}`,
        },
      };
    }),
});

/** Loops overdue or missed: once per episode (the last run it was measured from). */
export const loopsWatched = (loops: () => Promise<Loop[]>): Watched => ({
  prefix: 'loop',
  read: async () =>
    (await loops())
      .filter((l) => l.health === 'overdue' || l.health === 'missed')
      .map((l) => ({
        key: `loop:${l.id}:${l.health}:${l.lastRun?.id ?? 'never'}`,
        event: {
          kind: l.health === 'overdue' ? 'loop.overdue' : 'loop.missed',
          subject: `loop/${l.id}`,
          title: msg(l.health === 'overdue' ? 'notify.loop.overdue.title' : 'notify.loop.missed.title', {
            loop: l.name,
          }),
          body: l.healthReason,
          path: '/loops',
        },
      })),
});

/** New open findings of severity critical or high (those open at the first look are not news). */
export const findingsWatched = (db: Db): Watched => ({
  prefix: 'finding',
  baseline: true,
  read: async () =>
    (
      await db
        .selectFrom('ralf.finding')
        .select(['key', 'policy', 'target', 'severity', 'details'])
        .where('resolved_at', 'is', null)
        .where('result', '!=', 'pass')
        .where('severity', 'in', ['critical', 'high'])
        .execute()
    ).map((f) => ({
      key: `finding:${f.key}`,
      event: {
        kind: f.severity === 'critical' ? 'finding.critical' : 'finding.high',
        subject: `finding/${f.key}`,
        title: msg('notify.finding.title', { severity: f.severity, title: f.policy }),
        body: msg('notify.finding.text', { target: f.target, detail: verbatim(detailOf(f.details)) }),
        path: '/findings',
      },
    })),
});

const detailOf = (details: string) => {
  try {
    const d = JSON.parse(details) as { message?: unknown };
    return typeof d.message === 'string' ? d.message : details.slice(0, 300);
  } catch {
    return details.slice(0, 300);
  }
};

/**
 * Backups: a guest whose newest backup turned stale (once per backup it was measured from), and a
 * backup task (vzdump) that failed, with Proxmox's exit status (failures before the first look are
 * not news).
 */
export const backupsWatched = (guests: () => Promise<GuestBackup[]>, tasks: () => Promise<Task[]>): Watched[] => [
  {
    prefix: 'backup-stale',
    read: async () =>
      (await guests())
        .filter((g) => g.state === 'stale')
        .map((g) => ({
          key: `backup-stale:${g.guestId}:${g.last?.at ?? 'none'}`,
          event: {
            kind: 'backup.stale',
            subject: g.guestId,
            title: msg('notify.backup.stale.title', { guest: g.name }),
            body: msg('notify.backup.staleText', { at: g.last?.at ?? '', due: g.dueBy ?? '' }),
            path: '/backups',
          },
        })),
  },
  {
    prefix: 'backup-failed',
    baseline: true,
    read: async () =>
      (await tasks())
        .filter((t) => t.type === 'vzdump' && t.status === 'failed')
        .map((t) => ({
          key: `backup-failed:${t.upid ?? t.id}`,
          event: {
            kind: 'backup.failed',
            subject: t.guestId,
            title: msg('notify.backup.failed.title', { guest: t.guestName ?? t.guestId ?? t.node }),
            body: msg('notify.backup.text', { issue: verbatim(`${t.node}: ${t.exitStatus ?? 'failed'}`) }),
            path: '/backups',
          },
        })),
  },
];

/** The audit chain: told once per first broken row. */
export const auditWatched = (verify: () => Promise<AuditVerification>): Watched => ({
  prefix: 'audit',
  read: async () => {
    const v = await verify();
    const first = v.broken[0];
    if (v.ok || !first) return [];
    return [
      {
        key: `audit:broken:${first.seq}`,
        event: {
          kind: 'audit.broken',
          subject: null,
          title: msg('notify.audit.broken.title'),
          body: msg('notify.audit.broken.text', { checked: v.checked, seq: first.seq }),
          path: '/audit',
        },
      },
    ];
  },
});

/** A data source (inventory, metrics, a Proxmox cluster, a backup source) away longer than `afterMs`. */
export const sourcesWatched = (
  read: () => Promise<{ name: string; state: string; since: string | null; message: string | null }[]>,
  now: () => Date,
  afterMs: number,
): Watched => ({
  prefix: 'source',
  read: async () =>
    (await read())
      .filter((s) => s.state === 'unavailable' && s.since && now().getTime() - Date.parse(s.since) >= afterMs)
      .map((s) => ({
        key: `source:${s.name}:${s.since}`,
        event: {
          kind: 'source.unavailable',
          subject: `source/${s.name}`,
          title: msg('notify.source.down.title', { source: s.name }),
          body: msg('notify.source.down.text', { since: s.since!, reason: verbatim(s.message ?? s.state) }),
          path: '/',
        },
      })),
});

/** The fleet's sources and the backup sources, as one list of names with their state. */
export function sourceStates(
  f: { inventory: Freshness; metrics: Freshness; clusters: PveCluster[] },
  backups: { name: string; freshness: Freshness }[],
) {
  return [
    { name: 'inventory', state: f.inventory.state, since: f.inventory.since, message: f.inventory.message },
    {
      name: `metrics (${f.metrics.source})`,
      state: f.metrics.state,
      since: f.metrics.since,
      message: f.metrics.message,
    },
    ...f.clusters.map((c) => ({ name: `proxmox ${c.name}`, state: c.state, since: c.since, message: c.message })),
    ...backups.map((b) => ({
      name: `backups ${b.name}`,
      state: b.freshness.state,
      since: b.freshness.since,
      message: b.freshness.message,
    })),
  ];
}
