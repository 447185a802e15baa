import type { LabModel } from './lab-model';
import { sampleLab } from './lab-physics';

/** Escapes a label value for the Prometheus text exposition format. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const labels = (l: Record<string, string>) =>
  '{' +
  Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',') +
  '}';

/**
 * The demo lab's metrics in Prometheus text format, with prometheus-pve-exporter's names and
 * `id` labels (DESIGN.md §5), so that a real Prometheus can scrape the demo lab.
 */
export function renderExposition(model: LabModel, t: number): string {
  const samples = sampleLab(model, t);
  const out: string[] = [];
  const family = (
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    rows: Array<[Record<string, string>, number]>,
  ) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of rows) out.push(`${name}${labels(l)} ${Number.isInteger(v) ? v : v.toPrecision(8)}`);
  };
  const ids = [...samples.keys()];
  const each = (
    f: (s: NonNullable<ReturnType<typeof samples.get>>) => number,
  ): Array<[Record<string, string>, number]> => ids.map((id) => [{ id }, f(samples.get(id)!)]);
  family(
    'pve_up',
    'gauge',
    'Node/VM/CT-Status is online/running',
    each((s) => (s.sample.up ? 1 : 0)),
  );
  family(
    'pve_node_info',
    'gauge',
    'Node info',
    model.nodes.map((n, i) => [{ id: n.id, level: '', name: n.name, nodeid: String(i + 1) }, 1]),
  );
  family(
    'pve_guest_info',
    'gauge',
    'VM/CT info',
    model.guests.map((g) => [
      { id: g.id, name: g.name, node: g.nodeId.slice(5), type: g.type, tags: g.tags.join(';') },
      1,
    ]),
  );
  family(
    'pve_cpu_usage_ratio',
    'gauge',
    'CPU usage (value between 0.0 and pve_cpu_usage_limit)',
    each((s) => s.sample.cpu),
  );
  family('pve_cpu_usage_limit', 'gauge', 'Maximum allowed CPU usage', [
    ...model.nodes.map((n): [Record<string, string>, number] => [{ id: n.id }, n.cpuCores]),
    ...model.guests.map((g): [Record<string, string>, number] => [{ id: g.id }, g.cores]),
  ]);
  family(
    'pve_memory_usage_bytes',
    'gauge',
    'Memory usage in bytes',
    each((s) => s.sample.memUsed),
  );
  family(
    'pve_memory_size_bytes',
    'gauge',
    'Size of memory',
    each((s) => s.memSize),
  );
  family(
    'pve_disk_usage_bytes',
    'gauge',
    'Disk usage in bytes',
    each((s) => s.sample.diskUsed),
  );
  family(
    'pve_disk_size_bytes',
    'gauge',
    'Size of storage device',
    each((s) => s.diskSize),
  );
  family(
    'pve_network_receive_bytes',
    'counter',
    'Network receive bytes',
    each((s) => s.sample.rxBytes),
  );
  family(
    'pve_network_transmit_bytes',
    'counter',
    'Network transmit bytes',
    each((s) => s.sample.txBytes),
  );
  return out.join('\n') + '\n';
}
