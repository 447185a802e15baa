import { FleetListSchema, FleetSummarySchema, SeriesSchema, SparklinesSchema } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs, FROZEN, signInHeaders } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { RALF_VERSION } from '../../version';

describe.each(DB_KINDS)('fleet procedures on %s with the demo lab', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    viewer = await callerAs(t, 'viewer');
  });
  afterAll(async () => t?.stop());
  const caller = () => viewer;

  it('summarizes the fleet: nodes up, guests running and stopped, headroom, the last sample', async () => {
    const s = await caller().fleet.summary();
    // Not validated per request (fleet.router.ts), so checked here: exactly the shared shape.
    expect(FleetSummarySchema.strict().parse(s)).toEqual(s);
    expect(s.nodes).toEqual({ total: 3, online: 3, offline: 0 });
    expect(s.guests).toEqual({ total: 30, running: 29, stopped: 1, other: 0 });
    expect(s.headroom.map((h) => h.name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(s.headroom.every((h) => h.cpu !== null && h.mem !== null)).toBe(true);
    expect(s.lastSampleAt).toBe(FROZEN.toISOString());
    expect(s.sources.metrics).toMatchObject({ source: 'demo-lab', state: 'ok' });
    expect(s.sources.inventory).toMatchObject({ source: 'database', state: 'ok' });
    expect(s.alerts.some((a) => a.name === 'GuestDiskFilling' && a.subject === 'qemu/214')).toBe(true);
  });

  it('lists guests filtered by node and type, searched and sorted', async () => {
    const all = await caller().fleet.list({});
    expect(FleetListSchema.parse(all)).toEqual(all);
    expect(all.total).toBe(30);
    expect(all.rows).toHaveLength(30);
    const pve3vms = await caller().fleet.list({ nodes: ['node/pve3'], type: 'qemu', sort: 'cpuUse', dir: 'desc' });
    expect(pve3vms.rows.length).toBeGreaterThan(2);
    expect(pve3vms.rows.every((r) => r.nodeId === 'node/pve3' && r.type === 'qemu')).toBe(true);
    const cpus = pve3vms.rows.map((r) => r.cpuUse ?? -1);
    expect([...cpus].sort((a, b) => b - a)).toEqual(cpus);
    expect((await caller().fleet.list({ q: 'jelly' })).rows.map((r) => r.name)).toEqual(['jellyfin']);
    const stopped = await caller().fleet.list({ statuses: ['stopped'] });
    expect(stopped.rows.map((r) => [r.name, r.cpuUse])).toEqual([['win11-test', null]]);
  });

  it('answers a node and a guest page, and NOT_FOUND for an unknown id', async () => {
    const node = await caller().fleet.node({ id: 'node/pve3' });
    expect(node.guests.length).toBe(9);
    const g = await caller().fleet.guest({ id: 'lxc/101' });
    expect(g.guest.name).toBe('postgresql');
    expect(g.services.map((s) => s.name)).toEqual(['PostgreSQL']);
    await expect(caller().fleet.guest({ id: 'qemu/4242' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('draws a chart series of the chosen range with a step that fits the width', async () => {
    const s = await caller().fleet.series({ id: 'qemu/200', range: '24h', points: 200 });
    expect(SeriesSchema.parse(s)).toEqual(s);
    expect(s.stepSeconds).toBe(Math.ceil(86_400 / 200));
    expect(s.t.length).toBeGreaterThan(190);
    expect(s.values.cpu.filter((v) => v !== null).length).toBe(s.t.length);
    const spark = await caller().fleet.sparklines({ ids: ['qemu/200', 'qemu/208'] });
    expect(SparklinesSchema.parse(spark)).toEqual(spark);
    expect(spark.lines['qemu/200']).toHaveLength(31);
    expect(spark.lines['qemu/208']).toEqual([]); // stopped: no line at all
  });

  it('answers malformed input with a 400 that lists the problem at its field, never a crash', async () => {
    const headers = await signInHeaders(t.app, 'viewer');
    const bad = await t.app.inject({
      method: 'GET',
      url: `/trpc/fleet.list?input=${encodeURIComponent(JSON.stringify({ q: 'x'.repeat(300) }))}`,
      headers,
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.data.appError).toMatchObject({
      code: 'BAD_INPUT',
      reason: 'input.invalid',
      issues: [{ path: 'q', message: expect.stringMatching(/200 characters/) }],
    });
    expect(body.error.message).toMatch(/^the input was refused: q: .*200 characters/);
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/trpc/fleet.list?input=${encodeURIComponent(JSON.stringify({ query: 'up' }))}`,
      headers,
    });
    expect(unknown.statusCode).toBe(400);
    const notJson = await t.app.inject({ method: 'GET', url: '/trpc/fleet.list?input=%7Bnot-json', headers });
    expect(notJson.statusCode).toBe(400);
    const badId = await t.app.inject({
      method: 'GET',
      url: `/trpc/fleet.series?input=${encodeURIComponent(JSON.stringify({ id: 'qemu/1"} or vector(1)', range: '1h' }))}`,
      headers,
    });
    expect(badId.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/trpc/fleet.node?input=${encodeURIComponent(JSON.stringify({ id: 'node/nope' }))}`,
      headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.data.appError.code).toBe('NOT_FOUND');
  });

  it('serves /healthz, /readyz and its own /metrics with the security headers', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok', release: RALF_VERSION });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, database: { ok: true }, metrics: { source: 'demo-lab' } });
    await t.app.inject({ url: '/trpc/fleet.summary', headers: await signInHeaders(t.app, 'viewer') });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toContain('ralf_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/route="\/trpc\/:path"/);
    expect(metrics.headers['content-security-policy']).toContain("default-src 'self'");
    expect(metrics.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes the demo lab in Prometheus format for a real Prometheus to scrape', async () => {
    const res = await t.app.inject('/demo-lab/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('pve_guest_info{id="qemu/200",name="jellyfin",node="pve3",type="qemu"');
  });
});
