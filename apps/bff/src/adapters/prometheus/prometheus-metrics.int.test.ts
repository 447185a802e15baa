import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoLabMetrics } from '../demo-lab/demo-lab-metrics';
import { systemClock } from '../ports';
import { PrometheusMetrics } from './prometheus-metrics';
import { buildTestApp, frozenClock, signInHeaders } from '../../../test/build-test-app';
import { freePort, startPrometheus, type RunningPrometheus } from '../../../test/prometheus';
import { until } from '../../../test/until';

/** Prometheus discovers and scrapes in its own time: up to 30 s, asked every 250 ms. */
const untilScraped = <T>(what: string, fn: () => Promise<T | null | undefined | false>) => until(what, fn, 30_000, 250);

describe('fleet through a real Prometheus scraping the demo lab', () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    const promPort = await freePort();
    // The demo lab is frozen, so Prometheus' samples and the lab's own values must agree exactly.
    t = await buildTestApp(
      'pglite',
      { RALF_DEMO_LAB: 'on', PROMETHEUS_URL: `http://127.0.0.1:${promPort}`, METRICS_SCRAPE_INTERVAL: '1s' },
      { clock: systemClock },
    );
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    prom = await startPrometheus({ port: promPort, targets: [`127.0.0.1:${port}`], metricsPath: '/demo-lab/metrics' });
  });
  afterAll(async () => {
    await prom?.dispose();
    await t?.stop();
  });

  it('shows what the demo lab published, read back through PROMETHEUS_URL', async () => {
    const summary = await untilScraped('metrics through prometheus', async () => {
      const s = await t.services.fleet.summary();
      return s.sources.metrics.state === 'ok' && s.headroom.every((h) => h.cpu !== null) && s;
    });
    expect(summary.sources.metrics.source).toBe('prometheus');
    const lab = await new DemoLabMetrics(t.lab!, frozenClock, 1000).snapshot();
    const list = await t.services.fleet.list({});
    expect(list.rows).toHaveLength(30);
    for (const row of list.rows) {
      const u = lab.usage.get(row.id)!;
      if (row.status !== 'running') {
        expect(row.cpuUse).toBeNull();
        continue;
      }
      // Ratios leave the BFF rounded to 0.01% (fleet-view.ts).
      expect(row.cpuUse).toBeCloseTo(u.cpu!, 3);
      expect(row.memUse).toBeCloseTo(u.memUsed! / u.memSize!, 3);
      expect(row.diskUse).toBeCloseTo(u.diskUsed! / u.diskSize!, 3);
    }
    for (const h of summary.headroom) {
      const u = lab.usage.get(h.id)!;
      expect(h.cpu).toBeCloseTo(u.cpu!, 3);
      expect(h.mem).toBeCloseTo(u.memUsed! / u.memSize!, 3);
    }
    // The time shown is the scrape's, not the query's.
    expect(Date.now() - Date.parse(summary.lastSampleAt!)).toBeLessThan(5000);
  });

  it('draws chart series and sparklines from query_range', async () => {
    const lab = await new DemoLabMetrics(t.lab!, frozenClock, 1000).snapshot();
    const series = await untilScraped('a range with samples', async () => {
      const s = await t.services.fleet.series({ id: 'qemu/200', range: '1h', points: 240 });
      return s.values.cpu.at(-1) != null && s;
    });
    expect(series.values.cpu.at(-1)).toBeCloseTo(lab.usage.get('qemu/200')!.cpu!, 6);
    // The fleet's sparklines: one query_range for every guest at once.
    const source = new PrometheusMetrics({ url: prom.url, timeoutMs: 3000, scrapeIntervalMs: 1000 });
    const now = Math.floor(Date.now() / 1000);
    const fleet = await source.fleetSeries('cpu', { start: now - 20, end: now, step: 2 });
    // The stopped guest has no CPU series: `and on(id) pve_up == 1` leaves it out.
    expect(fleet.size).toBe(29);
    expect(
      fleet
        .get('qemu/200')!
        .filter((v) => v !== null)
        .at(-1),
    ).toBeCloseTo(lab.usage.get('qemu/200')!.cpu!, 6);
    expect(fleet.has('qemu/208')).toBe(false);
  });

  it('keeps the pages up when Prometheus goes down, says since when, and recovers by itself', async () => {
    await prom.stop();
    const down = await untilScraped('metrics unavailable', async () => {
      const s = await t.services.fleet.summary();
      return s.sources.metrics.state === 'unavailable' && s;
    });
    expect(down.guests.total).toBe(30);
    expect(down.sources.metrics.since).not.toBeNull();
    expect(down.sources.metrics.message).toMatch(/prometheus/);
    expect(down.headroom.every((h) => h.cpu !== null)).toBe(true);
    const res = await t.app.inject({ url: '/trpc/fleet.list', headers: await signInHeaders(t.app, 'viewer') });
    expect(res.statusCode).toBe(200);
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().metrics.state).toBe('unavailable');
    // The alerts' query can fail first while the samples are still cached (seen in CI with two
    // test files at a time); the samples' own query fails once their cache runs out.
    const self = await untilScraped('the failed sample query counted', async () => {
      await t.services.fleet.summary();
      const body = (await t.app.inject('/metrics')).body;
      return /ralf_prometheus_query_errors_total\{endpoint="query"\} [1-9]/.test(body) && body;
    });
    expect(self).toMatch(/ralf_prometheus_query_errors_total\{endpoint="query"\} [1-9]/);

    await prom.start();
    const back = await untilScraped('metrics back', async () => {
      const s = await t.services.fleet.summary();
      return s.sources.metrics.state === 'ok' && s;
    });
    expect(back.sources.metrics.since).toBeNull();
  });
});

describe('a Prometheus that is slow or answers errors', () => {
  let stub: Server;
  let mode: 'slow' | 'error' = 'slow';
  let url = '';
  beforeAll(async () => {
    stub = createServer((req, res) => {
      if (mode === 'slow') {
        setTimeout(() => res.end('{}'), 2000).unref();
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many queries' }));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise((r) => stub.close(r));
  });

  it('bounds every query by the timeout and renders the inventory with metrics unavailable', async () => {
    mode = 'slow';
    const t = await buildTestApp(
      'pglite',
      { RALF_DEMO_LAB: 'on', PROMETHEUS_URL: url, PROMETHEUS_TIMEOUT: '300ms' },
      { clock: systemClock },
    );
    try {
      const started = Date.now();
      const s = await t.services.fleet.summary();
      expect(Date.now() - started).toBeLessThan(1900);
      expect(s.guests.total).toBe(30);
      expect(s.sources.metrics).toMatchObject({ state: 'unavailable', source: 'prometheus' });
      expect(s.sources.metrics.message).toMatch(/no answer within 300 ms/);
      expect(s.headroom.every((h) => h.cpu === null)).toBe(true);
      const series = await t.services.fleet.series({ id: 'qemu/200', range: '1h' });
      expect(series.metrics.state).toBe('unavailable');
      expect(series.t).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it('passes on the error Prometheus gave', async () => {
    mode = 'error';
    const t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on', PROMETHEUS_URL: url }, { clock: systemClock });
    try {
      const res = await t.app.inject({ url: '/trpc/fleet.summary', headers: await signInHeaders(t.app, 'viewer') });
      expect(res.statusCode).toBe(200);
      expect(res.json().result.data.sources.metrics.message).toMatch(/too many queries/);
    } finally {
      await t.stop();
    }
  });
});

describe('a real Prometheus whose prometheus-pve-exporter is down', () => {
  it('says Prometheus answers and names the target that does not, with why, instead of "not answering"', async () => {
    const promPort = await freePort();
    const deadExporter = await freePort(); // nothing listens there
    const prom = await startPrometheus({ port: promPort, targets: [`127.0.0.1:${deadExporter}`], metricsPath: '/pve' });
    const t = await buildTestApp(
      'pglite',
      { RALF_DEMO_LAB: 'on', PROMETHEUS_URL: `http://127.0.0.1:${promPort}`, METRICS_SCRAPE_INTERVAL: '1s' },
      { clock: systemClock },
    );
    try {
      const metrics = await untilScraped('the target found down', async () => {
        const m = (await t.services.fleet.summary()).sources.metrics;
        return m.reason === 'prometheus.target-down' && m;
      });
      expect(metrics.state).toBe('unavailable');
      expect(metrics.message).toMatch(
        new RegExp(
          `^Prometheus at http://127.0.0.1:${promPort} answers, but its target pve \\(http://127.0.0.1:${deadExporter}/pve\\) is down: .*connection refused`,
        ),
      );
    } finally {
      await t.stop();
      await prom.dispose();
    }
  });
});
