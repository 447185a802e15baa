import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../app';
import { loadConfig } from '../../config';
import { systemClock } from '../ports';
import { createTestDb, type TestDb } from '../../../test/test-db';
import { startTcpProxy } from '../../../test/tcp-proxy';
import { until } from '../../../test/until';
import { signInHeaders } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';

describe('the database goes away while the BFF runs', () => {
  let db: TestDb;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let built: BuiltApp;
  let headers: Awaited<ReturnType<typeof signInHeaders>>;
  const get = (url: string) => built.app.inject({ url, headers });

  beforeAll(async () => {
    db = await createTestDb('postgres');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const url = db.url!.replace('127.0.0.1:5432', `127.0.0.1:${proxy.port}`);
    built = await buildApp(
      loadConfig({ DATABASE_URL: url, RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on', RALF_SERVE_WEB: 'false' }),
      { clock: systemClock, logger: false },
    );
    headers = await signInHeaders(built.app, 'viewer');
  });
  afterAll(async () => {
    await built?.app.close();
    await proxy?.restore().catch(() => {});
    await db?.drop();
  });

  it('answers 503 with DB_UNAVAILABLE when nothing is cached, and /readyz fails', async () => {
    await proxy.cut();
    const res = await get('/trpc/fleet.summary');
    expect(res.statusCode).toBe(503);
    expect(res.json().error.data.appError.code).toBe('DB_UNAVAILABLE');
    const ready = await built.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().database.ok).toBe(false);
    expect((await built.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('reconnects by itself when the database is back', async () => {
    await proxy.restore();
    await until('readyz back', async () => (await built.app.inject('/readyz')).statusCode === 200);
    await until('fleet.summary back', async () => (await get('/trpc/fleet.summary')).statusCode === 200);
    const s = (await get('/trpc/fleet.summary')).json().result.data;
    expect(s.guests.total).toBe(30);
  });

  it('keeps showing the last inventory, marked unavailable since the outage, once it has one', async () => {
    await proxy.cut();
    await until('inventory marked unavailable', async () => {
      const res = await get('/trpc/fleet.list');
      return res.statusCode === 200 && res.json().result.data.sources.inventory.state === 'unavailable';
    });
    const list = (await get('/trpc/fleet.list')).json().result.data;
    expect(list.rows).toHaveLength(30);
    expect(list.sources.inventory.since).not.toBeNull();
    await proxy.restore();
    await until(
      'inventory ok again',
      async () => (await get('/trpc/fleet.list')).json().result.data.sources.inventory.state === 'ok',
    );
  });

  it('answers every kind of request with 503 DB_UNAVAILABLE and Retry-After while it is away, never a bare 500', async () => {
    const agent = await createToken(built.app, {
      name: 'outage-agent',
      scopes: ['ingest:inventory', 'ingest:findings'],
    });
    const operator = await signInHeaders(built.app, 'operator');
    await proxy.cut();
    try {
      const answers = {
        ingest: await ingest(
          built.app,
          'findings',
          { findings: [{ policy: 'p', target: 'lxc/101', status: 'pass' }] },
          agent,
        ),
        query: await built.app.inject({ url: `/trpc/audit.list?input=${encodeURIComponent('{}')}`, headers }),
        mutation: await built.app.inject({
          method: 'POST',
          url: '/trpc/deployments.cancel',
          headers: { ...operator, 'content-type': 'application/json' },
          payload: { id: '00000000-0000-4000-8000-000000000000' },
        }),
        signIn: await built.app.inject({
          method: 'POST',
          url: '/trpc/auth.signIn',
          headers: { 'content-type': 'application/json' },
          payload: { username: 'viewer', password: 'demo-viewer' },
        }),
        export: await built.app.inject({ url: '/api/audit/export?format=csv', headers }),
      };
      for (const [what, res] of Object.entries(answers)) {
        expect(res.statusCode, `${what}: ${res.body}`).toBe(503);
        expect(Number(res.headers['retry-after']), what).toBeGreaterThan(0);
        const body = res.json();
        expect(body.appError?.code ?? body.error?.data?.appError?.code, what).toBe('DB_UNAVAILABLE');
      }
    } finally {
      await proxy.restore();
    }
  });
});
