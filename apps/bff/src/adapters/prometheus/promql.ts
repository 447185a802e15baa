import type { SeriesMetric } from '@ralf/shared';

/**
 * Every PromQL the BFF sends is built here from known metric names and ids taken from
 * inventory; nothing from the browser reaches a query unescaped (issue 2, "Bad input").
 */
export function quote(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}

export const byId = (id: string) => `{id=${quote(id)}}`;

export const SNAPSHOT_QUERIES = {
  up: 'pve_up',
  cpu: 'pve_cpu_usage_ratio',
  memUsed: 'pve_memory_usage_bytes',
  memSize: 'pve_memory_size_bytes',
  diskUsed: 'pve_disk_usage_bytes',
  diskSize: 'pve_disk_size_bytes',
} as const;

export const rateQuery = (
  metric: 'pve_network_receive_bytes' | 'pve_network_transmit_bytes',
  windowSeconds: number,
  sel = '',
) => `rate(${metric}${sel}[${Math.max(60, Math.round(windowSeconds))}s])`;

/** The newest scrape time of the exporter, not the time of the query. */
export const LAST_SAMPLE_QUERY = 'max(timestamp(pve_up))';

const GUESTS = '{id=~"(qemu|lxc)/[0-9]+"}';

/** One chart metric for one id, or (sel = GUESTS) for every guest at once. */
export function seriesQuery(metric: SeriesMetric, sel: string, rateWindow: number): string {
  const upOnly = `and on(id) (pve_up${sel} == 1)`;
  switch (metric) {
    case 'cpu':
      return `pve_cpu_usage_ratio${sel} ${upOnly}`;
    case 'mem':
      return `(pve_memory_usage_bytes${sel} / pve_memory_size_bytes${sel}) ${upOnly}`;
    case 'disk':
      return `pve_disk_usage_bytes${sel} / pve_disk_size_bytes${sel}`;
    case 'netRx':
      return `${rateQuery('pve_network_receive_bytes', rateWindow, sel)} ${upOnly}`;
    case 'netTx':
      return `${rateQuery('pve_network_transmit_bytes', rateWindow, sel)} ${upOnly}`;
  }
}

export const fleetSeriesQuery = (metric: SeriesMetric, rateWindow: number) => seriesQuery(metric, GUESTS, rateWindow);
