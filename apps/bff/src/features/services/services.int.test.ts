import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { englishText, ServiceDetailSchema, ServiceRowSchema } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs, FROZEN } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';

describe.each(DB_KINDS)("services' HTTP checks on %s with the demo lab", (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  let now = FROZEN.getTime();
  let answer = 200;
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(answer).end('postgres exporter'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t = await buildTestApp(kind, { HTTP_CHECK_INTERVAL: '30s' }, { clock: { now: () => new Date(now) } });
    viewer = await callerAs(t, 'viewer');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    await t.db.db
      .updateTable('ralf.service')
      .set({ http_check_url: url })
      .where('id', '=', 'service/postgresql')
      .execute();
  });
  afterAll(async () => {
    await t?.stop();
    server?.close();
  });
  const row = async (id: string) => {
    const rows = await viewer.services.list();
    for (const r of rows) expect(ServiceRowSchema.strict().parse(r)).toEqual(r);
    return rows.find((r) => r.id === id)!;
  };
  const pgBox = async () => (await viewer.architecture.status()).nodes.PG!;

  it('lists every service with its guest; one without a URL is "none", one not checked yet "unknown"', async () => {
    const rows = await viewer.services.list();
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.find((r) => r.id === 'service/jellyfin')).toMatchObject({
      guestName: 'jellyfin',
      state: 'none',
      latest: null,
    });
    expect(await row('service/postgresql')).toMatchObject({ state: 'unknown', uptime24h: null });
  });

  it('checks a service once per interval; one going down turns its row and its architecture box red, saying why', async () => {
    expect(await t.services.services.checkDue()).toBe(1);
    expect(await row('service/postgresql')).toMatchObject({
      state: 'up',
      uptime24h: 1,
      latest: { ok: true, status: 200 },
    });
    expect((await pgBox()).sources.find((s) => s.kind === 'service')).toMatchObject({
      state: 'healthy',
      href: '/services/service/postgresql',
    });
    // Not due again before most of an interval has passed.
    answer = 503;
    expect(await t.services.services.checkDue()).toBe(0);
    now += 30_000;
    const seqBefore = (
      await t.db.db
        .selectFrom('ralf.change')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    expect(await t.services.services.checkDue()).toBe(1);
    const down = await row('service/postgresql');
    expect(down).toMatchObject({ state: 'down', uptime24h: 0.5, latest: { ok: false, status: 503 } });
    const box = await pgBox();
    expect(box.state).toBe('down');
    expect(englishText(box.sources.find((s) => s.kind === 'service')!.reason)).toMatch(
      /^PostgreSQL: its HTTP check failed at .+: it answered HTTP 503$/,
    );
    // Its guest stopped as well: the box names the cause (the stopped guest), not the failing check.
    await t.db.db
      .transaction()
      .execute((trx) => t.services.fleet.updateGuests(trx, ['lxc/101'], (g) => void (g.status = 'stopped')));
    t.services.fleet.invalidate();
    expect(englishText((await pgBox()).sources.find((s) => s.kind === 'service')!.reason)).toBe(
      'PostgreSQL: postgresql (lxc/101) is stopped',
    );
    await t.db.db
      .transaction()
      .execute((trx) => t.services.fleet.updateGuests(trx, ['lxc/101'], (g) => void (g.status = 'running')));
    t.services.fleet.invalidate();
    // The flip was announced, so open pages refetch at once.
    const changes = await t.db.db
      .selectFrom('ralf.change')
      .select(['topic', 'subject'])
      .where('seq', '>', seqBefore ?? 0)
      .execute();
    expect(changes).toContainEqual({ topic: 'services', subject: 'service/postgresql' });
  });

  it("answers a service's page: its checks newest first, uptime over a day and a week; an unknown id is NOT_FOUND", async () => {
    const d = await viewer.services.get({ id: 'service/postgresql' });
    expect(ServiceDetailSchema.parse(d)).toEqual(d);
    expect(d.checks.map((c) => c.status)).toEqual([503, 200]);
    expect([d.service.uptime24h, d.uptime7d, d.intervalSeconds]).toEqual([0.5, 0.5, 30]);
    await expect(viewer.services.get({ id: 'service/nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe("the embedded default's services", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp('pglite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.firstLabReading;
  });
  afterAll(async () => t?.stop());

  it("answer HTTP checks at the demo lab's own health endpoints: every service of a running guest is up", async () => {
    const checked = await t.services.services.checkDue();
    expect(checked).toBeGreaterThan(20);
    const rows = await (await callerAs(t, 'viewer')).services.list();
    const withGuest = rows.filter((r) => r.guestId);
    expect(withGuest.every((r) => r.httpCheckUrl?.includes('/demo-lab/http/'))).toBe(true);
    expect(withGuest.filter((r) => r.state !== 'up').map((r) => r.name)).toEqual([]);
  });
});
