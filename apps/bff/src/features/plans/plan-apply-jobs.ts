import { englishText, isGuestAction, msg, type PlanAction, verbatim } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import { changeLog as changes } from '../../lib/change-log';
import { DEFAULT_RETRY, deliver, deliveryNote } from '../../lib/delivery';
import type { LogText } from '../../lib/log-line';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import { allowedAt, nextAllowed } from './apply-windows';
import { drift, fingerprint } from './plan-fingerprint';
import { applyAction, planProblems } from './plan-rules';
import type { PlansDeps, PlanSteps } from './plan-steps';
import { SYSTEM, subjectsOf } from './plan-trail';
import { plansRepository as repo } from './plans.repository';

/** A plan handed to the executor, whose report may still come. */
const IN_FLIGHT = new Set(['applying', 'dispatch_unknown', 'needs_attention']);

/**
 * Carrying out approved plans (issue 6) as outbox jobs: wait for a maintenance window, refuse on
 * inventory drift, hand the plan to the executor (the apply job is unique per revision, so a plan
 * is dispatched once), watch for its silence, take in its reports, and expire what nobody decided.
 */
export function planApplying(deps: PlansDeps, { inventoryView, move, note, current, explain }: PlanSteps) {
  const { db, audit, clock, fleet, executor, retry = DEFAULT_RETRY, callbackWaitMs = 10 * 60_000 } = deps;
  /** The outbox job that starts an approved plan: windows, then drift, then the executor. */
  async function applyJob(job: OutboxJob): Promise<JobResult> {
    const revision = Number(job.payload.revision);
    const force = job.payload.force === true;
    const now = clock.now();
    const inv = await inventoryView();
    // Whether Proxmox carries it out is asked before the transaction: it reads the inventory, and
    // the embedded database has one connection, which the transaction holds.
    const before = await repo.findById(db, job.planId!);
    const viaProxmox =
      before?.status === 'approved' && before.revision === revision
        ? ((await deps.proxmox?.covers((await current(db, before)).actions)) ?? false)
        : false;
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
      const problems = planProblems(
        { ...content, expiresAt: new Date(now.getTime() + 60_000).toISOString() },
        inv,
        now,
      );
      if (changed.length || problems.length) {
        const what = {
          before: last?.inventory_version ?? '?',
          now: fp.version,
          changes: [...changed.map(verbatim), ...problems].slice(0, 5),
        };
        const reason = msg('planlog.drift', what);
        await repo.discardApprovals(trx, p.id, now, 'inventory drift');
        await move(trx, p.id, 'proposed', reason, { staleReason: reason, scheduledFor: null });
        await explain(trx, p, [
          {
            kind: 'observation',
            title: msg('ptrail.drift'),
            body: reason,
          },
        ]);
        await audit.record(trx, {
          actor: SYSTEM,
          action: 'plan.drift',
          subject: `plan/${p.id}`,
          before: { status: 'approved', inventoryVersion: last?.inventory_version ?? null },
          after: { status: 'proposed', inventoryVersion: fp.version },
          details: { changed: changed.slice(0, 20) },
        });
        return null;
      }
      // Through Proxmox when it can carry out every action (issue 20), else the executor.
      const through = viaProxmox ? 'Proxmox' : executor.label;
      await move(
        trx,
        p.id,
        'applying',
        msg('planlog.applyingRevision', { revision: p.revision, through, now: force ? 'yes' : 'no' }),
        { scheduledFor: null },
      );
      await explain(trx, p, [
        {
          kind: 'action',
          title: msg('ptrail.applying', { revision: p.revision, through }),
          subjects: subjectsOf(content.actions),
        },
      ]);
      await audit.record(trx, {
        actor: SYSTEM,
        action: 'plan.apply',
        subject: `plan/${p.id}`,
        after: { revision: p.revision, inventoryVersion: fp.version },
        details: force ? { force: true } : null,
      });
      // One job per revision, written with the move: a plan is handed over once.
      await enqueue(
        trx,
        viaProxmox
          ? {
              kind: 'proxmox.plan-step',
              planId: p.id,
              payload: { revision: p.revision, actions: content.actions },
              dueAt: now,
            }
          : {
              kind: 'plan.dispatch',
              planId: p.id,
              payload: { revision: p.revision, since: now.toISOString() },
              dueAt: now,
            },
      );
      return null;
    });
    if (wait)
      return {
        done: false,
        retryInMs: Math.max(1000, wait.getTime() - now.getTime()),
        error: `waiting for the maintenance window (${wait.toISOString()})`,
      };
    return { done: true };
  }

  async function dispatchJob(job: OutboxJob): Promise<JobResult> {
    const p = await repo.findById(db, job.planId!);
    const revision = Number(job.payload.revision);
    if (!p || p.status !== 'applying' || p.revision !== revision) return { done: true };
    const content = await current(db, p);
    const idempotencyKey = `plan:${p.id}:${revision}`;
    const watch = (trx: Db) =>
      enqueue(trx, {
        kind: 'plan.watch',
        planId: p.id,
        payload: { revision },
        dueAt: new Date(clock.now().getTime() + callbackWaitMs),
      });
    return deliver(
      job,
      { remote: executor.remote, policy: retry, since: new Date(p.updated_at), now: () => clock.now() },
      {
        recordAttempt: () =>
          db
            .transaction()
            .execute(async (trx) =>
              note(trx, p.id, deliveryNote(executor.label, await repo.countDelivery(trx, p.id), idempotencyKey)),
            ),
        send: () => executor.applyPlan({ planId: p.id, revision, idempotencyKey, actions: content.actions }),
        accepted: () =>
          db.transaction().execute(async (trx) => {
            await note(trx, p.id, msg('planlog.took', { executor: executor.label }));
            if (executor.remote) await watch(trx);
          }),
        unknown: (error) =>
          db.transaction().execute(async (trx) => {
            const locked = await repo.lockById(trx, p.id);
            if (locked?.status !== 'applying') return;
            await move(trx, p.id, 'dispatch_unknown', msg('planlog.noAnswer', { executor: executor.label, error }));
            await watch(trx);
          }),
        failed: (error) =>
          db
            .transaction()
            .execute(async (trx) => void (await reportIn(trx, p.id, 'failed', error, englishText(error)))),
        retrying: (line) => repo.log(db, p.id, clock.now(), null, line),
      },
    );
  }

  /** A plan handed to the executor that has not been heard of since: it needs attention. */
  async function watchJob(job: OutboxJob): Promise<JobResult> {
    return db.transaction().execute(async (trx): Promise<JobResult> => {
      const p = await repo.lockById(trx, job.planId!);
      if (
        !p ||
        p.revision !== Number(job.payload.revision) ||
        (p.status !== 'applying' && p.status !== 'dispatch_unknown')
      )
        return { done: true };
      // Progress came in meanwhile: watch again from the last word.
      const quietSince = await repo.lastLogAt(trx, p.id);
      const due = (quietSince?.getTime() ?? 0) + callbackWaitMs;
      if (p.status === 'applying' && due > clock.now().getTime())
        return { done: false, retryInMs: due - clock.now().getTime(), error: 'watching' };
      await move(
        trx,
        p.id,
        'needs_attention',
        msg('planlog.noProgress', { executor: executor.label, seconds: Math.round(callbackWaitMs / 1000) }),
      );
      return { done: true };
    });
  }

  /** An executor's progress: `applying` lines, then `applied` (the inventory follows) or `failed`. */
  async function reportIn(
    trx: Db,
    id: string,
    status: 'applying' | 'applied' | 'failed',
    message: LogText,
    error: string | null = null,
  ): Promise<boolean> {
    const said = typeof message === 'string' ? message : englishText(message);
    const p = await repo.lockById(trx, id);
    if (!p || !IN_FLIGHT.has(p.status)) return false;
    if (status === 'applying') {
      // Word from an executor thought lost: it is applying after all.
      if (p.status !== 'applying') await move(trx, id, 'applying', message);
      else await note(trx, id, message);
      return true;
    }
    if (status === 'failed') {
      await move(trx, id, 'failed', msg('planlog.failed', { error: message }), {
        error: error ?? said,
        finished: true,
      });
      await explain(trx, p, [
        { kind: 'outcome', outcome: 'failed', title: msg('ptrail.failed', { error: message }), body: error ?? '' },
      ]);
      return true;
    }
    const content = await current(trx, p);
    await applyToInventory(trx, content.actions);
    await move(trx, id, 'applied', message, { appliedAt: clock.now(), finished: true });
    await explain(trx, p, [
      {
        kind: 'outcome',
        outcome: 'succeeded',
        title: msg('ptrail.applied', { summary: p.summary }),
        subjects: subjectsOf(content.actions),
      },
    ]);
    return true;
  }

  /** What the applied actions change in the inventory, as the agents' next report would say it. */
  async function applyToInventory(trx: Db, actions: readonly PlanAction[]): Promise<void> {
    const guestActions = actions.filter(isGuestAction);
    const made = await fleet.updateGuests(
      trx,
      guestActions.map((a) => a.guestId),
      (g) => {
        for (const a of guestActions) if (a.guestId === g.id) applyAction(g, a);
      },
    );
    for (const a of actions) if (a.type === 'add-node') made.push(...(await fleet.joinDiscoveredHost(trx, a)));
    await changes.insertMany(trx, clock.now(), made);
  }

  /** A plan past its expiry that nobody decided: expired (its own outbox job, due at expiry). */
  async function expireJob(job: OutboxJob): Promise<JobResult> {
    await db.transaction().execute(async (trx) => {
      const p = await repo.lockById(trx, job.planId!);
      if (!p || p.status !== 'proposed' || new Date(p.expires_at).getTime() > clock.now().getTime()) return;
      await repo.discardApprovals(trx, p.id, clock.now(), 'expired');
      await move(trx, p.id, 'expired', msg('planlog.expired', { at: iso(p.expires_at) }), { finished: true });
      await explain(trx, p, [{ kind: 'outcome', outcome: 'failed', title: msg('ptrail.expired') }]);
    });
    return { done: true };
  }

  return {
    applyJob,
    dispatchJob,
    watchJob,
    expireJob,
    reportIn,
    report: (id: string, status: 'applying' | 'applied' | 'failed', message: LogText, error: string | null = null) =>
      db.transaction().execute((trx) => reportIn(trx, id, status, message, error)),
  };
}
