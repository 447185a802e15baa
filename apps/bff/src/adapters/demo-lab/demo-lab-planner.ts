import type { Language, PlanAction } from '@ralf/shared';
import type { FleetService } from '../../features/fleet/fleet.service';
import type { PlansService } from '../../features/plans/plans.service';
import type { TrailsService } from '../../features/trails/trails.service';
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
  constructor(
    private readonly deps: {
      plans: PlansService;
      fleet: FleetService;
      trails: TrailsService;
      clock: Clock;
      /** RALF_AGENT_LANGUAGE: the simulated A_PLAN writes its plans and trails in it (issue 18). */
      language: Language;
    },
  ) {}

  private say(en: string, de: string): string {
    return this.deps.language === 'de' ? de : en;
  }

  /** The rebalancing move it would propose now, or null when the nodes are even enough. */
  async choose(): Promise<{
    action: PlanAction;
    summary: string;
    details: string;
    pressure: number;
    observed: string;
    alternatives: { option: string; whyNot: string }[];
  } | null> {
    const { inv, snap } = await this.deps.fleet.current();
    if (!snap) return null;
    const mem = (id: string) => {
      const u = snap.usage.get(id);
      return u?.memUsed != null && u.memSize ? u.memUsed / u.memSize : null;
    };
    const nodes = inv.nodes
      .filter((n) => n.status === 'online' && mem(n.id) !== null)
      .sort((a, b) => mem(b.id)! - mem(a.id)!);
    const hot = nodes[0];
    const cool = nodes.at(-1);
    if (!hot || !cool || hot === cool || mem(hot.id)! - mem(cool.id)! < 0.15) return null;
    const candidates = inv.guests
      .filter((g) => g.nodeId === hot.id && g.status === 'running' && !g.tags.includes('core'))
      .map((g) => ({ g, used: snap.usage.get(g.id)?.memUsed ?? 0 }))
      .sort((a, b) => b.used - a.used);
    const pct = (v: number) => `${Math.round(v * 100)} %`;
    const say = (en: string, de: string) => this.say(en, de);
    const alternatives: { option: string; whyNot: string }[] = inv.guests
      .filter((g) => g.nodeId === hot.id && g.status === 'running' && g.tags.includes('core'))
      .slice(0, 2)
      .map((g) => ({
        option: say(`Migrate ${g.name}`, `Migration von ${g.name}`),
        whyNot: say('a core service: moves only by hand', 'ein Kerndienst: wird nur von Hand verschoben'),
      }));
    for (const { g, used } of candidates) {
      const after = mem(cool.id)! + used / cool.memoryBytes;
      if (after > 0.8) {
        alternatives.push({
          option: say(`Migrate ${g.name}`, `Migration von ${g.name}`),
          whyNot: say(
            `would bring ${cool.name} to ${pct(after)} memory`,
            `brächte ${cool.name} auf ${pct(after)} Arbeitsspeicher`,
          ),
        });
        continue;
      }
      alternatives.push({
        option: say(`Resize ${g.name} instead`, `Stattdessen ${g.name} verkleinern`),
        whyNot: say(
          `frees memory on ${hot.name} only by starving ${g.name}`,
          `schafft auf ${hot.name} nur Platz, indem ${g.name} hungert`,
        ),
      });
      return {
        observed: say(
          `${hot.name} uses ${pct(mem(hot.id)!)} of its memory, ${cool.name} ${pct(mem(cool.id)!)}`,
          `${hot.name} nutzt ${pct(mem(hot.id)!)} seines Arbeitsspeichers, ${cool.name} ${pct(mem(cool.id)!)}`,
        ),
        alternatives,
        action: { type: 'migrate', guestId: g.id, from: hot.id, to: cool.id },
        summary: say(
          `Rebalance memory: migrate ${g.name} (${g.id}) from ${hot.name} to ${cool.name}`,
          `Arbeitsspeicher ausgleichen: Migration von ${g.name} (${g.id}) von ${hot.name} nach ${cool.name}`,
        ),
        details: say(
          `${hot.name} uses ${pct(mem(hot.id)!)} of its memory, ${cool.name} ${pct(mem(cool.id)!)}. ${g.name} holds ${(used / GiB).toFixed(1)} GiB and is not a core service; moving it brings ${cool.name} to about ${pct(after)}.`,
          `${hot.name} nutzt ${pct(mem(hot.id)!)} seines Arbeitsspeichers, ${cool.name} ${pct(mem(cool.id)!)}. ${g.name} belegt ${(used / GiB).toFixed(1).replace('.', ',')} GiB und ist kein Kerndienst; die Migration bringt ${cool.name} auf etwa ${pct(after)}.`,
        ),
        pressure: mem(hot.id)!,
      };
    }
    return null;
  }

  /** One turn of the loop: propose, or revise its pending plan if the best move has changed. */
  async tick(): Promise<void> {
    const mine = (await this.deps.plans.list({ limit: 50 })).filter(
      (p) => p.key.startsWith(KEY) && ['proposed', 'approved', 'applying'].includes(p.status),
    );
    const pick = await this.choose();
    if (!pick) return;
    const pending = mine[0];
    if (pending && (pending.status !== 'proposed' || pending.approvals > 0 || pending.summary === pick.summary)) return;
    const now = this.deps.clock.now();
    const key = pending?.key ?? `${KEY}${now.toISOString()}`;
    // As A_PLAN would: first why (the trail), then what (the plan that names the trail).
    const at = now.toISOString();
    const step = `${key}:${now.getTime()}`;
    const action = pick.action as Extract<PlanAction, { type: 'migrate' }>;
    await this.deps.trails.ingest(
      DEMO_PLANNER,
      [
        ...(pending
          ? []
          : [
              {
                id: `${step}:drift`,
                trailId: key,
                kind: 'trigger' as const,
                trigger: 'capacity_drift' as const,
                at,
                agent: 'A_MON',
                title: this.say(`Memory drift: ${pick.observed}`, `Speicherdrift: ${pick.observed}`),
                subjects: [action.from, action.to],
                language: this.deps.language,
              },
            ]),
        {
          id: `${step}:decision`,
          trailId: key,
          kind: 'decision',
          at,
          parentId: pending ? null : `${step}:drift`,
          agent: 'A_PLAN',
          title: pick.summary,
          body: pick.details,
          confidence: 0.75,
          alternatives: pick.alternatives,
          inputs: [{ kind: 'metric', label: pick.observed, ref: action.from }],
          subjects: [action.guestId, action.from, action.to],
          language: this.deps.language,
        },
      ],
      null,
    );
    await this.deps.plans.proposeComputed(
      DEMO_PLANNER,
      {
        key,
        trailId: key,
        trigger: pick.pressure > 0.85 ? 'capacity_drift' : 'load_shift',
        summary: pick.summary,
        details: pick.details,
        actions: [pick.action],
        expiresAt: new Date(now.getTime() + 2 * 3_600_000),
      },
      null,
    );
  }
}
