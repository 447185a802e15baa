import type { Alert, SeriesMetric, Usage } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot, MetricsSource, RangeSpec, SeriesSet } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { MetricsFeed } from './metrics-feed';

/** An in-memory metrics source whose sample time and failures the test controls. */
class FakeSource implements MetricsSource {
  readonly kind = 'prometheus' as const;
  sampledAt = new Date(0);
  failing = false;
  calls = 0;
  async snapshot(): Promise<MetricsSnapshot> {
    this.calls++;
    if (this.failing)
      throw new AppError('UPSTREAM_UNAVAILABLE', {
        source: 'prometheus',
        message: 'prometheus query: connect ECONNREFUSED',
      });
    const u: Usage = { up: true, cpu: 0.5, memUsed: 1, memSize: 2, diskUsed: 1, diskSize: 4, netRx: 0, netTx: 0 };
    return { sampledAt: this.sampledAt, usage: new Map([['qemu/100', u]]) };
  }
  async fleetSeries(_m: SeriesMetric, _r: RangeSpec): Promise<Map<string, (number | null)[]>> {
    return new Map();
  }
  async series(): Promise<SeriesSet> {
    throw new AppError('UPSTREAM_UNAVAILABLE');
  }
  firing: Alert[] = [];
  async alerts(): Promise<Alert[]> {
    return this.firing;
  }
}

function setup() {
  let now = 1_000_000;
  const clock = { now: () => new Date(now) };
  const source = new FakeSource();
  source.sampledAt = new Date(now);
  const told: string[] = [];
  const feed = new MetricsFeed(source, clock, {
    staleAfterMs: 30_000,
    cacheMs: 5000,
    retryMs: 2000,
    onChange: (state, why) => told.push(`${state}${why ? `: ${why}` : ''}`),
  });
  return { feed, source, told, advance: (ms: number) => (now += ms), at: () => now };
}

describe('MetricsFeed', () => {
  it('is ok while samples are fresh and shares one request among callers', async () => {
    const { feed, source } = setup();
    const [a, b] = await Promise.all([feed.snapshot(), feed.snapshot()]);
    expect(a.freshness.state).toBe('ok');
    expect(b.snap?.usage.get('qemu/100')?.cpu).toBe(0.5);
    expect(source.calls).toBe(1);
  });

  it('turns stale after two scrape intervals without a new sample, and says since when', async () => {
    const { feed, source, advance } = setup();
    const first = source.sampledAt;
    await feed.snapshot();
    advance(31_000);
    const r = await feed.snapshot();
    expect(r.freshness.state).toBe('stale');
    expect(r.freshness.since).toBe(first.toISOString());
  });

  it('reports unavailable since the first failure and keeps the last good values', async () => {
    const { feed, source, advance, at } = setup();
    await feed.snapshot();
    source.failing = true;
    advance(6000);
    const failedAt = new Date(at()).toISOString();
    const r = await feed.snapshot();
    expect(r.freshness.state).toBe('unavailable');
    expect(r.freshness.since).toBe(failedAt);
    expect(r.freshness.message).toMatch(/ECONNREFUSED/);
    expect(r.snap?.usage.get('qemu/100')?.cpu).toBe(0.5);
    advance(6000);
    expect((await feed.snapshot()).freshness.since).toBe(failedAt);
  });

  it('does not hammer a failing source: it asks again only after the retry delay', async () => {
    const { feed, source, advance } = setup();
    source.failing = true;
    await feed.snapshot();
    const calls = source.calls;
    advance(500);
    await feed.snapshot();
    expect(source.calls).toBe(calls);
    advance(2000);
    await feed.snapshot();
    expect(source.calls).toBe(calls + 1);
  });

  it('recovers by itself when the source answers again', async () => {
    const { feed, source, advance, at } = setup();
    source.failing = true;
    await feed.snapshot();
    source.failing = false;
    advance(6000);
    source.sampledAt = new Date(at());
    const r = await feed.snapshot();
    expect(r.freshness.state).toBe('ok');
    expect(r.freshness.since).toBeNull();
  });

  it('says once that the source went away, with why, and once that it came back', async () => {
    const { feed, source, told, advance } = setup();
    await feed.snapshot();
    source.failing = true;
    for (let i = 0; i < 4; i++) {
      advance(6000);
      await feed.snapshot();
    }
    source.failing = false;
    advance(6000);
    await feed.snapshot();
    advance(6000);
    await feed.snapshot();
    expect(told).toEqual(['unavailable: prometheus query: connect ECONNREFUSED', 'back']);
  });

  it('replaces the alert list with each new answer, even while the samples fail (an exporter down, Prometheus up)', async () => {
    const { feed, source, advance } = setup();
    const alert = (name: string) =>
      ({ name, severity: 'critical', subject: null, summary: null, since: null }) as unknown as Alert;
    source.firing = [alert('HighMemory')];
    await feed.snapshot();
    expect((await feed.alerts()).alerts.map((a) => a.name)).toEqual(['HighMemory']);
    source.failing = true;
    source.firing = [alert('PveExporterDown')];
    for (let i = 0; i < 3; i++) {
      advance(6000);
      await feed.snapshot(); // fails, and backs off
      await feed.alerts();
    }
    const { alerts, freshness } = await feed.alerts();
    expect(alerts.map((a) => a.name)).toEqual(['PveExporterDown']);
    expect(freshness.state).toBe('unavailable');
  });
});
