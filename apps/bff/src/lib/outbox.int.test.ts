import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startN8nStub } from '../../test/n8n-stub';
import { listeningAt, runMain, signInOver } from '../../test/run-main';
import { createTestDb, type TestDb } from '../../test/test-db';

/** The outbox across a crash: the request is stored, the process dies before the dispatch. */
describe('a BFF killed between storing a deployment and dispatching it', () => {
  let db: TestDb;
  let n8n: Awaited<ReturnType<typeof startN8nStub>>;
  beforeAll(async () => {
    db = await createTestDb('postgres');
    n8n = await startN8nStub();
  });
  afterAll(async () => {
    await n8n?.stop();
    await db?.drop();
  });

  it('dispatches it exactly once after the restart', async () => {
    const env = {
      DATABASE_URL: db.url!,
      PORT: '0',
      RALF_DEMO_LAB: 'on',
      RALF_DEMO_ACCOUNTS: 'on',
      N8N_WEBHOOK_URL: n8n.url,
      N8N_WEBHOOK_SECRET: 'n8n-shared-secret-for-tests',
      RALF_PUBLIC_URL: 'http://ralf.test',
      RALF_DISPATCH_DELAY: '2s',
    };
    const first = runMain(env, /listening on/);
    await first.ready;
    const base = listeningAt(first);
    const { cookie, csrf } = await signInOver(base, 'operator', 'demo-operator');
    const created = await fetch(`${base}/trpc/deployments.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
      body: JSON.stringify({
        templateId: 'gitea',
        params: {
          name: 'gitea-crash',
          node: 'auto',
          kind: 'lxc',
          cores: 1,
          memoryMiB: 512,
          diskGiB: 4,
          vlan: null,
          settings: {},
        },
        idempotencyKey: 'crash-test-key-1',
      }),
    });
    expect(created.status).toBe(200);
    const { id } = ((await created.json()) as { result: { data: { id: string } } }).result.data;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(n8n.calls).toHaveLength(0);

    const second = runMain(env, /listening on/);
    try {
      await second.ready;
      const deadline = Date.now() + 15_000;
      while (n8n.calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2000)); // time for a second, wrong dispatch to show up
      expect(n8n.calls).toHaveLength(1);
      expect(n8n.calls[0]!.headers['idempotency-key']).toBe(`deployment:${id}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
