import { randomUUID } from 'node:crypto';
import {
  type Message,
  messageText,
  msg,
  type PlanAction,
  type PlanSubmission,
  type PlanSubmitResult,
  type PlanTrigger,
  type Problem,
  problem,
  type ProposeInput,
  ProposeInputSchema,
} from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { describeAction, ownChecks, simulate, sizeOf } from './plan-rules';
import { refuse, type PlansDeps, type PlanSteps } from './plan-steps';

type Submit = (actor: string, raw: PlanSubmission, meta: RequestMeta | null) => Promise<PlanSubmitResult>;

/**
 * Plans ralf-ui simulates from the metrics now: one proposed by hand on a guest page, or the demo
 * lab's adaptive loop. Each then goes the way of any agent's plan (`submit`).
 */
export function planProposals(
  { clock, fleet, language = 'de' }: PlansDeps,
  { inventoryView }: PlanSteps,
  submit: Submit,
) {
  // Plans ralf-ui writes itself are in RALF_LANGUAGE, like its trail events (issue 18).
  const say = (m: Message) => messageText(language, m);
  /**
   * A plan whose simulation and checks ralf-ui computes from the metrics now: a hand-made one,
   * or the demo lab's adaptive loop. It then goes the way of any agent's plan.
   */
  async function proposeComputed(
    actor: string,
    p: {
      key: string;
      trigger: PlanTrigger;
      summary: string;
      details: string;
      actions: PlanAction[];
      expiresAt: Date;
      trailId?: string;
    },
    meta: RequestMeta | null,
  ): Promise<PlanSubmitResult> {
    const inv = await inventoryView();
    const { snap } = await fleet.current();
    if (!snap) throw new AppError('UPSTREAM_UNAVAILABLE', { source: 'metrics', msg: msg('plan.noMetrics') });
    const simulation = simulate(p.actions, inv, snap.usage);
    const { checks, risk } = ownChecks(p.actions, simulation, inv);
    return submit(
      actor,
      {
        key: p.key,
        trigger: p.trigger,
        summary: p.summary,
        details: `${p.details}\n${say(msg('plan.simulated', { at: snap.sampledAt.toISOString() }))}`.trim(),
        trailId: p.trailId ?? null,
        actions: p.actions,
        simulation,
        policyChecks: checks,
        risk,
        expiresAt: p.expiresAt.toISOString(),
      },
      meta,
    );
  }

  /** A change proposed by hand (a guest page's "migrate …", "resize …"), simulated from the metrics now. */
  async function propose(by: Principal, raw: ProposeInput, meta: RequestMeta): Promise<PlanSubmitResult> {
    const input = ProposeInputSchema.parse(raw);
    const inv = await inventoryView();
    const problems: Problem[] = [];
    const actions: PlanAction[] = [];
    input.actions.forEach((a, i) => {
      const g = inv.guests.get(a.guestId);
      if (!g) return problems.push(problem(`actions.${i}.guestId`, msg('problem.noGuest', { id: a.guestId })));
      const who = { guest: a.guestId, name: g.name };
      if (a.type === 'migrate') {
        if (a.to === g.nodeId)
          return problems.push(problem(`actions.${i}.to`, msg('problem.alreadyOn', { ...who, node: a.to })));
        actions.push({ type: 'migrate', guestId: a.guestId, from: g.nodeId, to: a.to });
      } else if (a.type === 'resize') {
        const from = sizeOf(g, a.resource);
        if (from === a.to)
          return problems.push(
            problem(`actions.${i}.to`, msg('problem.alreadyHas', { ...who, to: a.to, resource: a.resource })),
          );
        actions.push({ type: 'resize', guestId: a.guestId, resource: a.resource, from, to: a.to });
      } else actions.push(a);
    });
    if (problems.length) refuse(problems);
    return proposeComputed(
      actorOf(by),
      {
        key: `operator:${randomUUID()}`,
        trigger: 'operator',
        summary:
          input.summary ||
          actions
            .map((a) => say(describeAction(a, inv)))
            .join('; ')
            .slice(0, 500),
        details: say(msg('plan.byHand', { actor: actorOf(by) })),
        actions,
        expiresAt: new Date(clock.now().getTime() + input.expiresInHours * 3_600_000),
      },
      meta,
    );
  }

  return { proposeComputed, propose };
}
