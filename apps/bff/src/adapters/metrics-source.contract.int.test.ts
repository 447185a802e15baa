import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeGrid } from '../lib/range';
import { DemoLabMetrics } from './demo-lab/demo-lab-metrics';
import { renderExposition } from './demo-lab/exposition';
import { createLabModel } from './demo-lab/lab-model';
import type { MetricsSource } from './ports';
import { PrometheusMetrics } from './prometheus/prometheus-metrics';
import { startPrometheus, type RunningPrometheus } from '../../test/prometheus';

/**
 * One contract for every MetricsSource (house style: a contract suite per port): the demo lab in
 * process, and Prometheus' HTTP API over a real Prometheus scraping the same lab.
 */
const lab = createLabModel();
const NOW = Date.parse('2026-11-25T12:00:00Z');
const frozen = { now: () => new Date(NOW) };
const exporter = Fastify();
exporter.get('/metrics', async () => renderExposition(lab, NOW / 1000));
let prom: RunningPrometheus;

beforeAll(async () => {
  await exporter.listen({ host: '127.0.0.1', port: 0 });
  const { port } = exporter.server.address() as { port: number };
  prom = await startPrometheus({ targets: [`127.0.0.1:${port}`], metricsPath: '/metrics' });
  // Wait for the first scrapes.
  const source = new PrometheusMetrics({ url: prom.url, timeoutMs: 3000, scrapeIntervalMs: 1000 });
  for (
    let i = 0;
    i < 120 &&
    !(await source.snapshot().then(
      (s) => s.usage.size > 0,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 250));
  // A few more scrapes, so that the last seconds of a range have samples.
  await new Promise((r) => setTimeout(r, 3000));
});
afterAll(async () => {
  await prom?.dispose();
  await exporter.close();
});

const sources: Array<[string, () => MetricsSource, () => number]> = [
  ['demo lab', () => new DemoLabMetrics(lab, frozen, 1000), () => NOW / 1000],
  [
    'Prometheus',
    () => new PrometheusMetrics({ url: prom.url, timeoutMs: 3000, scrapeIntervalMs: 1000 }),
    () => Math.floor(Date.now() / 1000),
  ],
];

describe.each(sources)('MetricsSource contract: %s', (_name, make, now) => {
  it('gives the latest use of every node and guest, keyed by Proxmox id, with sane values', async () => {
    const snap = await make().snapshot();
    expect(snap.usage.size).toBe(lab.nodes.length + lab.guests.length);
    for (const [id, u] of snap.usage) {
      expect(id).toMatch(/^(node|qemu|lxc)\/[\w.-]+$/);
      expect(u.cpu).toBeGreaterThanOrEqual(0);
      expect(u.cpu).toBeLessThanOrEqual(1);
      expect(u.memSize).toBeGreaterThan(0);
      expect(u.memUsed).toBeLessThanOrEqual(u.memSize!);
      expect(u.diskUsed).toBeLessThanOrEqual(u.diskSize!);
    }
    expect(snap.usage.get('qemu/208')?.up).toBe(false);
    expect(snap.usage.get('node/pve1')?.up).toBe(true);
    expect(Number.isNaN(snap.sampledAt.getTime())).toBe(false);
  });

  it('answers a range on its grid: one value per point, for every running guest at once', async () => {
    const end = now();
    const r = { start: end - 2, end, step: 1 };
    const fleet = await make().fleetSeries('cpu', r);
    expect(fleet.size).toBe(lab.guests.filter((g) => g.status === 'running').length);
    for (const line of fleet.values()) expect(line).toHaveLength(rangeGrid(r).length);
    const one = await make().series('node/pve3', r);
    expect(one.t).toEqual(rangeGrid(r));
    for (const m of ['cpu', 'mem', 'disk', 'netRx', 'netTx'] as const) expect(one.values[m]).toHaveLength(one.t.length);
    expect(one.values.cpu.at(-1)).toBeGreaterThan(0);
  });

  it('lists alerts as plain records', async () => {
    const alerts = await make().alerts();
    expect(Array.isArray(alerts)).toBe(true);
    for (const a of alerts) expect(typeof a.name).toBe('string');
  });
});
