import { sql } from 'kysely';
import type { Db, DbClient } from '../adapters/db/client';
import type { Clock } from '../adapters/ports';

export const OUTBOX_CHANNEL = 'ralf_outbox';

export interface OutboxJob {
  id: number;
  kind: string;
  deploymentId: string | null;
  planId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** What a handler says: done, or try again after `retryInMs` (with the reason recorded). */
export type JobResult = { done: true } | { done: false; retryInMs: number; error: string };

/** Adds a job in the caller's transaction, so it exists exactly when the change that wants it commits. */
export async function enqueue(
  trx: Db,
  job: {
    kind: string;
    deploymentId?: string | null;
    planId?: string | null;
    payload: Record<string, unknown>;
    dueAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('ralf.outbox')
    .values({
      kind: job.kind,
      deployment_id: job.deploymentId ?? null,
      plan_id: job.planId ?? null,
      payload: JSON.stringify(job.payload),
      due_at: job.dueAt,
    })
    .execute();
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
}

/**
 * Arms a plan's one job of `kind` for a revision again, or adds it: a plan sent back to review and
 * approved again (issue 15) reuses its job, which a unique index keeps to one per revision. Call
 * it under the plan's lock.
 */
export async function rearmPlanJob(
  trx: Db,
  job: { kind: string; planId: string; revision: number; payload: Record<string, unknown>; dueAt: Date },
): Promise<void> {
  const rearmed = await trx
    .updateTable('ralf.outbox')
    .set({
      due_at: job.dueAt,
      done_at: null,
      attempts: 0,
      locked_until: null,
      last_error: null,
      payload: JSON.stringify(job.payload),
    })
    .where('kind', '=', job.kind)
    .where('plan_id', '=', job.planId)
    .where(sql`payload->>'revision'`, '=', String(job.revision))
    .returning('id')
    .executeTakeFirst();
  if (rearmed) await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
  else await enqueue(trx, { kind: job.kind, planId: job.planId, payload: job.payload, dueAt: job.dueAt });
}

/** Brings a plan's apply job for a revision forward, forced past its window (an admin's "apply now"). */
export async function expeditePlanJob(
  db: Db,
  kind: string,
  planId: string,
  revision: number,
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('ralf.outbox')
    .set({ due_at: at, payload: sql`payload || '{"force": true}'::jsonb` as never })
    .where('kind', '=', kind)
    .where('plan_id', '=', planId)
    .where(sql`payload->>'revision'`, '=', String(revision))
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Adds a job of `kind` unless one is waiting already (a recurring job armed once across restarts and replicas). */
export async function enqueueOnce(
  db: Db,
  job: { kind: string; payload: Record<string, unknown>; dueAt: Date },
): Promise<void> {
  const waiting = await db
    .selectFrom('ralf.outbox')
    .select('id')
    .where('kind', '=', job.kind)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  if (!waiting) await enqueue(db, job);
}

/**
 * The durable outbox (DESIGN.md §7, issue 5): jobs are rows written with the change that needs
 * them; every BFF process claims due ones with FOR UPDATE SKIP LOCKED and a lease, runs them,
 * and marks them done. A process that dies mid-job leaves a lease that runs out, and another
 * (or the same, restarted) runs the job again: at least once, which the handlers make harmless.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly client: DbClient,
    private readonly clock: Clock,
    private readonly handlers: Record<string, (job: OutboxJob) => Promise<JobResult>>,
    private readonly opts: { pollMs: number; leaseMs: number; batch: number },
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.client.listen(
      OUTBOX_CHANNEL,
      () => this.kick(),
      () => this.kick(),
    );
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs due jobs now (and again after, if more arrived meanwhile). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.runBatch()) === this.opts.batch);
        } while (this.again && !this.stopped);
      } catch {
        // The database is away; the next poll tries again.
      } finally {
        this.running = null;
      }
    })();
  }

  /** When the next job is due, so a scheduled step runs on time rather than at the next poll. */
  private async nextDue(): Promise<Date | null> {
    const r = await this.client.db
      .selectFrom('ralf.outbox')
      .select((eb) => eb.fn.min('due_at').as('due'))
      .where('done_at', 'is', null)
      .executeTakeFirst();
    return r?.due ? new Date(r.due) : null;
  }

  private async runBatch(): Promise<number> {
    const now = this.clock.now();
    const jobs = await this.client.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('ralf.outbox')
        .selectAll()
        .where('done_at', 'is', null)
        .where('due_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('due_at')
        .orderBy('id')
        .limit(this.opts.batch)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length) {
        await trx
          .updateTable('ralf.outbox')
          .set((eb) => ({
            locked_until: new Date(now.getTime() + this.opts.leaseMs),
            attempts: eb('attempts', '+', 1),
          }))
          .where(
            'id',
            'in',
            rows.map((r) => r.id as number),
          )
          .execute();
      }
      return rows;
    });
    // The lease is extended while the handlers run, so a slow executor's call never looks like a
    // dead process to another replica (which would send the job again, issue 16).
    const running = new Set(jobs.map((r) => Number(r.id)));
    const heartbeat = jobs.length
      ? setInterval(
          () => {
            if (!running.size) return;
            void this.client.db
              .updateTable('ralf.outbox')
              .set({ locked_until: new Date(this.clock.now().getTime() + this.opts.leaseMs) })
              .where('id', 'in', [...running])
              .where('done_at', 'is', null)
              .execute()
              .catch(() => {});
          },
          Math.max(250, this.opts.leaseMs / 3),
        )
      : null;
    // Jobs of one subject (a deployment, a plan, a `chain` in the payload such as a loop run) run
    // one after another in due order, so their steps arrive in order; the others at once.
    const chains = new Map<string, OutboxJob[]>();
    for (const r of jobs) {
      const job: OutboxJob = {
        id: Number(r.id),
        kind: r.kind,
        deploymentId: r.deployment_id,
        planId: r.plan_id ?? null,
        payload: r.payload as Record<string, unknown>,
        attempts: Number(r.attempts) + 1,
      };
      const key =
        job.deploymentId ?? job.planId ?? (typeof job.payload.chain === 'string' ? job.payload.chain : `job:${job.id}`);
      const chain = chains.get(key);
      if (chain) chain.push(job);
      else chains.set(key, [job]);
    }
    // Once stopping, a chain starts no further job: the rest is released for the next start (or
    // another replica) at once, so a SIGTERM waits for the running step only, not a whole chain.
    const unstarted: number[] = [];
    await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const job of chain) {
          if (this.stopped) unstarted.push(job.id);
          else await this.runJob(job, running);
        }
      }),
    ).finally(() => heartbeat && clearInterval(heartbeat));
    for (const id of unstarted) running.delete(id);
    if (unstarted.length)
      await this.client.db
        .updateTable('ralf.outbox')
        .set({ locked_until: null })
        .where('id', 'in', unstarted)
        .execute();
    if (jobs.length < this.opts.batch) this.schedule(await this.nextDue());
    return jobs.length;
  }

  private async runJob(job: OutboxJob, running: Set<number>): Promise<void> {
    const handler = this.handlers[job.kind];
    let result: JobResult;
    try {
      result = handler ? await handler(job) : { done: true };
    } catch (err) {
      result = { done: false, retryInMs: 5000, error: (err as Error).message };
    }
    running.delete(job.id);
    const at = this.clock.now();
    await this.client.db
      .updateTable('ralf.outbox')
      .set(
        result.done
          ? { done_at: at, locked_until: null }
          : {
              due_at: new Date(at.getTime() + result.retryInMs),
              locked_until: null,
              last_error: result.error.slice(0, 500),
            },
      )
      .where('id', '=', job.id)
      .execute();
  }

  private wake: NodeJS.Timeout | null = null;
  private schedule(due: Date | null): void {
    if (!due || this.stopped) return;
    const ms = due.getTime() - this.clock.now().getTime();
    if (ms > this.opts.pollMs) return; // the poll will see it
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => this.kick(), Math.max(0, ms));
    this.wake.unref();
  }

  /** Claims no new job, waits for the running ones to finish and stops listening; again is a no-op. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wake) clearTimeout(this.wake);
    await this.running;
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }
}
