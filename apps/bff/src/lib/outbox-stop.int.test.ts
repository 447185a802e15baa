import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/test-db';
import { enqueue, OutboxWorker, type OutboxJob } from './outbox';

describe.each(['pglite', 'postgres'] as const)('stopping the outbox in the middle of a chain, on %s', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());

  it('waits for the running step only, and releases the rest of the chain for the next start at once', async () => {
    const ran: number[] = [];
    let started!: () => void;
    const first = new Promise<void>((r) => (started = r));
    const worker = new OutboxWorker(
      t.client,
      { now: () => new Date() },
      {
        step: async (job: OutboxJob) => {
          ran.push(Number(job.payload.n));
          started();
          await new Promise((r) => setTimeout(r, 400));
          return { done: true };
        },
      },
      { pollMs: 100, leaseMs: 60_000, batch: 20 },
    );
    const due = new Date(Date.now() - 1000);
    await t.client.db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 4; n++) await enqueue(trx, { kind: 'step', payload: { chain: 'plan-x', n }, dueAt: due });
    });
    await worker.start();
    await first;
    const stopping = Date.now();
    await worker.stop();
    // Four steps of 400 ms each would hold the stop for 1.2 s more; only the running one is waited for.
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(ran).toEqual([1]);
    const rest = await t.client.db
      .selectFrom('ralf.outbox')
      .select(['payload', 'locked_until', 'done_at'])
      .where('kind', '=', 'step')
      .orderBy('id')
      .execute();
    expect(rest.map((r) => [(r.payload as { n: number }).n, r.done_at !== null, r.locked_until])).toEqual([
      [1, true, null],
      [2, false, null],
      [3, false, null],
      [4, false, null],
    ]);
  });
});
