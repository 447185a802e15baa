import { randomUUID } from 'node:crypto';
import {
  DiscoveredDecisionInputSchema,
  type DiscoveredHost,
  type Language,
  messageText,
  msg,
  type PlanAction,
  type PlanStatus,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { FleetService } from '../fleet/fleet.service';
import type { PlansService } from '../plans/plans.service';

/** A plan that may still join the host: accepting again returns it instead of proposing another. */
const OPEN: readonly PlanStatus[] = ['proposed', 'approved', 'applying', 'dispatch_unknown', 'needs_attention'];

/** A joined host's node name: its short hostname, or one made of its MAC's last half. */
export function nodeNameOf(h: Pick<DiscoveredHost, 'hostname' | 'mac'>): string {
  const short = h.hostname
    ?.split('.')[0]
    ?.toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return short && /^[a-z0-9]/.test(short) ? short : `host-${h.mac.slice(9).replaceAll(':', '')}`;
}

/**
 * The hosts Foreman found (issue 21): listed with their facts and suggested role; an operator
 * accepts one (ralf-ui proposes the plan that joins it to the lab's cluster as a node, which goes
 * the way of every plan: approval, executor, audit) or ignores it (no longer asked about),
 * audited, and the architecture's new-host box follows at once.
 */
export function createDiscoveredService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  language?: Language;
  fleet: Pick<FleetService, 'discoveredHosts' | 'decideDiscoveredHost' | 'inventory'>;
  plans: Pick<PlansService, 'proposeComputed' | 'get'>;
}) {
  /** The plan that joins the host to the cluster with the most nodes; an open one already proposed is kept. */
  async function proposeJoin(by: Principal, host: DiscoveredHost, meta: RequestMeta): Promise<string> {
    if (host.planId) {
      const open = await deps.plans.get(host.planId, actorOf(by)).then(
        (p) => OPEN.includes(p.status),
        () => false,
      );
      if (open) return host.planId;
    }
    const inv = await deps.fleet.inventory();
    const sizes = new Map<string, number>();
    for (const n of inv.nodes) sizes.set(n.cluster, (sizes.get(n.cluster) ?? 0) + 1);
    const cluster = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!cluster) throw new AppError('CONFLICT', { msg: msg('err.noClusterToJoin') });
    const action: PlanAction = {
      type: 'add-node',
      hostId: host.id,
      mac: host.mac,
      node: `node/${nodeNameOf(host)}`,
      cluster,
    };
    const say = (m: Parameters<typeof messageText>[1]) => messageText(deps.language ?? 'de', m);
    const name = action.node.slice(5);
    const made = await deps.plans.proposeComputed(
      actorOf(by),
      {
        key: `new-host:${host.mac}:${randomUUID()}`,
        trigger: 'new_host',
        summary: say(msg('action.addNode', { name, mac: host.mac, cluster })),
        details: say(msg('plan.joinHost', { actor: actorOf(by), name, role: host.suggestedRole ?? '—' })),
        actions: [action],
        expiresAt: new Date(deps.clock.now().getTime() + 7 * 24 * 3_600_000),
      },
      meta,
    );
    return made.planId;
  }

  return {
    list: (): Promise<DiscoveredHost[]> => deps.fleet.discoveredHosts(),

    async decide(by: Principal, raw: unknown, meta: RequestMeta): Promise<DiscoveredHost> {
      const { id, decision } = DiscoveredDecisionInputSchema.parse(raw);
      const host = (await deps.fleet.discoveredHosts()).find((h) => h.id === id);
      if (!host) throw new AppError('NOT_FOUND', { msg: msg('err.noHost', { id }) });
      // The plan first: if it cannot be proposed (no metrics to simulate with), nothing changes.
      const planId = decision === 'accept' ? await proposeJoin(by, host, meta) : undefined;
      const state = decision === 'accept' ? 'accepted' : 'ignored';
      return deps.db.transaction().execute(async (trx) => {
        const done = await deps.fleet.decideDiscoveredHost(trx, id, state, planId);
        if (!done) throw new AppError('NOT_FOUND', { msg: msg('err.noHost', { id }) });
        await deps.audit.record(trx, {
          actor: actorOf(by),
          action: `discovered.${decision}`,
          subject: `host/${done.after.mac}`,
          sourceIp: meta.ip,
          before: { state: done.before.state },
          after: { state, hostname: done.after.hostname, suggestedRole: done.after.suggestedRole, planId },
        });
        await changes.insertMany(trx, deps.clock.now(), [
          { topic: 'inventory', kind: 'discovered.decided', subject: `host/${done.after.mac}` },
        ]);
        return done.after;
      });
    },
  };
}

export type DiscoveredService = ReturnType<typeof createDiscoveredService>;
