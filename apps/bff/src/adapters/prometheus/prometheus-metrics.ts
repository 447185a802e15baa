import { noUsage, type Alert, type SeriesMetric, type Usage } from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import { rangeGrid } from '../../lib/range';
import type { MetricsSnapshot, MetricsSource, RangeSpec, SeriesSet } from '../ports';
import { LAST_SAMPLE_QUERY, SNAPSHOT_QUERIES, byId, fleetSeriesQuery, rateQuery, seriesQuery } from './promql';

type Labels = Record<string, string>;
interface VectorSample {
  metric: Labels;
  value: [number, string];
}
interface MatrixSeries {
  metric: Labels;
  values: Array<[number, string]>;
}

/** Counts and times every outgoing query, for the BFF's own /metrics. */
export interface QueryObserver {
  (endpoint: 'query' | 'query_range' | 'alerts', seconds: number, ok: boolean): void;
}

const METRICS: SeriesMetric[] = ['cpu', 'mem', 'disk', 'netRx', 'netTx'];
const num = (s: string) => (s === 'NaN' ? null : Number(s));

/**
 * Reads the fleet from Prometheus' HTTP API (also Thanos, Mimir, VictoriaMetrics): one query
 * per metric for the whole fleet, each bounded by a timeout.
 */
export class PrometheusMetrics implements MetricsSource {
  readonly kind = 'prometheus' as const;

  constructor(
    private readonly opts: { url: string; timeoutMs: number; scrapeIntervalMs: number },
    private readonly observe: QueryObserver = () => {},
  ) {}

  private async call<T>(endpoint: 'query' | 'query_range' | 'alerts', params: Record<string, string>): Promise<T> {
    const started = performance.now();
    let ok = false;
    try {
      const res = await fetch(`${this.opts.url}/api/v1/${endpoint}`, {
        ...(endpoint === 'alerts'
          ? { method: 'GET' }
          : {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(params),
            }),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      const body = (await res.json().catch(() => null)) as {
        status?: string;
        data?: { result: T; alerts: T };
        error?: string;
      } | null;
      if (!res.ok || body?.status !== 'success' || !body.data) {
        throw new AppError('UPSTREAM_UNAVAILABLE', {
          source: 'prometheus',
          message: `prometheus ${endpoint} at ${this.opts.url}: ${body?.error ?? `HTTP ${res.status}`}`,
        });
      }
      ok = true;
      return endpoint === 'alerts' ? body.data.alerts : body.data.result;
    } catch (err) {
      if (err instanceof AppError) throw err;
      const reason =
        (err as Error).name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs} ms` : (err as Error).message;
      throw new AppError('UPSTREAM_UNAVAILABLE', {
        source: 'prometheus',
        message: `prometheus ${endpoint} at ${this.opts.url}: ${reason}`,
        cause: err,
      });
    } finally {
      this.observe(endpoint, (performance.now() - started) / 1000, ok);
    }
  }

  private query(q: string) {
    return this.call<VectorSample[]>('query', { query: q });
  }

  private queryRange(q: string, r: RangeSpec) {
    return this.call<MatrixSeries[]>('query_range', {
      query: q,
      start: String(r.start),
      end: String(r.end),
      step: String(r.step),
    });
  }

  private get rateWindow() {
    return (4 * this.opts.scrapeIntervalMs) / 1000;
  }

  async snapshot(): Promise<MetricsSnapshot> {
    const keys = Object.keys(SNAPSHOT_QUERIES) as Array<keyof typeof SNAPSHOT_QUERIES>;
    const [last, rx, tx, ...rest] = await Promise.all([
      this.query(LAST_SAMPLE_QUERY),
      this.query(rateQuery('pve_network_receive_bytes', this.rateWindow)),
      this.query(rateQuery('pve_network_transmit_bytes', this.rateWindow)),
      ...keys.map((k) => this.query(SNAPSHOT_QUERIES[k])),
    ]);
    const usage = new Map<string, Usage>();
    const row = (id: string) => {
      let u = usage.get(id);
      if (!u) usage.set(id, (u = noUsage()));
      return u;
    };
    keys.forEach((k, i) => {
      for (const s of rest[i] ?? []) {
        if (!s.metric.id) continue;
        const v = num(s.value[1]);
        if (k === 'up') row(s.metric.id).up = v === null ? null : v > 0;
        else row(s.metric.id)[k] = v;
      }
    });
    for (const s of rx) if (s.metric.id) row(s.metric.id).netRx = num(s.value[1]);
    for (const s of tx) if (s.metric.id) row(s.metric.id).netTx = num(s.value[1]);
    const lastSample = last[0] ? Number(last[0].value[1]) : null;
    if (lastSample === null) throw await this.whyNoSamples();
    return { sampledAt: new Date(lastSample * 1000), usage };
  }

  /**
   * Prometheus answers but has no pve_up: say whether its exporter's target is down (and why,
   * from /api/v1/targets), or whether it scrapes no exporter at all, rather than "not answering".
   */
  private async whyNoSamples(): Promise<AppError> {
    type Target = { labels?: { job?: string }; scrapeUrl?: string; health?: string; lastError?: string };
    const targets = await fetch(`${this.opts.url}/api/v1/targets?state=active`, {
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    })
      .then((r) => r.json() as Promise<{ data?: { activeTargets?: Target[] } }>)
      .then((b) => b.data?.activeTargets ?? [])
      .catch(() => [] as Target[]);
    const down = targets.filter((t) => t.health === 'down');
    const pve = down.find((t) => /pve|proxmox/i.test(`${t.labels?.job ?? ''} ${t.scrapeUrl ?? ''}`)) ?? down[0];
    if (pve)
      return new AppError('UPSTREAM_UNAVAILABLE', {
        source: 'prometheus',
        reason: 'prometheus.target-down',
        params: { job: pve.labels?.job ?? '', url: pve.scrapeUrl ?? '', error: pve.lastError ?? '' },
        message: `Prometheus at ${this.opts.url} answers, but its target ${pve.labels?.job ?? '?'} (${pve.scrapeUrl ?? '?'}) is down: ${pve.lastError || 'no reason given'}`,
      });
    return new AppError('UPSTREAM_UNAVAILABLE', {
      source: 'prometheus',
      reason: 'prometheus.no-pve-samples',
      message: `Prometheus at ${this.opts.url} answers, but has no pve_up samples: is prometheus-pve-exporter scraped?`,
    });
  }

  async fleetSeries(metric: SeriesMetric, range: RangeSpec): Promise<Map<string, (number | null)[]>> {
    const result = await this.queryRange(fleetSeriesQuery(metric, this.rateWindow), range);
    const grid = rangeGrid(range);
    const out = new Map<string, (number | null)[]>();
    for (const s of result) if (s.metric.id) out.set(s.metric.id, onGrid(grid, s.values));
    return out;
  }

  async series(id: string, range: RangeSpec): Promise<SeriesSet> {
    const grid = rangeGrid(range);
    const results = await Promise.all(
      METRICS.map((m) => this.queryRange(seriesQuery(m, byId(id), Math.max(this.rateWindow, range.step)), range)),
    );
    const values = Object.fromEntries(
      METRICS.map((m, i) => [m, onGrid(grid, results[i]?.[0]?.values ?? [])]),
    ) as SeriesSet['values'];
    return { t: grid, values };
  }

  /**
   * The firing alerts from Prometheus' alerts API (not the ALERTS series): with the rule's
   * annotations (its summary) and when each became active.
   */
  async alerts(): Promise<Alert[]> {
    const res = await this.call<PromAlert[]>('alerts', {});
    return res
      .filter((a) => a.state === 'firing')
      .map((a) => ({
        name: a.labels.alertname ?? 'unnamed',
        severity: a.labels.severity ?? 'none',
        subject: a.labels.id ?? a.labels.instance ?? null,
        summary: a.annotations?.summary ?? a.labels.summary ?? null,
        activeSince: a.activeAt ?? null,
        labels: a.labels,
      }));
  }
}

interface PromAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  activeAt?: string;
}

function onGrid(grid: number[], values: Array<[number, string]>): (number | null)[] {
  const at = new Map(values.map(([t, v]) => [Math.round(t), num(v)]));
  return grid.map((t) => at.get(Math.round(t)) ?? null);
}
