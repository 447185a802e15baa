import {
  DecidePlanInputSchema, PlanAdminInputSchema, PlanContentSchema, PlanListInputSchema, PlanSettingsSchema, PlanSubmissionSchema, ProposeInputSchema,
  type DecidePlanInput, type Plan, type PlanAction, type PlanAdminInput, type PlanContent, type PlanListInput, type PlanRow, type PlanSettings, type PlanStatus,
  type PlanSubmission, type PlanSubmitResult, type PlanSummary, type PlanTrigger, type ProposeInput,
} from '@ralf/shared';
import { randomUUID } from 'node:crypto';
import type { TrailEventInput, TrailTrigger } from '@ralf/shared';
import { appendOwn, isTrailClosed } from '../trails/trails.service';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock, Executor } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { afterFailedAttempt, DEFAULT_RETRY, deliveryNote, type RetryPolicy } from '../../lib/delivery';
import { enqueue, expeditePlanJob, rearmPlanJob, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { AuditLog } from '../audit/audit.service';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { FleetService } from '../fleet/fleet.service';
import { changeLog as changes } from '../../lib/change-log';
import { allowedAt, nextAllowed, windowProblems } from './apply-windows';
import { applyAction, contentHash, describeAction, drift, fingerprint, ownChecks, planProblems, simulate, sizeOf, type InventoryView, type Problem } from './plan-rules';
import { plansRepository as repo, toRow } from './plans.repository';
import { planViews } from './plans.views';

export interface PlansDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  fleet: FleetService;
  executor: Executor;
  /** How a failing executor is retried (lib/delivery.ts). */
  retry?: RetryPolicy;
  /** How long a plan handed to a remote executor may stay silent before it needs attention. */
  callbackWaitMs?: number;
}

/** A plan handed to the executor, whose report may still come. */
const IN_FLIGHT = new Set(['applying', 'dispatch_unknown', 'needs_attention']);
/** What started a plan, in the trail's words. */
const TRAIL_TRIGGER: Record<PlanTrigger, TrailTrigger> = { capacity_drift: 'capacity_drift', load_shift: 'capacity_drift', new_host: 'discovery', pbs_detected: 'pbs_detected', operator: 'operator_request' };
/** The guests and nodes a plan's actions name, as trail subjects. */
const subjectsOf = (actions: readonly PlanAction[]) => [...new Set(actions.flatMap((a) => (a.type === 'scale' ? [] : a.type === 'migrate' ? [a.guestId, a.from, a.to] : [a.guestId])))].slice(0, 40);
const SYSTEM = 'system:ralf-ui';
const isOpen = (s: string) => s === 'proposed' || s === 'approved';
const SELF_APPROVAL = 'you submitted this plan; someone else must approve it';

/** A 400 that lists every problem, each with its path (ingest answers them as `issues`). */
function refuse(problems: Problem[]): never {
  const shown = problems.slice(0, 20).map((p) => `${p.path}: ${p.message}`).join('; ');
  throw Object.assign(new AppError('BAD_INPUT', { message: `the plan was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${shown}${problems.length > 20 ? '; …' : ''}` }), { issues: problems.slice(0, 50) });
}

/**
 * Adaptive plans (issue 6). Every decision locks the plan's row first, so two approvers at once
 * are one after the other; an approval binds to one revision and the inventory it was given on;
 * the apply job is unique per revision in the outbox, so a plan is dispatched once.
 */
export function createPlansService({ db, audit, clock, fleet, executor, retry = DEFAULT_RETRY, callbackWaitMs = 10 * 60_000 }: PlansDeps) {
  async function inventoryView(trx: Db = db): Promise<InventoryView> {
    const { nodes, guests, services } = await fleet.read(trx);
    return { nodes: new Map(nodes.map((n) => [n.id, n])), guests: new Map(guests.map((g) => [g.id, g])), services: new Set(services.map((s) => s.id)) };
  }

  async function move(trx: Db, id: string, to: PlanStatus, message: string, extra: Parameters<typeof repo.setStatus>[4] = {}): Promise<void> {
    const at = clock.now();
    await repo.setStatus(trx, id, to, at, extra);
    await repo.log(trx, id, at, to, message);
    await changes.insertMany(trx, at, [{ topic: 'plans', kind: `plan.${to}`, subject: id }]);
  }

  async function note(trx: Db, id: string, message: string): Promise<void> {
    await repo.log(trx, id, clock.now(), null, message);
    await changes.insertMany(trx, clock.now(), [{ topic: 'plans', kind: 'plan.log', subject: id }]);
  }

  /** The plan as answered; inside the transaction of a change, so nothing is left to fail after the commit (issue 16). */
  async function row(id: string, trx: Db = db): Promise<PlanRow> {
    const r = await repo.findById(trx, id);
    if (!r) throw new AppError('NOT_FOUND', { message: `no plan ${id}` });
    return toRow(r, (await repo.liveApprovals(trx, id, r.revision)).length);
  }

  /**
   * Adds ralf-ui's part to the plan's explainability trail (issue 7) in the caller's transaction:
   * the agent's trail when it named one and it is still open, else the plan's own `plan/<id>`.
   */
  async function explain(trx: Db, p: { id: string; trail_id: string | null }, events: Omit<TrailEventInput, 'trailId' | 'parentId' | 'at' | 'id' | 'agent'>[], agent = SYSTEM.slice(7)): Promise<void> {
    const own = `plan/${p.id}`;
    const trailId = p.trail_id && !(await isTrailClosed(trx, p.trail_id, clock.now())) ? p.trail_id : own;
    const at = clock.now().toISOString();
    await appendOwn(trx, trailId, events.map((e) => ({ ...e, id: `plan/${p.id}:${e.kind}:${randomUUID().slice(0, 8)}`, at, agent, subjects: [`plan/${p.id}`, ...(e.subjects ?? [])] })), clock.now());
  }

  /** Why `actor` cannot approve the plan's current revision now; empty when they can. */
  function blockers(p: { status: string; submitted_by: string; submitted_for: string | null; expires_at: Date; stale_reason: string | null; policy_override: unknown; revision: number }, content: PlanContent, actor: string, approvers: string[]): string[] {
    const out: string[] = [];
    if (p.status !== 'proposed') out.push(`the plan is ${p.status}; only a proposed plan can be approved`);
    if (p.submitted_by === actor) out.push(SELF_APPROVAL);
    else if (p.submitted_for === actor) out.push(`you submitted this plan through API token ${p.submitted_by.slice(6)}, which you created; someone else must approve it`);
    if (approvers.includes(actor)) out.push(`you have already approved revision ${p.revision}`);
    if (new Date(p.expires_at).getTime() <= clock.now().getTime()) out.push(`the plan expired at ${iso(p.expires_at)}`);
    if (p.stale_reason) out.push(`the plan needs a new revision: ${p.stale_reason}`);
    const failed = content.policyChecks.filter((c) => c.result === 'failed' && c.blocking);
    if (failed.length && !p.policy_override) out.push(`blocking policy check failed (${failed.map((c) => c.policy).join(', ')}): an admin must override it with a reason first`);
    return out;
  }

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

  async function current(trx: Db, p: { id: string; revision: number }): Promise<PlanContent> {
    const r = await repo.findRevision(trx, p.id, p.revision);
    if (!r) throw new AppError('INTERNAL', { message: `plan ${p.id} lacks revision ${p.revision}` });
    return r.content;
  }

  async function decide(by: Principal, raw: DecidePlanInput, meta: RequestMeta): Promise<PlanRow> {
    const input = DecidePlanInputSchema.parse(raw);
    const actor = actorOf(by);
    const now = clock.now();
    const inv = await inventoryView();
    const outcome = await db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, input.id);
      if (!p) throw new AppError('NOT_FOUND', { message: `no plan ${input.id}` });
      if (input.revision !== p.revision) {
        throw new AppError('STALE_REVISION', { message: `revision ${p.revision} has replaced revision ${input.revision}, which you reviewed; review the new revision, then decide again` });
      }
      const content = await current(trx, p);
      if (input.decision === 'reject') {
        if (p.status !== 'proposed' && p.status !== 'approved') throw new AppError('CONFLICT', { message: `the plan is ${p.status}; it can no longer be rejected` });
        if (p.status === 'approved') await move(trx, p.id, 'proposed', `${actor} withdrew the approval to reject it`);
        await repo.discardApprovals(trx, p.id, now, `rejected by ${actor}`);
        await move(trx, p.id, 'rejected', `rejected by ${actor}: ${input.comment}`, { finished: true });
        await explain(trx, p, [{ kind: 'decision', title: `Rejected by ${actor}`, body: input.comment }, { kind: 'outcome', outcome: 'failed', title: 'Not applied: the plan was rejected' }], actor);
        await audit.record(trx, { actor, action: 'plan.reject', subject: `plan/${p.id}`, sourceIp: meta.ip, before: { status: p.status }, after: { status: 'rejected' }, details: { revision: p.revision, comment: input.comment } });
        return { ok: true as const, row: await row(p.id, trx) };
      }
      const approvals = await repo.liveApprovals(trx, p.id, p.revision);
      const why = blockers(p, content, actor, approvals.map((a) => a.approver));
      if (why.length) {
        const code = p.submitted_by === actor || p.submitted_for === actor ? 'FORBIDDEN' : 'CONFLICT';
        throw new AppError(code, { message: why.join('; ') });
      }
      const problems = planProblems({ ...content, expiresAt: iso(p.expires_at) }, inv, now);
      if (problems.length) {
        const reason = `the inventory changed since revision ${p.revision}: ${problems.slice(0, 5).map((x) => x.message).join('; ')}`;
        await repo.setStatus(trx, p.id, 'proposed', now, { staleReason: reason });
        await note(trx, p.id, `approval by ${actor} refused: ${reason}`);
        return { ok: false as const, reason };
      }
      const fp = fingerprint(content.actions, inv);
      await repo.insertApproval(trx, { planId: p.id, revision: p.revision, approver: actor, at: now, comment: input.comment, inventoryVersion: fp.version, inventory: fp.states });
      await audit.record(trx, { actor, action: 'plan.approve', subject: `plan/${p.id}`, sourceIp: meta.ip, after: { revision: p.revision, hash: p.revision_hash, inventoryVersion: fp.version }, details: input.comment ? { comment: input.comment } : null });
      await explain(trx, p, [{ kind: 'decision', title: `Approved by ${actor} (revision ${p.revision}, ${approvals.length + 1} of ${p.approvals_needed})`, body: input.comment, inputs: [{ kind: 'document', label: `plan revision ${p.revision} (${p.revision_hash.slice(0, 12)}), inventory version ${fp.version}`, ref: `plan/${p.id}` }] }], actor);
      const count = approvals.length + 1;
      if (count < p.approvals_needed) {
        await note(trx, p.id, `approved by ${actor} (${count} of ${p.approvals_needed})${input.comment ? `: ${input.comment}` : ''}`);
        return { ok: true as const, row: await row(p.id, trx) };
      }
      const settings = await repo.findSettings(trx);
      const due = nextAllowed(settings.windows, now);
      const waiting = due === null || due.getTime() > now.getTime();
      await move(trx, p.id, 'approved', `approved by ${actor} (${count} of ${p.approvals_needed})${waiting ? (due ? `; waits for the maintenance window at ${due.toISOString()}` : '; no maintenance window opens in the next 15 days') : ''}`, { scheduledFor: waiting ? due : null });
      // Unique per plan and revision (outbox_plan_apply_once_idx): a second dispatch cannot exist; a
      // plan sent back to review and approved again re-arms its one job.
      await rearmPlanJob(trx, { kind: 'plan.apply', planId: p.id, revision: p.revision, payload: { revision: p.revision }, dueAt: due ?? new Date(now.getTime() + 86_400_000) });
      return { ok: true as const, row: await row(p.id, trx) };
    });
    if (!outcome.ok) throw new AppError('CONFLICT', { message: outcome.reason });
    return outcome.row;
  }

  /** The outbox job that starts an approved plan: windows, then drift, then the executor. */
  async function applyJob(job: OutboxJob): Promise<JobResult> {
    const revision = Number(job.payload.revision);
    const force = job.payload.force === true;
    const now = clock.now();
    const inv = await inventoryView();
    const settings = await repo.findSettings(db);
    const wait = await db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, job.planId!);
      if (!p || p.status !== 'approved' || p.revision !== revision) return null;
      if (!force && !allowedAt(settings.windows, now)) {
        const next = nextAllowed(settings.windows, now);
        await repo.setStatus(trx, p.id, 'approved', now, { scheduledFor: next });
        return next ?? new Date(now.getTime() + 86_400_000);
      }
      const content = await current(trx, p);
      const approvals = await repo.liveApprovals(trx, p.id, p.revision);
      const last = approvals.at(-1);
      const fp = fingerprint(content.actions, inv);
      const changed = last ? drift(last.inventory as Record<string, string>, fp.states) : [];
      const problems = planProblems({ ...content, expiresAt: new Date(now.getTime() + 60_000).toISOString() }, inv, now);
      if (changed.length || problems.length) {
        const reason = `the inventory changed since approval (version ${last?.inventory_version ?? '?'} → ${fp.version}): ${[...changed, ...problems.map((x) => x.message)].slice(0, 5).join('; ')}`;
        await repo.discardApprovals(trx, p.id, now, 'inventory drift');
        await move(trx, p.id, 'proposed', `not applied: ${reason}. Nothing was changed; the plan needs a new revision`, { staleReason: reason, scheduledFor: null });
        await explain(trx, p, [{ kind: 'observation', title: 'Not applied: the inventory changed since approval', body: reason }]);
        await audit.record(trx, { actor: SYSTEM, action: 'plan.drift', subject: `plan/${p.id}`, before: { status: 'approved', inventoryVersion: last?.inventory_version ?? null }, after: { status: 'proposed', inventoryVersion: fp.version }, details: { changed: changed.slice(0, 20) } });
        return null;
      }
      await move(trx, p.id, 'applying', `applying revision ${p.revision} through ${executor.label}${force ? ' (applied now by an admin)' : ''}`, { scheduledFor: null });
      await explain(trx, p, [{ kind: 'action', title: `Applying revision ${p.revision} through ${executor.label}`, subjects: subjectsOf(content.actions) }]);
      await audit.record(trx, { actor: SYSTEM, action: 'plan.apply', subject: `plan/${p.id}`, after: { revision: p.revision, inventoryVersion: fp.version }, details: force ? { force: true } : null });
      await enqueue(trx, { kind: 'plan.dispatch', planId: p.id, payload: { revision: p.revision, since: now.toISOString() }, dueAt: now });
      return null;
    });
    if (wait) return { done: false, retryInMs: Math.max(1000, wait.getTime() - now.getTime()), error: `waiting for the maintenance window (${wait.toISOString()})` };
    return { done: true };
  }

  async function dispatchJob(job: OutboxJob): Promise<JobResult> {
    const p = await repo.findById(db, job.planId!);
    const revision = Number(job.payload.revision);
    if (!p || p.status !== 'applying' || p.revision !== revision) return { done: true };
    const content = await current(db, p);
    const idempotencyKey = `plan:${p.id}:${revision}`;
    // Recorded before it is made: after a crash mid-call the next attempt shows as a repeat.
    if (executor.remote) await db.transaction().execute(async (trx) => note(trx, p.id, deliveryNote(executor.label, await repo.countDelivery(trx, p.id), idempotencyKey)));
    const r = await executor.applyPlan({ planId: p.id, revision, idempotencyKey, actions: content.actions });
    if (r.outcome === 'accepted') {
      await db.transaction().execute(async (trx) => {
        await note(trx, p.id, `${executor.label} took it; waiting for its progress`);
        if (executor.remote) await enqueue(trx, { kind: 'plan.watch', planId: p.id, payload: { revision }, dueAt: new Date(clock.now().getTime() + callbackWaitMs) });
      });
      return { done: true };
    }
    if (r.outcome === 'unknown') {
      // A timeout is not a failure: the executor may have started. A report, the watch or an admin settles it.
      await db.transaction().execute(async (trx) => {
        const locked = await repo.lockById(trx, p.id);
        if (locked?.status !== 'applying') return;
        await move(trx, p.id, 'dispatch_unknown', `no answer from ${executor.label} (${r.error}); its report settles it, or an admin retries the delivery or marks it failed`);
        await enqueue(trx, { kind: 'plan.watch', planId: p.id, payload: { revision }, dueAt: new Date(clock.now().getTime() + callbackWaitMs) });
      });
      return { done: true };
    }
    const next = r.outcome === 'refused' ? { giveUp: `the executor refused it: ${r.error}` } : afterFailedAttempt(retry, job, new Date(p.updated_at), r.error, clock.now());
    if ('giveUp' in next) {
      await db.transaction().execute((trx) => reportIn(trx, p.id, 'failed', next.giveUp, next.giveUp));
      return { done: true };
    }
    await repo.log(db, p.id, clock.now(), null, next.note);
    return { done: false, retryInMs: next.wait, error: r.error };
  }

  /** A plan handed to the executor that has not been heard of since: it needs attention. */
  async function watchJob(job: OutboxJob): Promise<JobResult> {
    return db.transaction().execute(async (trx): Promise<JobResult> => {
      const p = await repo.lockById(trx, job.planId!);
      if (!p || p.revision !== Number(job.payload.revision) || (p.status !== 'applying' && p.status !== 'dispatch_unknown')) return { done: true };
      // Progress came in meanwhile: watch again from the last word.
      const quietSince = await repo.lastLogAt(trx, p.id);
      const due = (quietSince?.getTime() ?? 0) + callbackWaitMs;
      if (p.status === 'applying' && due > clock.now().getTime()) return { done: false, retryInMs: due - clock.now().getTime(), error: 'watching' };
      await move(trx, p.id, 'needs_attention', `no progress from ${executor.label} within ${Math.round(callbackWaitMs / 1000)} s: check it, then retry the delivery or mark the plan failed`);
      return { done: true };
    });
  }

  /** An executor's progress: `applying` lines, then `applied` (the inventory follows) or `failed`. */
  async function reportIn(trx: Db, id: string, status: 'applying' | 'applied' | 'failed', message: string, error: string | null = null): Promise<boolean> {
    const p = await repo.lockById(trx, id);
    if (!p || !IN_FLIGHT.has(p.status)) return false;
    if (status === 'applying') {
      // Word from an executor thought lost: it is applying after all.
      if (p.status !== 'applying') await move(trx, id, 'applying', message);
      else await note(trx, id, message);
      return true;
    }
    if (status === 'failed') {
      await move(trx, id, 'failed', `failed: ${message}`, { error: error ?? message, finished: true });
      await explain(trx, p, [{ kind: 'outcome', outcome: 'failed', title: `Applying failed: ${message}`.slice(0, 300), body: error ?? '' }]);
      return true;
    }
    const content = await current(trx, p);
    await applyToInventory(trx, content.actions);
    await move(trx, id, 'applied', message, { appliedAt: clock.now(), finished: true });
    await explain(trx, p, [{ kind: 'outcome', outcome: 'succeeded', title: `Applied: ${p.summary}`.slice(0, 300), subjects: subjectsOf(content.actions) }]);
    return true;
  }

  /** What the applied actions change in the inventory, as the agents' next report would say it. */
  async function applyToInventory(trx: Db, actions: readonly PlanAction[]): Promise<void> {
    const guestActions = actions.filter((a) => a.type !== 'scale');
    const made = await fleet.updateGuests(trx, guestActions.map((a) => a.guestId), (g) => {
      for (const a of guestActions) if (a.guestId === g.id) applyAction(g, a);
    });
    await changes.insertMany(trx, clock.now(), made);
  }

  async function adminAct(by: Principal, raw: PlanAdminInput, meta: RequestMeta, act: 'override' | 'apply-now' | 'retry-delivery' | 'mark-failed'): Promise<PlanRow> {
    const input = PlanAdminInputSchema.parse(raw);
    const actor = actorOf(by);
    return db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, input.id);
      if (!p) throw new AppError('NOT_FOUND', { message: `no plan ${input.id}` });
      if (input.revision !== p.revision) throw new AppError('STALE_REVISION', { message: `revision ${p.revision} has replaced revision ${input.revision}; review it first` });
      if (act === 'override') {
        const content = await current(trx, p);
        const failed = content.policyChecks.filter((c) => c.result === 'failed' && c.blocking);
        if (p.status !== 'proposed') throw new AppError('CONFLICT', { message: `the plan is ${p.status}; only a proposed plan's checks can be overridden` });
        if (!failed.length) throw new AppError('CONFLICT', { message: 'no blocking policy check failed: there is nothing to override' });
        await repo.setOverride(trx, p.id, { by: actor, at: clock.now().toISOString(), reason: input.reason });
        await note(trx, p.id, `${actor} overrode the failed blocking check${failed.length === 1 ? '' : 's'} ${failed.map((c) => c.policy).join(', ')}: ${input.reason}`);
        await audit.record(trx, { actor, action: 'plan.override-policy', subject: `plan/${p.id}`, sourceIp: meta.ip, after: { revision: p.revision, policies: failed.map((c) => c.policy) }, details: { reason: input.reason } });
      } else if (act === 'retry-delivery' || act === 'mark-failed') {
        if (p.status !== 'dispatch_unknown' && p.status !== 'needs_attention') throw new AppError('CONFLICT', { message: `the plan is ${p.status}; only a plan whose delivery is unknown or that needs attention can be retried or marked failed` });
        if (act === 'retry-delivery') {
          await move(trx, p.id, 'applying', `${actor} retries the delivery to ${executor.label} (the same Idempotency-Key, so a copy that arrived is dropped): ${input.reason}`);
          await enqueue(trx, { kind: 'plan.dispatch', planId: p.id, payload: { revision: p.revision, since: clock.now().toISOString() }, dueAt: clock.now() });
        } else {
          const error = `marked failed by ${actor}: ${input.reason}`;
          await move(trx, p.id, 'failed', error, { error, finished: true });
          await explain(trx, p, [{ kind: 'outcome', outcome: 'failed', title: `Marked failed by ${actor}`.slice(0, 300), body: input.reason }], actor);
        }
        await audit.record(trx, { actor, action: `plan.${act}`, subject: `plan/${p.id}`, sourceIp: meta.ip, before: { status: p.status }, after: { status: act === 'retry-delivery' ? 'applying' : 'failed' }, details: { revision: p.revision, reason: input.reason } });
      } else {
        if (p.status !== 'approved') throw new AppError('CONFLICT', { message: `the plan is ${p.status}; only an approved plan waiting for its window can be applied now` });
        if (!(await expeditePlanJob(trx, 'plan.apply', p.id, p.revision, clock.now()))) throw new AppError('CONFLICT', { message: 'the plan is already being applied' });
        await note(trx, p.id, `${actor} applies it now, outside the maintenance windows: ${input.reason}`);
        await audit.record(trx, { actor, action: 'plan.apply-now', subject: `plan/${p.id}`, sourceIp: meta.ip, after: { revision: p.revision }, details: { reason: input.reason } });
      }
      return row(p.id, trx);
    });
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

  const views = planViews({ db, clock, fleet, inventoryView, blockers, current });

  return {
    ...views,
    submit,
    decide,
    applyJob,
    dispatchJob,
    watchJob,
    report: (id: string, status: 'applying' | 'applied' | 'failed', message: string, error: string | null = null) => db.transaction().execute((trx) => reportIn(trx, id, status, message, error)),
    reportIn,
    exists: async (id: string) => (await repo.findById(db, id)) !== undefined,
    overridePolicy: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'override'),
    applyNow: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'apply-now'),
    retryDelivery: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'retry-delivery'),
    markFailed: (by: Principal, raw: PlanAdminInput, meta: RequestMeta) => adminAct(by, raw, meta, 'mark-failed'),

    /** A plan past its expiry that nobody decided: expired (its own outbox job, due at expiry). */
    async expireJob(job: OutboxJob): Promise<JobResult> {
      await db.transaction().execute(async (trx) => {
        const p = await repo.lockById(trx, job.planId!);
        if (!p || p.status !== 'proposed' || new Date(p.expires_at).getTime() > clock.now().getTime()) return;
        await repo.discardApprovals(trx, p.id, clock.now(), 'expired');
        await move(trx, p.id, 'expired', `expired at ${iso(p.expires_at)} without a decision`, { finished: true });
        await explain(trx, p, [{ kind: 'outcome', outcome: 'failed', title: 'Not applied: the plan expired without a decision' }]);
      });
      return { done: true };
    },

    /** A change proposed by hand (a guest page's "migrate …", "resize …"), simulated from the metrics now. */
    async propose(by: Principal, raw: ProposeInput, meta: RequestMeta): Promise<PlanSubmitResult> {
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
    },

    proposeComputed,

    async list(raw: PlanListInput): Promise<PlanRow[]> {
      const { limit, ...f } = PlanListInputSchema.parse(raw);
      const rows = await repo.list(db, f, limit);
      const counts = await repo.countLive(db, rows.map((r) => r.id));
      return rows.map((r) => toRow(r, counts.get(r.id) ?? 0));
    },

    /** The migrations of plans waiting for a decision or to be applied (the architecture's ghost edges), newest plans first. */
    async pendingMigrations(): Promise<{ id: string; summary: string; status: PlanStatus; migrations: Extract<PlanAction, { type: 'migrate' }>[] }[]> {
      const rows = (await Promise.all((['proposed', 'approved'] as const).map((status) => repo.list(db, { status }, 100)))).flat();
      return Promise.all(rows.map(async (r) => {
        const rev = await repo.findRevision(db, r.id, r.revision);
        return { id: r.id, summary: r.summary, status: r.status as PlanStatus, migrations: (rev?.content.actions ?? []).filter((a): a is Extract<PlanAction, { type: 'migrate' }> => a.type === 'migrate') };
      }));
    },

    async summary(): Promise<PlanSummary> {
      const c = await repo.countByStatus(db);
      return { pending: c.get('proposed') ?? 0, approved: c.get('approved') ?? 0, applying: c.get('applying') ?? 0 };
    },

    settings: () => repo.findSettings(db),
    async updateSettings(by: Principal, raw: PlanSettings, meta: RequestMeta): Promise<PlanSettings> {
      const next = PlanSettingsSchema.parse(raw);
      const problems = windowProblems(next.windows);
      if (problems.length) refuse(problems.map((p) => ({ path: p.split(':')[0]!, message: p.slice(p.indexOf(':') + 2) })));
      await db.transaction().execute(async (trx) => {
        const before = await repo.findSettings(trx);
        await repo.saveSettings(trx, next, actorOf(by), clock.now());
        // A stricter rule reaches every plan not yet applied; an approved plan short of it goes back to review.
        const short = next.approvalsNeeded > before.approvalsNeeded ? await repo.raiseApprovalsNeeded(trx, next.approvalsNeeded, clock.now()) : [];
        for (const p of short) await move(trx, p.id, 'proposed', `${actorOf(by)} raised the approvals needed to ${next.approvalsNeeded}; ${p.approvals} given, so it waits for more before it is applied`, { scheduledFor: null });
        await audit.record(trx, { actor: actorOf(by), action: 'settings.plans', subject: 'settings/plans', sourceIp: meta.ip, before, after: next, details: short.length ? { backToReview: short.map((p) => `plan/${p.id}`) } : null });
      });
      return next;
    },
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
export type { Plan };
