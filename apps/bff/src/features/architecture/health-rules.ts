import type {
  Alert,
  ArchSourceStatus,
  DiscoveredHost,
  Freshness,
  Guest,
  HealthState,
  Loop,
  TrailRow,
  Usage,
} from '@ralf/shared';
import type { Inventory } from '../fleet/inventory-cache';

/**
 * How each box of the architecture gets its health (issue 9), as pure rules: a guest from its
 * state, node, alerts and `up`; a loop from its schedule; an agent from its latest trail; a
 * signal from the discovered hosts; and a box from all its sources.
 */
/** An agent whose latest trail is older than this is not known to be working. */
const AGENT_QUIET_MS = 24 * 3600_000;

export type Verdict = Omit<ArchSourceStatus, 'kind' | 'id'>;
export const verdict = (state: HealthState, reason: string, extra: Partial<Verdict> = {}): Verdict => ({
  state,
  reason,
  href: null,
  guestId: null,
  cpu: null,
  mem: null,
  ...extra,
});
const guestPath = (g: Guest) => `/fleet/${g.type}/${g.vmid}`;
const ratio = (used: number | null | undefined, size: number | null | undefined) =>
  used != null && size ? used / size : null;

/** A guest's health: its state in the inventory, its node, the alerts on it, and Prometheus `up`. */
export function guestHealth(
  g: Guest,
  inv: Inventory,
  usage: Usage | undefined,
  alerts: readonly Alert[],
  metrics: Freshness,
): Verdict {
  const extra = {
    href: guestPath(g),
    guestId: g.id,
    cpu: usage?.cpu ?? null,
    mem: ratio(usage?.memUsed, usage?.memSize),
  };
  const who = `${g.name} (${g.id})`;
  if (g.status === 'stopped') return verdict('down', `${who} is stopped`, extra);
  if (g.status === 'paused') return verdict('degraded', `${who} is paused`, extra);
  if (g.status !== 'running') return verdict('unknown', `${who}: the inventory does not know its state`, extra);
  const node = inv.nodeById.get(g.nodeId);
  if (node?.status === 'offline') return verdict('down', `${who}: its node ${node.name} is offline`, extra);
  if (usage?.up === false) return verdict('down', `${who} is running, but Prometheus reports it down (up = 0)`, extra);
  const alert = alerts.find((a) => a.subject === g.id);
  if (alert)
    return verdict(
      'degraded',
      `${who}: alert ${alert.name} firing${alert.summary ? ` (${alert.summary})` : ''}`,
      extra,
    );
  if (usage?.up == null) {
    const why =
      metrics.state === 'ok'
        ? 'no Prometheus sample for it'
        : `metrics ${metrics.state}${metrics.message ? `: ${metrics.message}` : ''}`;
    return verdict('unknown', `${who} is running per the inventory; ${why}`, extra);
  }
  return verdict('healthy', `${who} is running and up`, extra);
}

/** A loop's health from its last runs (issue 8's rules): missed is down, overdue, paused or a failed last run degraded. */
export function loopHealth(loop: Loop | undefined, id: string): Verdict {
  if (!loop) return verdict('unknown', `no loop ${id} in the profile`);
  const extra = { href: '/loops' };
  switch (loop.health) {
    case 'missed':
      return verdict('down', `loop ${loop.name}: ${loop.healthReason}`, extra);
    case 'overdue':
      return verdict('degraded', `loop ${loop.name}: ${loop.healthReason}`, extra);
    case 'paused':
      return verdict(
        'degraded',
        `loop ${loop.name} is paused by ${loop.paused?.by ?? '?'}: ${loop.paused?.reason ?? ''}`,
        extra,
      );
    case 'never':
      return verdict('unknown', `loop ${loop.name} has not run yet`, extra);
    default:
      if (loop.lastRun?.status === 'failed')
        return verdict(
          'degraded',
          `loop ${loop.name}: its last run failed${loop.lastRun.failedPhase ? ` in ${loop.lastRun.failedPhase}` : ''}`,
          extra,
        );
      return verdict('healthy', `loop ${loop.name}: ${loop.healthReason}`, extra);
  }
}

/** An agent's health from its last run: the newest trail it took part in. */
export function agentHealth(id: string, last: TrailRow | undefined, now: Date): Verdict {
  const extra = { href: `/trails?agent=${encodeURIComponent(id)}` };
  if (!last) return verdict('unknown', `no run of ${id} seen`, extra);
  if (now.getTime() - Date.parse(last.startedAt) > AGENT_QUIET_MS)
    return verdict('unknown', `${id} has not run for a day (last: ${last.title})`, extra);
  if (last.outcome === 'failed' || last.outcome === 'rolled_back')
    return verdict(
      'degraded',
      `${id}'s last run ${last.outcome === 'failed' ? 'failed' : 'was rolled back'}: ${last.title}`,
      extra,
    );
  return verdict(
    'healthy',
    `${id}'s last run ${last.outcome === 'running' ? 'is running' : 'succeeded'}: ${last.title}`,
    extra,
  );
}

/** External signals: hosts Foreman found that wait for a decision, and a Proxmox Backup Server. */
export function signalHealth(id: 'new-host' | 'pbs', hosts: readonly DiscoveredHost[]): Verdict {
  const name = (h: DiscoveredHost) => h.hostname ?? h.ip ?? h.mac;
  if (id === 'new-host') {
    const waiting = hosts.filter((h) => h.state === 'new');
    return waiting.length
      ? verdict(
          'degraded',
          `${waiting.length} new host${waiting.length === 1 ? '' : 's'} waiting for a decision: ${waiting.slice(0, 5).map(name).join(', ')}`,
        )
      : verdict('healthy', 'no new host waiting');
  }
  const pbs = hosts.filter((h) => h.suggestedRole === 'backup' || /backup server/i.test(JSON.stringify(h.facts)));
  const accepted = pbs.find((h) => h.state === 'accepted');
  if (accepted) return verdict('healthy', `Proxmox Backup Server ${name(accepted)} is in use`);
  if (pbs.some((h) => h.state === 'new'))
    return verdict('degraded', `Proxmox Backup Server ${name(pbs[0]!)} found, waiting for a decision`);
  return verdict('unknown', 'no Proxmox Backup Server found');
}

/**
 * A box's health from its sources: the worst known state wins (down, then degraded); sources
 * that cannot tell (unknown) count only when none can; no sources at all is unknown.
 */
export function combineHealth(sources: readonly Pick<ArchSourceStatus, 'state' | 'reason'>[]): {
  state: HealthState;
  reason: string;
} {
  for (const state of ['down', 'degraded', 'healthy'] as const) {
    const hit = sources.find((s) => s.state === state);
    if (hit) return { state, reason: hit.reason };
  }
  return { state: 'unknown', reason: sources[0]?.reason ?? 'nothing tells its health' };
}
