import {
  isGuestAction,
  type Message,
  msg,
  OutcomeInputSchema,
  type Plan,
  PlanActionsInputSchema,
  type PlanActionsPage,
  type PlanCompare,
  PlanCompareInputSchema,
  type PlanContent,
  type PlanOutcome,
  type PlanStatus,
} from '@ralf/shared';
import type { z } from 'zod';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import type { FleetService } from '../fleet/fleet.service';
import { logMessage } from '../../lib/log-line';
import { allowedAt, nextAllowed } from './apply-windows';
import { nodeOfAction, type InventoryView } from './plan-rules';
import { plansRepository as repo, toRow } from './plans.repository';

type PlanRecord = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

interface ViewDeps {
  db: Db;
  clock: Clock;
  fleet: FleetService;
  inventoryView: () => Promise<InventoryView>;
  blockers: (p: PlanRecord, content: PlanContent, actor: string, approvers: string[]) => Message[];
  current: (db: Db, p: { id: string; revision: number }) => Promise<PlanContent>;
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 1000) / 1000 : null;
};

/** The read side of plans: the detail page, its paged actions, revision comparison and the outcome. */
export function planViews({ db, clock, fleet, inventoryView, blockers, current }: ViewDeps) {
  async function find(id: string): Promise<PlanRecord> {
    const p = await repo.findById(db, id);
    if (!p) throw new AppError('NOT_FOUND', { msg: msg('plan.notFound', { id }) });
    return p;
  }

  return {
    /** The plan as `viewer` sees it: with why they cannot approve it now, if they cannot. */
    async get(id: string, viewer: string): Promise<Plan> {
      const p = await find(id);
      const [content, approvals, revisions, log, settings, inv] = await Promise.all([
        current(db, p),
        repo.listApprovals(db, id),
        repo.listRevisions(db, id),
        repo.listLog(db, id),
        repo.findSettings(db),
        inventoryView(),
      ]);
      const live = approvals.filter((a) => a.revision === p.revision && a.discarded_at === null);
      const byNode = new Map<string, number>();
      for (const a of content.actions) {
        const n = nodeOfAction(a, inv) ?? '(services)';
        byNode.set(n, (byNode.get(n) ?? 0) + 1);
      }
      const now = clock.now();
      const next = nextAllowed(settings.windows, now);
      return {
        ...toRow(p, live.length),
        details: content.details,
        simulation: content.simulation,
        policyChecks: content.policyChecks,
        policyOverride: (p.policy_override as Plan['policyOverride']) ?? null,
        actionsByNode: [...byNode.entries()]
          .sort((a, b) => a[0].localeCompare(b[0]))
          .map(([nodeId, count]) => ({ nodeId, count })),
        approvalList: approvals.map((a) => ({
          approver: a.approver,
          revision: a.revision,
          at: iso(a.at),
          comment: a.comment,
          discarded: a.discard_reason,
        })),
        revisions,
        log: log.map((l) => ({ at: iso(l.at), status: l.status as PlanStatus | null, message: logMessage(l) })),
        approveBlockers: blockers(
          p,
          content,
          viewer,
          live.map((a) => a.approver),
        ),
        window: { allowedNow: allowedAt(settings.windows, now), nextAllowedAt: next ? next.toISOString() : null },
      };
    },

    /** One page of a revision's actions, optionally of one node (10,000 actions stay readable). */
    async actions(raw: z.input<typeof PlanActionsInputSchema>): Promise<PlanActionsPage> {
      const input = PlanActionsInputSchema.parse(raw);
      const p = await find(input.id);
      const rev = await repo.findRevision(db, p.id, input.revision ?? p.revision);
      if (!rev)
        throw new AppError('NOT_FOUND', {
          msg: msg('err.noRevision', { id: p.id, revision: input.revision ?? p.revision }),
        });
      const inv = await inventoryView();
      const all = rev.content.actions.map((action, index) => ({
        index,
        action,
        nodeId: nodeOfAction(action, inv),
        name: isGuestAction(action) ? (inv.guests.get(action.guestId)?.name ?? null) : null,
      }));
      const chosen = input.nodeId ? all.filter((a) => (a.nodeId ?? '(services)') === input.nodeId) : all;
      return { total: chosen.length, items: chosen.slice(input.offset, input.offset + input.limit) };
    },

    async compare(raw: z.input<typeof PlanCompareInputSchema>): Promise<PlanCompare> {
      const input = PlanCompareInputSchema.parse(raw);
      const [a, b] = await Promise.all([
        repo.findRevision(db, input.id, input.from),
        repo.findRevision(db, input.id, input.to),
      ]);
      if (!a || !b)
        throw new AppError('NOT_FOUND', {
          msg: msg('err.noRevision', { id: input.id, revision: !a ? input.from : input.to }),
        });
      const fields: PlanCompare['fields'] = [];
      for (const f of ['summary', 'trigger', 'risk', 'expiresAt', 'details', 'trailId'] as const) {
        const x = String(a.content[f] ?? '');
        const y = String(b.content[f] ?? '');
        if (x !== y) fields.push({ field: f, from: x, to: y });
      }
      const checks = (c: PlanContent) =>
        c.policyChecks.map((p) => `${p.policy}: ${p.result}${p.blocking ? ' (blocking)' : ''}`).join(', ');
      if (checks(a.content) !== checks(b.content))
        fields.push({ field: 'policyChecks', from: checks(a.content), to: checks(b.content) });
      const sim = (c: PlanContent) =>
        c.simulation.nodes
          .map((n) => `${n.nodeId} cpu ${Math.round(n.cpuAfter * 100)}% mem ${Math.round(n.memAfter * 100)}%`)
          .join(', ');
      if (sim(a.content) !== sim(b.content))
        fields.push({ field: 'simulation (after)', from: sim(a.content), to: sim(b.content) });
      const keyOf = (x: unknown) => JSON.stringify(x);
      const inA = new Set(a.content.actions.map(keyOf));
      const inB = new Set(b.content.actions.map(keyOf));
      return {
        fields,
        removed: a.content.actions.filter((x) => !inB.has(keyOf(x))).slice(0, 500),
        added: b.content.actions.filter((x) => !inA.has(keyOf(x))).slice(0, 500),
        unchanged: a.content.actions.filter((x) => inB.has(keyOf(x))).length,
      };
    },

    /** The simulation's prediction beside the mean measured over `hours` after the plan was applied. */
    async outcome(raw: z.input<typeof OutcomeInputSchema>): Promise<PlanOutcome> {
      const input = OutcomeInputSchema.parse(raw);
      const p = await find(input.id);
      if (p.status !== 'applied' || !p.applied_at)
        throw new AppError('CONFLICT', { msg: msg('err.noOutcomeYet', { status: p.status }) });
      const content = await current(db, p);
      const from = new Date(p.applied_at);
      const to = new Date(Math.min(clock.now().getTime(), from.getTime() + input.hours * 3_600_000));
      let unavailable = to.getTime() - from.getTime() < 1000;
      const nodes = await Promise.all(
        content.simulation.nodes.map(async (n) => {
          let cpu: number | null = null;
          let mem: number | null = null;
          if (!unavailable) {
            const { value } = await fleet.seriesBetween(n.nodeId, from, to);
            if (value) {
              cpu = mean(value.values.cpu);
              mem = mean(value.values.mem);
            } else unavailable = true;
          }
          return {
            nodeId: n.nodeId,
            cpuBefore: n.cpuBefore,
            memBefore: n.memBefore,
            cpuPredicted: n.cpuAfter,
            memPredicted: n.memAfter,
            cpuMeasured: cpu,
            memMeasured: mem,
          };
        }),
      );
      return { from: from.toISOString(), to: to.toISOString(), metrics: unavailable ? 'unavailable' : 'ok', nodes };
    },
  };
}
