import { type Alert, type Language, type SeriesMetric, type Usage } from '@ralf/shared';
import type { Clock, MetricsSnapshot, MetricsSource, RangeSpec, SeriesSet } from '../ports';
import { rangeGrid } from '../../lib/range';
import { nodeIdAt, type LabModel } from './lab-model';
import { guestAt, nodeAt, sampleLab, toUsage, type GuestSample } from './lab-physics';

const METRICS: SeriesMetric[] = ['cpu', 'mem', 'disk', 'netRx', 'netTx'];

function pick(m: SeriesMetric, s: GuestSample, memSize: number, diskSize: number): number | null {
  switch (m) {
    case 'cpu':
      return s.up ? s.cpu : null;
    case 'mem':
      return s.up && memSize > 0 ? s.memUsed / memSize : null;
    case 'disk':
      return diskSize > 0 ? s.diskUsed / diskSize : null;
    case 'netRx':
      return s.up ? s.rxRate : null;
    case 'netTx':
      return s.up ? s.txRate : null;
  }
}

/**
 * The demo lab read in process: its metrics are functions of the clock, sampled on the same
 * tick as a scrape would be, so the history of any range is there from the first start.
 */
export class DemoLabMetrics implements MetricsSource {
  readonly kind = 'demo-lab' as const;
  private last: { t: number; snap: MetricsSnapshot } | null = null;

  constructor(
    private readonly model: LabModel,
    private readonly clock: Clock,
    private readonly tickMs: number,
    /** The words of its alert rules' summaries, as an operator writes them (RALF_AGENT_LANGUAGE, issue 18). */
    private readonly language: Language = 'en',
  ) {}

  /** The sample time a scrape now would see (unix seconds). */
  sampleTime(): number {
    const ms = this.clock.now().getTime();
    return Math.floor(ms / this.tickMs) * (this.tickMs / 1000);
  }

  async snapshot(): Promise<MetricsSnapshot> {
    const t = this.sampleTime();
    if (this.last?.t === t) return this.last.snap;
    const usage = new Map<string, Usage>();
    for (const [id, s] of sampleLab(this.model, t)) usage.set(id, toUsage(s.sample, s.memSize, s.diskSize));
    const snap = { sampledAt: new Date(t * 1000), usage };
    this.last = { t, snap };
    return snap;
  }

  async fleetSeries(metric: SeriesMetric, range: RangeSpec): Promise<Map<string, (number | null)[]>> {
    const out = new Map<string, (number | null)[]>();
    const times = rangeGrid(range);
    for (const g of this.model.guests) {
      const line = times.map((t) => pick(metric, guestAt(g, t), g.memoryBytes, g.diskBytes));
      // As from Prometheus: a guest without a single value in the range has no series at all.
      if (line.some((v) => v !== null)) out.set(g.id, line);
    }
    return out;
  }

  async series(id: string, range: RangeSpec): Promise<SeriesSet> {
    const t = rangeGrid(range);
    const values = Object.fromEntries(METRICS.map((m) => [m, [] as (number | null)[]])) as SeriesSet['values'];
    const node = this.model.nodes.find((n) => n.id === id);
    const guest = node ? null : this.model.guests.find((g) => g.id === id);
    if (!node && !guest)
      return { t, values: Object.fromEntries(METRICS.map((m) => [m, t.map(() => null)])) as SeriesSet['values'] };
    // Guests that moved count on the node they were on at each time.
    const moved = this.model.guests.some((g) => g.moves?.length);
    const still = node ? this.model.guests.filter((g) => g.nodeId === node.id) : [];
    for (const ts of t) {
      const onNode = node && moved ? this.model.guests.filter((g) => nodeIdAt(g, ts) === node.id) : still;
      const s = node
        ? nodeAt(
            node,
            onNode.map((g) => [g, guestAt(g, ts)]),
            ts,
          )
        : guestAt(guest!, ts);
      const memSize = node ? node.memoryBytes : guest!.memoryBytes;
      const diskSize = node ? node.diskBytes : guest!.diskBytes;
      for (const m of METRICS) values[m].push(pick(m, s, memSize, diskSize));
    }
    return { t, values };
  }

  /** The lab's alert rules: a node over 85% memory, a guest over 80% CPU, a disk over 85% full. */
  async alerts(): Promise<Alert[]> {
    const snap = await this.snapshot();
    const alerts: Alert[] = [];
    const de = this.language === 'de';
    const pct = (v: number) => `${(100 * v).toFixed(0)}${de ? ' ' : ''}%`;
    for (const n of this.model.nodes) {
      const u = snap.usage.get(n.id);
      if (u?.memUsed != null && u.memSize && u.memUsed / u.memSize > 0.85) {
        alerts.push({
          name: 'NodeMemoryPressure',
          severity: 'warning',
          subject: n.id,
          labels: { alertname: 'NodeMemoryPressure', severity: 'warning', id: n.id },
          summary: `${n.name}: ${de ? 'Arbeitsspeicher' : 'memory'} ${pct(u.memUsed / u.memSize)} ${de ? 'belegt' : 'used'}`,
          activeSince: null,
        });
      }
    }
    for (const g of this.model.guests) {
      const u = snap.usage.get(g.id);
      if (u?.cpu != null && u.cpu > 0.8) {
        alerts.push({
          name: 'GuestCpuSaturated',
          severity: 'warning',
          subject: g.id,
          labels: { alertname: 'GuestCpuSaturated', severity: 'warning', id: g.id },
          summary: `${g.name}: CPU ${pct(u.cpu)} ${de ? 'von' : 'of'} ${g.cores} ${de ? 'Kernen' : 'cores'}`,
          activeSince: null,
        });
      }
      if (u?.diskUsed != null && u.diskSize && u.diskUsed / u.diskSize > 0.85) {
        alerts.push({
          name: 'GuestDiskFilling',
          severity: 'warning',
          subject: g.id,
          labels: { alertname: 'GuestDiskFilling', severity: 'warning', id: g.id },
          summary: `${g.name}: ${de ? 'Disk' : 'disk'} ${pct(u.diskUsed / u.diskSize)} ${de ? 'voll' : 'full'}`,
          activeSince: null,
        });
      }
    }
    return alerts;
  }
}
