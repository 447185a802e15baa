import {
  type Alert,
  type ArchSourceStatus,
  type DiscoveredHost,
  type Freshness,
  type Guest,
  type HealthState,
  type Loop,
  type Message,
  msg,
  type TrailRow,
  type Usage,
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
export const verdict = (state: HealthState, reason: Message, extra: Partial<Verdict> = {}): Verdict => ({
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
  const who = { name: g.name, id: g.id };
  if (g.status === 'stopped') return verdict('down', msg('health.stopped', who), extra);
  if (g.status === 'paused') return verdict('degraded', msg('health.paused', who), extra);
  if (g.status !== 'running') return verdict('unknown', msg('health.stateUnknown', who), extra);
  const node = inv.nodeById.get(g.nodeId);
  if (node?.status === 'offline') return verdict('down', msg('health.nodeOffline', { ...who, node: node.name }), extra);
  if (usage?.up === false) return verdict('down', msg('health.upZero', who), extra);
  const alert = alerts.find((a) => a.subject === g.id);
  if (alert)
    return verdict(
      'degraded',
      msg('health.alert', { ...who, alert: alert.name, summary: alert.summary || 'none' }),
      extra,
    );
  if (usage?.up == null)
    return verdict(
      'unknown',
      metrics.state === 'ok'
        ? msg('health.noSample', who)
        : msg('health.metricsAway', { ...who, state: metrics.state, message: metrics.message || 'none' }),
      extra,
    );
  return verdict('healthy', msg('health.up', who), extra);
}

/** A loop's health from its last runs (issue 8's rules): missed is down, overdue, paused or a failed last run degraded. */
export function loopHealth(loop: Loop | undefined, id: string): Verdict {
  if (!loop) return verdict('unknown', msg('health.noLoop', { id }));
  const said = { name: loop.name, reason: loop.healthReason };
  const extra = { href: '/loops' };
  switch (loop.health) {
    case 'missed':
      return verdict('down', msg('health.loop', said), extra);
    case 'overdue':
      return verdict('degraded', msg('health.loop', said), extra);
    case 'paused':
      return verdict(
        'degraded',
        msg('health.loopPaused', { name: loop.name, by: loop.paused?.by ?? '?', reason: loop.paused?.reason ?? '' }),
        extra,
      );
    case 'never':
      return verdict('unknown', msg('health.loopNever', { name: loop.name }), extra);
    default:
      if (loop.lastRun?.status === 'failed')
        return verdict(
          'degraded',
          msg('health.loopFailed', { name: loop.name, phase: loop.lastRun.failedPhase ?? 'none' }),
          extra,
        );
      return verdict('healthy', msg('health.loop', said), extra);
  }
}

/** An agent's health from its last run: the newest trail it took part in. */
export function agentHealth(id: string, last: TrailRow | undefined, now: Date): Verdict {
  const extra = { href: `/trails?agent=${encodeURIComponent(id)}` };
  if (!last) return verdict('unknown', msg('health.agentNever', { id }), extra);
  const run = { id, title: last.title };
  if (now.getTime() - Date.parse(last.startedAt) > AGENT_QUIET_MS)
    return verdict('unknown', msg('health.agentQuiet', run), extra);
  if (last.outcome === 'failed' || last.outcome === 'rolled_back')
    return verdict(
      'degraded',
      msg(last.outcome === 'failed' ? 'health.agentFailed' : 'health.agentRolledBack', run),
      extra,
    );
  return verdict('healthy', msg(last.outcome === 'running' ? 'health.agentRunning' : 'health.agentOk', run), extra);
}

/** External signals: hosts Foreman found that wait for a decision, and a Proxmox Backup Server. */
export function signalHealth(id: 'new-host' | 'pbs', hosts: readonly DiscoveredHost[]): Verdict {
  const name = (h: DiscoveredHost) => h.hostname ?? h.ip ?? h.mac;
  if (id === 'new-host') {
    const waiting = hosts.filter((h) => h.state === 'new');
    // Its page: the discovered hosts, where the decision is made (issue 21).
    const page = { href: '/discovered' };
    return waiting.length
      ? verdict('degraded', msg('health.newHosts', { n: waiting.length, hosts: waiting.slice(0, 5).map(name) }), page)
      : verdict('healthy', msg('health.noNewHost'), page);
  }
  const pbs = hosts.filter((h) => h.suggestedRole === 'backup' || /backup server/i.test(JSON.stringify(h.facts)));
  const accepted = pbs.find((h) => h.state === 'accepted');
  if (accepted) return verdict('healthy', msg('health.pbsInUse', { name: name(accepted) }));
  if (pbs.some((h) => h.state === 'new')) return verdict('degraded', msg('health.pbsFound', { name: name(pbs[0]!) }));
  return verdict('unknown', msg('health.noPbs'));
}

/**
 * A box's health from its sources: the worst known state wins (down, then degraded); sources
 * that cannot tell (unknown) count only when none can; no sources at all is unknown.
 */
export function combineHealth(sources: readonly Pick<ArchSourceStatus, 'state' | 'reason'>[]): {
  state: HealthState;
  reason: Message;
} {
  for (const state of ['down', 'degraded', 'healthy'] as const) {
    const hit = sources.find((s) => s.state === state);
    if (hit) return { state, reason: hit.reason };
  }
  return { state: 'unknown', reason: sources[0]?.reason ?? msg('health.nothing') };
}
