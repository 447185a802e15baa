import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningAt, runMain, signInOver } from '../../../test/run-main';
import { followSse } from '../../../test/sse';
import { createTestDb, type TestDb } from '../../../test/test-db';

/** Two BFF processes on one PostgreSQL, behind no sticky sessions (issue 4, DESIGN.md §7). */
describe('two BFF replicas on one database', () => {
  let db: TestDb;
  let a: ReturnType<typeof runMain>;
  let b: ReturnType<typeof runMain>;
  let urlA: string;
  let urlB: string;
  const env = () => ({
    DATABASE_URL: db.url!,
    PORT: '0',
    RALF_DEMO_LAB: 'off',
    RALF_ADMIN_PASSWORD: 'replica admin pw',
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    db = await createTestDb('postgres');
    a = runMain(env(), /listening on/);
    await a.ready;
    b = runMain(env(), /listening on/);
    await b.ready;
    urlA = listeningAt(a);
    urlB = listeningAt(b);
  });
  afterAll(async () => {
    for (const p of [a, b]) {
      p?.child.kill('SIGTERM');
      await p?.exited;
    }
    await db?.drop();
  });

  it('streams an event ingested through A to a browser subscribed on B; a session made on A is good on B', async () => {
    const { cookie, csrf } = await signInOver(urlA, 'admin', 'replica admin pw');
    // The token is made on B and used on A.
    const created = await fetch(`${urlB}/trpc/tokens.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
      body: JSON.stringify({ name: 'foreman', scopes: ['ingest:inventory'], expiresInDays: null }),
    });
    expect(created.status).toBe(200);
    const secret = ((await created.json()) as { result: { data: { secret: string } } }).result.data.secret;

    const sse = followSse(`${urlB}/trpc/live.onChange`, { cookie });
    await sse.opened;
    const node = {
      id: 'node/pve9',
      name: 'pve9',
      cluster: 'lab',
      status: 'online',
      cpuCores: 16,
      memoryBytes: 68719476736,
      diskBytes: 0,
      tags: [],
    };
    const res = await fetch(`${urlA}/api/ingest/v1/inventory/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: 'replica-1', type: 'node.upsert', node }] }),
    });
    expect(res.status).toBe(200);
    const seq = ((await res.json()) as { results: { seq: number }[] }).results[0]!.seq;
    const msg = await sse.until(
      (d) => (d as { changes?: { subject: string }[] }).changes?.some((c) => c.subject === 'node/pve9') ?? false,
    );
    expect(msg.id).toBe(String(seq));
    await sse.stop();
    // B's pages read it at once (its inventory cache was told by the same notification).
    const onB = (await (await fetch(`${urlB}/trpc/fleet.summary`, { headers: { cookie } })).json()) as {
      result: { data: { nodes: { total: number } } };
    };
    expect(onB.result.data.nodes.total).toBe(1);
  });

  it('ends a session on B the moment it is signed out on A', async () => {
    const { cookie, csrf } = await signInOver(urlB, 'admin', 'replica admin pw');
    expect((await fetch(`${urlB}/trpc/fleet.summary`, { headers: { cookie } })).status).toBe(200); // B has it cached now
    const out = await fetch(`${urlA}/trpc/auth.signOut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
      body: '{}',
    });
    expect(out.status).toBe(200);
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await fetch(`${urlB}/trpc/fleet.summary`, { headers: { cookie } })).status;
    }
    expect(status).toBe(401);
  });
});
