import { randomUUID } from 'node:crypto';
import {
  PlanContentSchema, PlanSubmissionSchema, ProposeInputSchema,
  type PlanAction, type PlanStatus, type PlanSubmission, type PlanSubmitResult, type PlanTrigger, type Problem, type ProposeInput,
} from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import { enqueue } from '../../lib/outbox';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { contentHash, describeAction, ownChecks, planProblems, simulate, sizeOf } from './plan-rules';
import { isOpen, refuse, type PlansDeps, type PlanSteps } from './plan-steps';
import { subjectsOf, TRAIL_TRIGGER } from './plan-trail';
import { plansRepository as repo } from './plans.repository';

/**
 * How plans come in (issue 6): an agent's submission or a new revision of it, one ralf-ui
 * simulates from the metrics now (the demo lab's adaptive loop), or one proposed by hand.
 */
export function planSubmission({ db, audit, clock, fleet }: PlansDeps, { inventoryView, move, note, explain }: PlanSteps) {
  /** Submits a plan or a new revision of it, in one transaction with its audit event. */
  /**
   * `submittedFor` is the person behind a token (who created it): four eyes hold between people,
   * not between a person and their own agent's token (issue 15).
   */
  async function submit(actor: string, raw: PlanSubmission, meta: RequestMeta | null, submittedFor: string | null = null): Promise<PlanSubmitResult> {
    const { key, supersedes, ...rest } = PlanSubmissionSchema.parse(raw);
    const content = PlanContentSchema.parse(rest);
    const hash = contentHash(content);
    const now = clock.now();
    const problems = planProblems(content, await inventoryView(), now);
    if (problems.length) refuse(problems);
    const settings = await repo.findSettings(db);
    try {
      return await db.transaction().execute(async (trx) => {
        const existing = await repo.lockByKey(trx, key);
        let result: PlanSubmitResult;
        if (!existing) {
          const p = await repo.insert(trx, { key, hash, content, submittedBy: actor, submittedFor, at: now, approvalsNeeded: settings.approvalsNeeded });
          await audit.record(trx, { actor, action: 'plan.submit', subject: `plan/${p.id}`, sourceIp: meta?.ip ?? null, after: { key, summary: content.summary, trigger: content.trigger, actions: content.actions.length, risk: content.risk, hash } });
          await repo.log(trx, p.id, now, 'proposed', `proposed by ${actor}: ${content.summary}`);
          await changes.insertMany(trx, now, [{ topic: 'plans', kind: 'plan.proposed', subject: p.id }]);
          const touchedIds = subjectsOf(content.actions);
          if (content.trailId) await explain(trx, p, [{ kind: 'action', title: `Proposed for review as a plan: ${content.summary}`, body: content.details, subjects: touchedIds }], actor);
          else {
            await repo.setTrailId(trx, p.id, `plan/${p.id}`);
            await explain(trx, { id: p.id, trail_id: null }, [{ kind: 'trigger', trigger: TRAIL_TRIGGER[content.trigger], title: content.summary, body: content.details, subjects: touchedIds }], actor);
          }
          result = { planId: p.id, revision: 1, status: 'proposed', newRevision: true, discardedApprovals: 0 };
        } else {
          if (existing.revision_hash === hash) return { planId: existing.id, revision: existing.revision, status: existing.status as PlanStatus, newRevision: false, discardedApprovals: 0 };
          if (existing.submitted_by !== actor) throw new AppError('FORBIDDEN', { message: `plan ${key} was submitted by ${existing.submitted_by}; only they can revise it` });
          if (!isOpen(existing.status)) throw new AppError('CONFLICT', { message: `plan ${key} is ${existing.status}; a new revision is possible only while it is proposed or approved (send a new key)` });
          const revision = existing.revision + 1;
          await repo.insertRevision(trx, existing.id, revision, { hash, content, submittedBy: actor, at: now });
          await repo.setRevision(trx, existing.id, revision, { hash, content, submittedBy: actor, submittedFor, at: now, approvalsNeeded: Math.max(settings.approvalsNeeded, existing.approvals_needed) });
          const discarded = await repo.discardApprovals(trx, existing.id, now, `revision ${revision} replaced revision ${existing.revision}`);
          if (existing.status === 'approved') await move(trx, existing.id, 'proposed', `revision ${revision} arrived after approval: it needs a new review`);
          await note(trx, existing.id, `revision ${revision} submitted by ${actor}${discarded ? `; ${discarded} approval${discarded === 1 ? '' : 's'} of revision ${existing.revision} discarded` : ''}`);
          await explain(trx, existing, [{ kind: 'observation', title: `Revision ${revision}: ${content.summary}`, body: discarded ? `${discarded} approval(s) of revision ${existing.revision} were discarded.` : '', subjects: subjectsOf(content.actions) }], actor);
          await audit.record(trx, { actor, action: 'plan.revise', subject: `plan/${existing.id}`, sourceIp: meta?.ip ?? null, before: { revision: existing.revision, hash: existing.revision_hash }, after: { revision, hash, summary: content.summary, actions: content.actions.length }, details: { discardedApprovals: discarded } });
          result = { planId: existing.id, revision, status: 'proposed', newRevision: true, discardedApprovals: discarded };
        }
        await enqueue(trx, { kind: 'plan.expire', planId: result.planId, payload: {}, dueAt: new Date(content.expiresAt) });
        if (supersedes && supersedes !== key) {
          const old = await repo.lockByKey(trx, supersedes);
          if (old && old.submitted_by === actor && isOpen(old.status)) {
            await repo.discardApprovals(trx, old.id, now, `superseded by plan ${key}`);
            await move(trx, old.id, 'superseded', `superseded by plan ${key}`);
            await audit.record(trx, { actor, action: 'plan.supersede', subject: `plan/${old.id}`, sourceIp: meta?.ip ?? null, before: { status: old.status }, after: { status: 'superseded', by: result.planId } });
          }
        }
        return result;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('CONFLICT', { message: `plan ${key} was submitted twice at the same moment; send it again` });
      throw err;
    }
  }

  /**
   * A plan whose simulation and checks ralf-ui computes from the metrics now: a hand-made one,
   * or the demo lab's adaptive loop. It then goes the way of any agent's plan.
   */
  async function proposeComputed(actor: string, p: { key: string; trigger: PlanTrigger; summary: string; details: string; actions: PlanAction[]; expiresAt: Date; trailId?: string }, meta: RequestMeta | null): Promise<PlanSubmitResult> {
    const inv = await inventoryView();
    const { snap } = await fleet.current();
    if (!snap) throw new AppError('UPSTREAM_UNAVAILABLE', { source: 'metrics', message: 'no current metrics: the simulation needs the nodes’ utilisation now' });
    const simulation = simulate(p.actions, inv, snap.usage);
    const { checks, risk } = ownChecks(p.actions, simulation, inv);
    return submit(actor, {
      key: p.key, trigger: p.trigger, summary: p.summary, details: `${p.details}\nSimulated by ralf-ui from the metrics of ${snap.sampledAt.toISOString()}.`.trim(),
      trailId: p.trailId ?? null, actions: p.actions, simulation, policyChecks: checks, risk, expiresAt: p.expiresAt.toISOString(),
    }, meta);
  }

  /** A change proposed by hand (a guest page's "migrate …", "resize …"), simulated from the metrics now. */
  async function propose(by: Principal, raw: ProposeInput, meta: RequestMeta): Promise<PlanSubmitResult> {
    const input = ProposeInputSchema.parse(raw);
    const inv = await inventoryView();
    const problems: Problem[] = [];
    const actions: PlanAction[] = [];
    input.actions.forEach((a, i) => {
      const g = inv.guests.get(a.guestId);
      if (!g) return problems.push({ path: `actions.${i}.guestId`, message: `no guest ${a.guestId}` });
      if (a.type === 'migrate') {
        if (a.to === g.nodeId) return problems.push({ path: `actions.${i}.to`, message: `${a.guestId} (${g.name}) is already on ${a.to}` });
        actions.push({ type: 'migrate', guestId: a.guestId, from: g.nodeId, to: a.to });
      } else if (a.type === 'resize') {
        const from = sizeOf(g, a.resource);
        if (from === a.to) return problems.push({ path: `actions.${i}.to`, message: `${a.guestId} (${g.name}) already has ${a.to} ${a.resource}` });
        actions.push({ type: 'resize', guestId: a.guestId, resource: a.resource, from, to: a.to });
      } else actions.push(a);
    });
    if (problems.length) refuse(problems);
    return proposeComputed(actorOf(by), {
      key: `operator:${randomUUID()}`, trigger: 'operator', summary: input.summary || actions.map((a) => describeAction(a, inv)).join('; ').slice(0, 500),
      details: `Proposed by hand by ${actorOf(by)}.`, actions, expiresAt: new Date(clock.now().getTime() + input.expiresInHours * 3_600_000),
    }, meta);
  }

  return { submit, proposeComputed, propose };
}
