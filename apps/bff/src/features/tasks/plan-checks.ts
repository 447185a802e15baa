import type { PlanAction, PlanChecks } from '@ralf/shared';
import type { FleetService } from '../fleet/fleet.service';
import type { ProxmoxControls } from './controls';

type Migrate = Extract<PlanAction, { type: 'migrate' }>;

/**
 * Proxmox's own precondition check of each migration a plan asks for (issue 20), before anyone
 * approves it: a VM bound to its node by a passed-through device, or a target that lacks its
 * storage, is named; a running container moves by restart (a short outage), which Proxmox does
 * not check ahead.
 */
export function createPlanChecks(deps: {
  controls: ProxmoxControls;
  fleet: Pick<FleetService, 'inventory'>;
  actionsOf: (planId: string) => Promise<readonly PlanAction[]>;
  covers: (actions: readonly PlanAction[]) => Promise<boolean>;
  viaProxmox: boolean;
}) {
  return async function planChecks(planId: string): Promise<PlanChecks> {
    const actions = await deps.actionsOf(planId);
    const inv = await deps.fleet.inventory();
    const moves = actions.filter((a): a is Migrate => a.type === 'migrate').slice(0, 50);
    const checks = await Promise.all(
      moves.map(async (a) => {
        const g = inv.guests.find((x) => x.id === a.guestId);
        const running = g?.status === 'running';
        const mode = !running ? ('offline' as const) : g?.type === 'lxc' ? ('restart' as const) : ('live' as const);
        const base = { guestId: a.guestId, guestName: g?.name ?? null, to: a.to.slice(5), mode };
        const cluster = g ? inv.nodeById.get(g.nodeId)?.cluster : undefined;
        const c = cluster ? await deps.controls.forCluster(cluster) : null;
        if (!g || !c) return { ...base, ok: null, reasons: [] };
        try {
          const r = await c.migrateCheck({ node: g.nodeId.slice(5), type: g.type, vmid: g.vmid }, a.to.slice(5));
          return { ...base, ok: r?.ok ?? null, reasons: r?.reasons ?? [] };
        } catch (err) {
          return { ...base, ok: null, reasons: [`Proxmox could not be asked: ${(err as Error).message}`] };
        }
      }),
    );
    return { checks, viaProxmox: deps.viaProxmox && (await deps.covers(actions)) };
  };
}
