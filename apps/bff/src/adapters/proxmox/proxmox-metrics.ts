import type { Alert, SeriesMetric, Usage } from '@ralf/shared';
import type { ProxmoxConfig } from '../../config-proxmox';
import { rangeGrid } from '../../lib/range';
import type { MetricsSnapshot, MetricsSource, RangeSpec, SeriesSet } from '../ports';
import { ProxmoxApi } from './proxmox-api';
import { PveResourceSchema, type PveResource } from './pve-inventory';

const METRICS: SeriesMetric[] = ['cpu', 'mem', 'disk', 'netRx', 'netTx'];
/** How much of the fleet's recent use is kept for the sparklines: an hour. */
const KEEP_SECONDS = 3600;

type Point = {
  t: number;
  cpu: number | null;
  mem: number | null;
  disk: number | null;
  rx: number | null;
  tx: number | null;
};

/** The rrddata timeframe that covers `seconds` (Proxmox keeps 1 min, 30 min, 3 h, 12 h steps). */
export function timeframeFor(seconds: number): 'hour' | 'day' | 'week' | 'month' {
  return seconds <= 3600 ? 'hour' : seconds <= 86_400 ? 'day' : seconds <= 7 * 86_400 ? 'week' : 'month';
}

const ratio = (used: number | undefined, size: number | undefined) => (used !== undefined && size ? used / size : null);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Metrics straight from Proxmox VE when no Prometheus is configured (issue 19): current use from
 * `/cluster/resources` (network as the rate between two readings), history from each node's and
 * guest's `rrddata` (hour, day, week), and the fleet's sparklines from the readings this process
 * has made in the last hour. Proxmox has no alerts; none are reported.
 */
export class ProxmoxMetrics implements MetricsSource {
  readonly kind = 'proxmox' as const;
  private readonly apis: ProxmoxApi[];
  /** Where each node and guest is, from the last reading: rrddata is asked per node. */
  private readonly place = new Map<string, { api: ProxmoxApi; path: string }>();
  private readonly last = new Map<string, { t: number; netin: number; netout: number }>();
  private readonly history = new Map<string, Point[]>();

  constructor(clusters: readonly (ProxmoxConfig & { name?: string })[]) {
    this.apis = clusters.map((c) => new ProxmoxApi({ kind: 'pve', name: c.name ?? new URL(c.url).hostname, ...c }));
  }

  async snapshot(): Promise<MetricsSnapshot> {
    // A cluster that does not answer leaves the others' figures standing; none answering is a failure.
    const settled = await Promise.allSettled(
      this.apis.map(async (api) => ({ api, resources: await api.get<unknown[]>('cluster/resources') })),
    );
    const readings = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (!readings.length) throw (settled[0] as PromiseRejectedResult).reason;
    const answered = new Set(readings.map((r) => r.api));
    const usage = new Map<string, Usage>();
    let sampledAt = 0;
    const seen = new Set<string>();
    for (const { api, resources } of readings) {
      const t = Math.floor((api.serverTime ?? new Date()).getTime() / 1000);
      sampledAt = Math.max(sampledAt, t);
      for (const raw of resources) {
        const p = PveResourceSchema.safeParse(raw);
        if (!p.success || !['node', 'qemu', 'lxc'].includes(p.data.type)) continue;
        const r = p.data;
        const id = r.type === 'node' ? `node/${r.node ?? r.id.slice(5)}` : `${r.type}/${r.vmid}`;
        if (r.type !== 'node' && (r.template === 1 || r.template === true)) continue;
        this.place.set(id, {
          api,
          path: r.type === 'node' ? `nodes/${r.node}` : `nodes/${r.node}/${r.type}/${r.vmid}`,
        });
        const u = this.usageOf(id, r, t);
        usage.set(id, u);
        this.remember(id, t, u);
        seen.add(id);
      }
    }
    // A guest that is gone is forgotten (its history too), so a lab that churns does not grow this.
    for (const [id, where] of this.place)
      if (!seen.has(id) && answered.has(where.api)) {
        this.place.delete(id);
        this.last.delete(id);
        this.history.delete(id);
      }
    return { sampledAt: new Date(sampledAt * 1000), usage };
  }

  private usageOf(id: string, r: PveResource, t: number): Usage {
    const up = r.type === 'node' ? r.status === 'online' : r.status === 'running';
    const netin = num(r.netin);
    const netout = num(r.netout);
    const before = this.last.get(id);
    let rx: number | null = null;
    let tx: number | null = null;
    if (netin !== undefined && netout !== undefined) {
      // Counters: a rate needs two readings, and a counter that went back (a restart) starts again.
      if (before && t > before.t && netin >= before.netin && netout >= before.netout) {
        rx = (netin - before.netin) / (t - before.t);
        tx = (netout - before.netout) / (t - before.t);
      }
      if (!before || t > before.t) this.last.set(id, { t, netin, netout });
    }
    return {
      up,
      cpu: up ? (r.cpu ?? null) : null,
      memUsed: up ? (r.mem ?? null) : null,
      memSize: r.maxmem ?? null,
      // A VM without its guest agent reports 0 disk use: unknown, not empty.
      diskUsed: r.type === 'qemu' && !r.disk ? null : (r.disk ?? null),
      diskSize: r.maxdisk ?? null,
      netRx: up ? rx : null,
      netTx: up ? tx : null,
    };
  }

  private remember(id: string, t: number, u: Usage) {
    const points = this.history.get(id) ?? [];
    if (points.at(-1)?.t === t) return;
    points.push({
      t,
      cpu: u.cpu,
      mem: u.memUsed !== null && u.memSize ? u.memUsed / u.memSize : null,
      disk: u.diskUsed !== null && u.diskSize ? u.diskUsed / u.diskSize : null,
      rx: u.netRx,
      tx: u.netTx,
    });
    while (points.length && points[0]!.t < t - KEEP_SECONDS) points.shift();
    this.history.set(id, points);
  }

  async fleetSeries(metric: SeriesMetric, range: RangeSpec): Promise<Map<string, (number | null)[]>> {
    const key = { cpu: 'cpu', mem: 'mem', disk: 'disk', netRx: 'rx', netTx: 'tx' }[metric] as keyof Omit<Point, 't'>;
    const grid = rangeGrid(range);
    const out = new Map<string, (number | null)[]>();
    for (const [id, points] of this.history) {
      if (id.startsWith('node/')) continue;
      const line = grid.map((g) => {
        const p = points.findLast((x) => x.t <= g && x.t > g - range.step);
        return p ? p[key] : null;
      });
      if (line.some((v) => v !== null)) out.set(id, line);
    }
    return out;
  }

  async series(id: string, range: RangeSpec): Promise<SeriesSet> {
    const t = rangeGrid(range);
    const values = Object.fromEntries(METRICS.map((m) => [m, t.map(() => null)])) as SeriesSet['values'];
    if (!this.place.has(id)) await this.snapshot();
    const where = this.place.get(id);
    if (!where) return { t, values };
    const timeframe = timeframeFor(range.end - range.start);
    const rows = await where.api.get<Record<string, unknown>[]>(
      `${where.path}/rrddata?timeframe=${timeframe}&cf=AVERAGE`,
    );
    const node = id.startsWith('node/');
    const points = rows
      .map((r) => ({
        t: num(r.time) ?? 0,
        cpu: num(r.cpu) ?? null,
        mem: node ? ratio(num(r.memused), num(r.memtotal)) : ratio(num(r.mem), num(r.maxmem)),
        disk: node ? ratio(num(r.rootused), num(r.roottotal)) : ratio(num(r.disk), num(r.maxdisk)),
        netRx: num(r.netin) ?? null,
        netTx: num(r.netout) ?? null,
      }))
      .filter((p) => p.t > 0)
      .sort((a, b) => a.t - b.t);
    const step = points.length > 1 ? points[1]!.t - points[0]!.t : range.step;
    t.forEach((g, i) => {
      // The rrd point that covers this time: the last one at or before it, within its own step.
      const p = points.findLast((x) => x.t <= g && x.t > g - Math.max(step, range.step));
      if (!p) return;
      for (const m of METRICS) values[m][i] = p[m];
    });
    return { t, values };
  }

  async alerts(): Promise<Alert[]> {
    return [];
  }
}
