import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbClient } from './adapters/db/client';
import { systemClock } from './adapters/ports';
import { createAuditLog } from './features/audit/audit.service';
import { startN8nStub } from '../test/n8n-stub';
import { listeningAt, runMain, signInOver, stopChildren } from '../test/run-main';
import { startTcpProxy } from '../test/tcp-proxy';
import { createTestDb, type TestDb } from '../test/test-db';
import { until } from '../test/until';

/**
 * Issue 16: the real entry point against the machine's PostgreSQL (a database of its own per
 * test) and an n8n stub, under the faults an operator's lab sees. Each test counts what an
 * operator would: deliveries recorded against deliveries received, rows, and the audit chain.
 */
const SECRET = 'n8n-shared-secret-for-fault-tests';
const params = (name: string) => ({
  name,
  node: 'auto',
  kind: 'lxc',
  cores: 1,
  memoryMiB: 512,
  diskGiB: 4,
  vlan: null,
  settings: {},
});

describe('faults', () => {
  let n8n: Awaited<ReturnType<typeof startN8nStub>>;
  let db: TestDb;
  let client: DbClient | null = null;
  beforeAll(async () => {
    n8n = await startN8nStub();
  });
  afterAll(async () => n8n?.stop());
  afterEach(async () => {
    await stopChildren();
    await client?.close();
    client = null;
    await db?.drop();
    n8n.release();
    n8n.answer('ok');
    n8n.calls.splice(0);
  });

  const env = (url: string, over: Record<string, string> = {}) => ({
    DATABASE_URL: url,
    PORT: '0',
    RALF_DEMO_LAB: 'on',
    RALF_DEMO_ACCOUNTS: 'on',
    N8N_WEBHOOK_URL: n8n.url,
    N8N_WEBHOOK_SECRET: SECRET,
    RALF_PUBLIC_URL: 'http://ralf.test',
    ...over,
  });
  const start = async (e: Record<string, string>) => {
    const p = runMain(e, /listening on/);
    await p.ready;
    return p;
  };
  const deploy = async (base: string, name: string) => {
    const { cookie, csrf } = await signInOver(base, 'operator', 'demo-operator');
    const res = await fetch(`${base}/trpc/deployments.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
      body: JSON.stringify({ templateId: 'gitea', params: params(name), idempotencyKey: `fault-${name}` }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
  };
  const open = async () => (client ??= await openDatabase({ kind: 'postgres', url: db.url! }));
  const deliveries = async (id: string) =>
    Number(
      (
        await sql<{ n: number }>`select deliveries as n from ralf.deployment where id = ${id}`.execute(
          (await open()).db,
        )
      ).rows[0]?.n,
    );
  const received = (id: string) => n8n.calls.filter((c) => c.headers['idempotency-key'] === `deployment:${id}`);
  const chainVerifies = async () => (await createAuditLog({ clock: systemClock }).verify((await open()).db)).ok;

  it('SIGKILL during an in-flight webhook: delivered again with the same key, and both deliveries are on record', async () => {
    db = await createTestDb('postgres');
    const e = env(db.url!, { N8N_TIMEOUT: '3s', RALF_OUTBOX_LEASE: '5s' });
    const first = await start(e);
    n8n.answer('hold');
    const id = await deploy(listeningAt(first), 'gitea-killed');
    await until('the webhook in flight', async () => received(id).length === 1);
    first.child.kill('SIGKILL');
    await first.exited;
    n8n.answer('ok');
    const second = await start(e);
    await until('delivered again after the lease ran out', async () => received(id).length === 2, 30_000);
    await until('recorded as the second delivery', async () => (await deliveries(id)) === 2);
    expect(new Set(received(id).map((c) => c.headers['idempotency-key']))).toEqual(new Set([`deployment:${id}`]));
    const log = (
      await sql<{
        message: string;
      }>`select message from ralf.deployment_log where deployment_id = ${id} order by id`.execute((await open()).db)
    ).rows.map((r) => r.message);
    expect(log.filter((m) => m.startsWith('delivery '))).toEqual([
      `delivery 1 to n8n (Idempotency-Key deployment:${id})`,
      `delivery 2 to n8n (Idempotency-Key deployment:${id}): a repeat; if an earlier delivery arrived, n8n drops this one by its key`,
    ]);
    expect(
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from ralf.deployment where name = 'gitea-killed'`.execute(
            (await open()).db,
          )
        ).rows[0]!.n,
      ),
    ).toBe(1);
    expect(await chainVerifies()).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('PostgreSQL cut while a webhook is in flight: the repeat that follows is on record, nothing is half-written', async () => {
    db = await createTestDb('postgres');
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    try {
      const p = await start(
        env(db.url!.replace('127.0.0.1:5432', `127.0.0.1:${proxy.port}`), {
          N8N_TIMEOUT: '3s',
          RALF_OUTBOX_LEASE: '5s',
        }),
      );
      n8n.answer('hold');
      const id = await deploy(listeningAt(p), 'gitea-cut');
      await until('the webhook in flight', async () => received(id).length === 1);
      // The database goes away while n8n works; n8n then takes the call, but "done" cannot be written.
      await proxy.cut();
      n8n.answer('ok');
      n8n.release();
      await new Promise((r) => setTimeout(r, 1500));
      await proxy.restore();
      await until('delivered again once the database was back', async () => received(id).length === 2, 30_000);
      await until('every delivery recorded', async () => (await deliveries(id)) === received(id).length);
      // And no third: the second one was marked done.
      await new Promise((r) => setTimeout(r, 6000));
      expect(received(id)).toHaveLength(2);
      expect(await deliveries(id)).toBe(2);
      expect(await chainVerifies()).toBe(true);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      await proxy.restore();
    }
  });

  it('SIGTERM with a live stream open and a job due: the stream is told to reconnect, the due job waits for the next process, exit 0', async () => {
    db = await createTestDb('postgres');
    const e = env(db.url!, { RALF_DISPATCH_DELAY: '2s', N8N_TIMEOUT: '5s' });
    const first = await start(e);
    const base = listeningAt(first);
    const viewer = await signInOver(base, 'viewer', 'demo-viewer');
    const stream = await fetch(`${base}/trpc/live.onChange?input=${encodeURIComponent(JSON.stringify({}))}`, {
      headers: { cookie: viewer.cookie, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    let streamed = '';
    const ended = (async () => {
      const reader = stream.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        streamed += Buffer.from(value).toString();
      }
    })();
    n8n.answer('hold');
    const inFlight = await deploy(base, 'gitea-term-1');
    await until('the first webhook in flight', async () => received(inFlight).length === 1);
    const due = await deploy(base, 'gitea-term-2');
    first.child.kill('SIGTERM');
    // The call in flight finishes (n8n answers), the process exits cleanly, and never starts the due one.
    setTimeout(() => n8n.release(), 500);
    expect(await first.exited).toBe(0);
    await ended;
    expect(streamed).toContain('"type":"reconnect"');
    expect(received(inFlight)).toHaveLength(1);
    expect(received(due)).toHaveLength(0);
    n8n.answer('ok');
    const second = await start(e);
    await until('the due one delivered by the next process', async () => received(due).length === 1, 20_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect([received(inFlight).length, await deliveries(inFlight)]).toEqual([1, 1]);
    expect([received(due).length, await deliveries(due)]).toEqual([1, 1]);
    expect(await chainVerifies()).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('two replicas started at the same moment on a fresh database: both run, the catalog and the demo lab are there once', async () => {
    db = await createTestDb('postgres');
    const e = env(db.url!);
    const [a, b] = [runMain(e, /listening on/), runMain(e, /listening on/)];
    await Promise.all([a.ready, b.ready]);
    expect(a.output() + b.output()).not.toMatch(/duplicate key|failed to start/);
    const c = (await open()).db;
    const count = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(c)).rows[0]!.n);
    expect(await count(sql`select count(*) as n from ralf.guest`)).toBe(30);
    expect(await count(sql`select count(*) as n from ralf.template`)).toBeGreaterThan(5);
    expect(await count(sql`select count(*) as n from ralf.audit_event where action = 'inventory.replace'`)).toBe(1);
    expect(
      await count(
        sql`select count(*) as n from ralf.audit_event where action = 'trails.ingest' and actor = 'system:demo-lab'`,
      ),
    ).toBe(1);
    expect(
      await count(sql`select count(*) as n from ralf.outbox where kind = 'demo.adaptive' and done_at is null`),
    ).toBe(1);
    expect(await chainVerifies()).toBe(true);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect([await a.exited, await b.exited]).toEqual([0, 0]);
  });

  it('a slow executor (longer than the old 30 s lease) with two replicas: delivered once', async () => {
    db = await createTestDb('postgres');
    const e = env(db.url!, { N8N_TIMEOUT: '40s' });
    const [a, b] = [runMain(e, /listening on/), runMain(e, /listening on/)];
    await Promise.all([a.ready, b.ready]);
    n8n.slow(32_000);
    n8n.answer('slow');
    const id = await deploy(listeningAt(a), 'gitea-slow');
    await until(
      'the slow call answered and recorded',
      async () => {
        const log = await sql<{
          message: string;
        }>`select message from ralf.deployment_log where deployment_id = ${id}`.execute((await open()).db);
        return log.rows.some((r) => r.message.startsWith('handed to n8n'));
      },
      45_000,
      500,
    );
    expect(received(id)).toHaveLength(1);
    expect(await deliveries(id)).toBe(1);
    n8n.slow(150);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect([await a.exited, await b.exited]).toEqual([0, 0]);
  });
});
