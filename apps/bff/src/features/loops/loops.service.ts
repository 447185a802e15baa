import {
  englishText,
  type Loop,
  LoopControlInputSchema,
  type LoopEventsBody,
  type LoopRun,
  LoopRunNowInputSchema,
  type LoopRunStatus,
  type LoopsSummary,
  msg,
  phaseText,
  problem,
  verbatim,
} from '@ralf/shared';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock, Executor } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { DEFAULT_RETRY, deliver, type RetryPolicy } from '../../lib/delivery';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { Profile } from '../../profile';
import type { AuditLog } from '../audit/audit.service';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { changeLog as changes } from '../../lib/change-log';
import { applyLoopEvent } from './loop-events';
import { health, loopPeriod, nextRun, triggerText } from './loop-schedule';
import { loopsRepository as repo, type RunRow } from './loops.repository';

const RUNS_SHOWN = 30;
const SYSTEM = 'system:ralf-ui';

const toRun = (r: RunRow): LoopRun => ({
  id: r.id,
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
  status: r.status as LoopRunStatus,
  phase: r.phase,
  failedPhase: r.failed_phase,
  startedWhilePaused: r.started_while_paused,
  trigger: r.trigger,
});

/**
 * The profile's loops with what their runs say (issue 8): last run, the phase running now, the
 * next run from the triggers, overdue and missed; run now, pause and resume, audited.
 */
export function createLoopsService({
  db,
  audit,
  clock,
  profile,
  executor,
  retry = DEFAULT_RETRY,
}: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  profile: Profile;
  executor: Executor;
  retry?: RetryPolicy;
}) {
  const def = (id: string) => {
    const l = profile.loops.find((x) => x.id === id);
    if (!l) throw new AppError('NOT_FOUND', { msg: msg('loop.unknown', { id, profile: profile.path }) });
    return l;
  };

  async function runsOf(loopId: string): Promise<RunRow[]> {
    return repo.listRuns(db, loopId, RUNS_SHOWN);
  }

  async function list(): Promise<Loop[]> {
    const now = clock.now();
    const states = new Map((await repo.listStates(db)).map((s) => [s.loop_id, s]));
    return Promise.all(
      profile.loops.map(async (l) => {
        const runs = await runsOf(l.id);
        const st = states.get(l.id);
        const paused = st?.paused ? { by: st.by_actor, at: iso(st.at), reason: st.reason } : null;
        const last = runs[0] ?? null;
        const period = loopPeriod(l, now);
        const h = health(last ? new Date(last.started_at) : null, period, Boolean(paused), now);
        const next = paused ? null : nextRun(l, last ? new Date(last.started_at) : null, now);
        return {
          ...l,
          triggerText: l.triggers.map((t, i) => triggerText(t, now, i === 0)),
          periodSeconds: period,
          paused,
          lastRun: runs.find((r) => r.status !== 'running') ? toRun(runs.find((r) => r.status !== 'running')!) : null,
          current: last?.status === 'running' ? toRun(last) : null,
          nextRunAt: next ? next.toISOString() : null,
          health: h.health,
          healthReason: h.reason,
          runs: runs.map(toRun),
        };
      }),
    );
  }

  async function control(by: Principal, raw: unknown, meta: RequestMeta, paused: boolean) {
    const input = LoopControlInputSchema.parse(raw);
    def(input.id);
    await db.transaction().execute(async (trx) => {
      const before = await repo.findState(trx, input.id, true);
      if (Boolean(before?.paused) === paused)
        throw new AppError('CONFLICT', { msg: msg(paused ? 'loop.alreadyPaused' : 'loop.alreadyRunning', input) });
      await repo.saveState(trx, { loopId: input.id, paused, reason: input.reason, by: actorOf(by), at: clock.now() });
      await audit.record(trx, {
        actor: actorOf(by),
        action: paused ? 'loop.pause' : 'loop.resume',
        subject: `loop/${input.id}`,
        sourceIp: meta.ip,
        before: { paused: Boolean(before?.paused) },
        after: { paused },
        details: { reason: input.reason },
      });
      await changes.insertMany(trx, clock.now(), [
        { topic: 'loops', kind: paused ? 'loop.paused' : 'loop.resumed', subject: input.id },
      ]);
    });
    return (await list()).find((l) => l.id === input.id)!;
  }

  /** Starts a run through the executor (as a durable outbox job), as the loop's trigger would. */
  async function start(trx: Db, loopId: string, trigger: string): Promise<string> {
    const runId = `${loopId}:${randomUUID().slice(0, 12)}`;
    await enqueue(trx, {
      kind: 'loop.run',
      payload: { loopId, runId, trigger, since: clock.now().toISOString() },
      dueAt: clock.now(),
    });
    return runId;
  }

  /** Runs as agents report them; a run started while its loop was paused is flagged. */
  async function events(
    actor: string,
    events: LoopEventsBody['events'],
    meta: RequestMeta | null,
  ): Promise<{ applied: number }> {
    const unknown = events.findIndex((e) => !profile.loops.some((l) => l.id === e.loopId));
    if (unknown >= 0)
      throw AppError.invalid('the events were refused', [
        problem(`events.${unknown}.loopId`, verbatim(`no loop ${events[unknown]!.loopId} in the profile`)),
      ]);
    return db.transaction().execute(async (trx) => {
      let applied = 0;
      for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) applied += await applyLoopEvent(trx, e);
      if (applied) {
        await audit.record(trx, {
          actor,
          action: 'loops.ingest',
          subject: `loop/${events[0]!.loopId}`,
          sourceIp: meta?.ip ?? null,
          details: { events: applied },
        });
        await changes.insertMany(
          trx,
          clock.now(),
          [...new Set(events.map((e) => e.loopId))].map((id) => ({
            topic: 'loops' as const,
            kind: 'loop.run',
            subject: id,
          })),
        );
      }
      return { applied };
    });
  }

  return {
    list,
    async summary(): Promise<LoopsSummary> {
      const loops = await list();
      const n = (h: string) => loops.filter((l) => l.health === h).length;
      return {
        total: loops.length,
        ok: n('ok'),
        never: n('never'),
        overdue: n('overdue'),
        missed: n('missed'),
        paused: n('paused'),
        running: loops.filter((l) => l.current).length,
      };
    },
    pause: (by: Principal, raw: unknown, meta: RequestMeta) => control(by, raw, meta, true),
    resume: (by: Principal, raw: unknown, meta: RequestMeta) => control(by, raw, meta, false),

    async runNow(by: Principal, raw: unknown, meta: RequestMeta): Promise<{ runId: string }> {
      const { id } = LoopRunNowInputSchema.parse(raw);
      def(id);
      return db.transaction().execute(async (trx) => {
        const st = await repo.findState(trx, id);
        if (st?.paused) throw new AppError('CONFLICT', { msg: msg('loop.pausedResume', { id }) });
        const runId = await start(trx, id, `run now by ${actorOf(by)}`);
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'loop.run-now',
          subject: `loop/${id}`,
          sourceIp: meta.ip,
          after: { runId },
        });
        return { runId };
      });
    },

    /** What an agent asks before it starts a run: is the loop paused, and why. */
    async state(loopId: string) {
      def(loopId);
      const st = await repo.findState(db, loopId);
      return {
        loopId,
        paused: Boolean(st?.paused),
        reason: st?.paused ? st.reason : null,
        since: st?.paused ? iso(st.at) : null,
      };
    },

    events,

    /** The outbox job behind "run now" and the schedule: hands the run to the executor. */
    async runJob(job: OutboxJob): Promise<JobResult> {
      const { loopId, runId, trigger } = job.payload as { loopId: string; runId: string; trigger: string };
      const l = def(loopId);
      const failedRun = (error: string) => ({
        id: `${runId}:not-started`.slice(0, 128),
        loopId,
        runId,
        type: 'finished' as const,
        status: 'failed' as const,
        at: clock.now().toISOString(),
        phase: `not started: ${error}`.slice(0, 200),
        trigger,
      });
      return deliver(
        job,
        {
          remote: executor.remote,
          policy: retry,
          since: typeof job.payload.since === 'string' ? new Date(job.payload.since) : clock.now(),
          now: () => clock.now(),
        },
        {
          recordAttempt: async () => {},
          send: () =>
            executor.runLoop({
              loopId,
              runId,
              runtime: l.runtime,
              template: l.template,
              phases: l.phases.map((p) => phaseText(p, 'de')),
              trigger,
              idempotencyKey: runId,
            }),
          accepted: async () => {},
          // Its runs report through ingest: a run that did start reports itself.
          unknown: async () => {},
          // A run the executor would not start shows as a failed run, with why, instead of vanishing.
          failed: async (error) => void (await events(SYSTEM, [failedRun(englishText(error))], null)),
          retrying: async () => {},
        },
      );
    },
    start: (loopId: string, trigger: string) => db.transaction().execute((trx) => start(trx, loopId, trigger)),
    lastStarts: () => repo.lastStarts(db),
  };
}

export type LoopsService = ReturnType<typeof createLoopsService>;
