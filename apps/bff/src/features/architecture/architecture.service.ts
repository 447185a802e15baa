import {
  type Alert,
  ARCH_FLOWS,
  type ArchHealthSource,
  type ArchitectureGraph,
  type ArchitectureStatus,
  type Message,
  msg,
  verbatim,
  type ServiceCheck,
  type PhysicalView,
  type Service,
} from '@ralf/shared';
import type { Clock } from '../../adapters/ports';
import type { BotsService } from '../bots/bots.service';
import type { FleetService } from '../fleet/fleet.service';
import {
  agentHealth,
  combineHealth,
  guestHealth,
  loopHealth,
  signalHealth,
  verdict,
  type Verdict,
} from './health-rules';
import type { MetricsFeed } from '../fleet/metrics-feed';
import type { LoopsService } from '../loops/loops.service';
import type { PlansService } from '../plans/plans.service';
import type { TrailsService } from '../trails/trails.service';

/** A service's page in the web app (its id may hold a slash: `service/jellyfin`). */
const servicePath = (id: string) => `/services/${id}`;

/** The most ghost edges the physical view draws; more would hide the fleet behind them. */
const MAX_GHOSTS = 200;

interface Deps {
  fleet: FleetService;
  metrics: MetricsFeed;
  loops: LoopsService;
  plans: PlansService;
  bots: BotsService;
  trails: TrailsService;
  /** Each service's latest HTTP check (issue 21). */
  serviceChecks: () => Promise<Map<string, ServiceCheck>>;
  graph: ArchitectureGraph;
  clock: Clock;
}

/**
 * The architecture page (issue 9): the graph (the seed's and the profile's), every box's live
 * health from what it names, and the physical view with pending plans as ghost edges. A source
 * that fails to answer makes its boxes unknown with the reason; the page still draws.
 */
export function createArchitectureService(deps: Deps) {
  const { fleet, metrics, loops, plans, bots, trails, graph, clock } = deps;
  const agents = [...new Set(graph.nodes.flatMap((n) => n.health.filter((h) => h.kind === 'agent').map((h) => h.id)))];
  /** A source's answer, or why there is none: its boxes then say so instead of failing the page. */
  const settle = async <T>(
    what: string,
    p: Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; reason: Message }> => {
    try {
      return { ok: true, value: await p };
    } catch (err) {
      return { ok: false, reason: msg('health.sourceAway', { what, error: (err as Error).message }) };
    }
  };

  return {
    graph: (): ArchitectureGraph => graph,

    async status(): Promise<ArchitectureStatus> {
      const now = clock.now();
      const [state, services, hosts, loopList, alerts, lastRuns, checks] = await Promise.all([
        settle('inventory', fleet.current()),
        settle('services', fleet.services()),
        settle('discovered hosts', fleet.discoveredHosts()),
        settle('loops', loops.list()),
        metrics
          .alerts()
          .then((a) => a.alerts)
          .catch(() => [] as Alert[]),
        settle(
          'trails',
          Promise.all(agents.map(async (a) => [a, (await trails.list({ agent: a, limit: 1 })).items[0]] as const)),
        ),
        deps.serviceChecks().catch(() => new Map<string, ServiceCheck>()),
      ]);
      const botList = bots.list().bots;

      const serviceHealth = (id: string): Verdict => {
        if (!state.ok) return verdict('unknown', state.reason);
        if (!services.ok) return verdict('unknown', services.reason);
        const svc = services.value.find((s) => s.id === id);
        if (!svc) return verdict('unknown', msg('health.noService', { id }));
        const check = svc.httpCheckUrl ? checks.get(svc.id) : undefined;
        const page = { href: servicePath(svc.id), guestId: svc.guestId };
        const g = svc.guestId ? state.value.inv.guests.find((x) => x.id === svc.guestId) : undefined;
        const v = g
          ? guestHealth(g, state.value.inv, state.value.snap?.usage.get(g.id), alerts, state.value.sources.metrics)
          : null;
        const said = (x: Verdict) => ({
          ...x,
          ...page,
          reason: msg('health.service', { service: svc.name, reason: x.reason }),
        });
        // A stopped guest or an offline node is why its check fails too: the cause is named, not the symptom.
        if (v?.state === 'down') return said(v);
        // Else a failed HTTP check says the service is down whatever its guest says (issue 21).
        if (check && !check.ok)
          return verdict(
            'down',
            msg('health.httpDown', { service: svc.name, at: check.at, reason: check.reason ?? verbatim('') }),
            page,
          );
        if (!v) return verdict('unknown', msg('health.noGuest', { service: svc.name, guest: svc.guestId ?? '—' }));
        return said(v);
      };
      const sourceHealth = (h: ArchHealthSource): Verdict => {
        switch (h.kind) {
          case 'service':
            return serviceHealth(h.id);
          case 'loop':
            return loopList.ok
              ? loopHealth(
                  loopList.value.find((l) => l.id === h.id),
                  h.id,
                )
              : verdict('unknown', loopList.reason);
          case 'bot': {
            const b = botList.find((x) => x.id === h.id);
            return b
              ? verdict(b.state, msg('health.bot', { id: b.id, reason: b.reason }), { href: '/bots' })
              : verdict('unknown', msg('health.noBot', { id: h.id }));
          }
          case 'agent':
            return lastRuns.ok
              ? agentHealth(h.id, lastRuns.value.find(([a]) => a === h.id)?.[1], now)
              : verdict('unknown', lastRuns.reason);
          case 'signal':
            return hosts.ok ? signalHealth(h.id, hosts.value) : verdict('unknown', hosts.reason);
        }
      };

      const nodes: ArchitectureStatus['nodes'] = {};
      for (const node of graph.nodes) {
        // A service that names this box as its place in the graph counts too (DESIGN.md §4).
        const placed: ArchHealthSource[] = services.ok
          ? services.value
              .filter(
                (s: Service) =>
                  s.graphNode === node.id && !node.health.some((h) => h.kind === 'service' && h.id === s.id),
              )
              .map((s) => ({ kind: 'service', id: s.id }))
          : [];
        const sources = [...node.health, ...placed].map((h) => ({ kind: h.kind, id: h.id, ...sourceHealth(h) }));
        nodes[node.id] = { ...combineHealth(sources), sources };
      }
      const flows: ArchitectureStatus['flows'] = {};
      for (const f of ARCH_FLOWS) {
        if (!f.loop || !loopList.ok) continue;
        const l = loopList.value.find((x) => x.id === f.loop);
        if (l) flows[f.id] = { loop: l.id, ...pick(loopHealth(l, l.id)) };
      }
      return { nodes, flows, at: now.toISOString() };
    },

    async physical(): Promise<PhysicalView> {
      const [{ inv, snap, sources }, services, alerts, pending] = await Promise.all([
        fleet.current(),
        fleet.services(),
        metrics
          .alerts()
          .then((a) => a.alerts)
          .catch(() => [] as Alert[]),
        plans.pendingMigrations(),
      ]);
      const byGuest = new Map<string, { id: string; name: string }[]>();
      for (const s of services)
        if (s.guestId) byGuest.set(s.guestId, [...(byGuest.get(s.guestId) ?? []), { id: s.id, name: s.name }]);
      const guestIds = new Set(inv.guests.map((g) => g.id));
      const ghosts: PhysicalView['ghosts'] = [];
      let ghostsCut = 0;
      for (const p of pending) {
        const moves = p.migrations.filter((a) => guestIds.has(a.guestId) && inv.nodeById.has(a.to));
        const room = MAX_GHOSTS - ghosts.length;
        if (moves.length > room) ghostsCut++;
        for (const a of moves.slice(0, Math.max(0, room)))
          ghosts.push({
            planId: p.id,
            planTitle: p.summary,
            planStatus: p.status,
            guestId: a.guestId,
            from: a.from,
            to: a.to,
          });
      }
      return {
        nodes: inv.nodes.map((n) => ({
          id: n.id,
          name: n.name,
          status: n.status,
          health: n.status === 'online' ? 'healthy' : n.status === 'offline' ? 'down' : 'unknown',
          guests: inv.guests
            .filter((g) => g.nodeId === n.id)
            .map((g) => ({
              id: g.id,
              name: g.name,
              status: g.status,
              health: guestHealth(g, inv, snap?.usage.get(g.id), alerts, sources.metrics).state,
              services: byGuest.get(g.id) ?? [],
            })),
        })),
        ghosts,
        ghostsCut,
      };
    },
  };
}

const pick = (v: Verdict) => ({ state: v.state, reason: v.reason });

export type ArchitectureService = ReturnType<typeof createArchitectureService>;
