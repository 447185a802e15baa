import type { PlanAction } from '@ralf/shared';
import type { FleetService } from '../../features/fleet/fleet.service';
import type { PlansService } from '../../features/plans/plans.service';
import type { Clock } from '../ports';

export const DEMO_PLANNER = 'system:demo-lab/A_PLAN';
const KEY = 'demo-adaptive:';
const GiB = 1024 ** 3;

/**
 * The demo lab's adaptive loop (seed: "Adaptive Infrastructure Loop"): every few minutes it looks
 * at its own simulated load and, when nothing of its own is pending, proposes moving the largest
 * movable guest off the fullest node, so an embedded installation always has a plan to review.
 * Its plan then goes the way of any agent's: review, approval, the executor.
 */
export class DemoLabPlanner {
  constructor(private readonly deps: { plans: PlansService; fleet: FleetService; clock: Clock }) {}

  /** The rebalancing move it would propose now, or null when the nodes are even enough. */
  async choose(): Promise<{ action: PlanAction; summary: string; details: string; pressure: number } | null> {
    const { inv, snap } = await this.deps.fleet.current();
    if (!snap) return null;
    const mem = (id: string) => {
      const u = snap.usage.get(id);
      return u?.memUsed != null && u.memSize ? u.memUsed / u.memSize : null;
    };
    const nodes = inv.nodes.filter((n) => n.status === 'online' && mem(n.id) !== null).sort((a, b) => mem(b.id)! - mem(a.id)!);
    const hot = nodes[0];
    const cool = nodes.at(-1);
    if (!hot || !cool || hot === cool || mem(hot.id)! - mem(cool.id)! < 0.15) return null;
    const candidates = inv.guests
      .filter((g) => g.nodeId === hot.id && g.status === 'running' && !g.tags.includes('core'))
      .map((g) => ({ g, used: snap.usage.get(g.id)?.memUsed ?? 0 }))
      .sort((a, b) => b.used - a.used);
    for (const { g, used } of candidates) {
      const after = mem(cool.id)! + used / cool.memoryBytes;
      if (after > 0.8) continue;
      const pct = (v: number) => `${Math.round(v * 100)}%`;
      return {
        action: { type: 'migrate', guestId: g.id, from: hot.id, to: cool.id },
        summary: `Rebalance memory: migrate ${g.name} (${g.id}) from ${hot.name} to ${cool.name}`,
        details: `${hot.name} uses ${pct(mem(hot.id)!)} of its memory, ${cool.name} ${pct(mem(cool.id)!)}. ${g.name} holds ${(used / GiB).toFixed(1)} GiB and is not a core service; moving it brings ${cool.name} to about ${pct(after)}.`,
        pressure: mem(hot.id)!,
      };
    }
    return null;
  }

  /** One turn of the loop: propose, or revise its pending plan if the best move has changed. */
  async tick(): Promise<void> {
    const mine = (await this.deps.plans.list({ limit: 50 })).filter((p) => p.key.startsWith(KEY) && ['proposed', 'approved', 'applying'].includes(p.status));
    const pick = await this.choose();
    if (!pick) return;
    const pending = mine[0];
    if (pending && (pending.status !== 'proposed' || pending.approvals > 0 || pending.summary === pick.summary)) return;
    const now = this.deps.clock.now();
    await this.deps.plans.proposeComputed(DEMO_PLANNER, {
      key: pending?.key ?? `${KEY}${now.toISOString()}`,
      trigger: pick.pressure > 0.85 ? 'capacity_drift' : 'load_shift',
      summary: pick.summary, details: pick.details, actions: [pick.action], expiresAt: new Date(now.getTime() + 2 * 3_600_000),
    }, null);
  }
}
