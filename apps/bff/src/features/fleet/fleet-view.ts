import {
  fold,
  roundRatio,
  type FleetListInput,
  type FleetRow,
  type Guest,
  type Node,
  type NodeHeadroom,
  type Usage,
} from '@ralf/shared';
import type { FleetSortKey } from '@ralf/shared';

/** Ratios to 0.01% (four decimals): all a page shows, and a third of the JSON of a full double. */
const r4 = roundRatio;
const ratio = (used: number | null | undefined, size: number | null | undefined) =>
  used != null && size ? r4(used / size) : null;

/**
 * A guest's use as shown: a VM's disk use reported as 0 is unknown, not empty (Proxmox and its
 * exporter report 0 for a VM without the QEMU guest agent).
 */
export function shownUsage(g: Pick<Guest, 'type'>, u: Usage): Usage {
  return g.type === 'qemu' && u.diskUsed === 0 ? { ...u, diskUsed: null } : u;
}

/** Where the inventory and the metrics disagree about a guest; `metricsKnown`: the metrics source answered. */
export function disagreementOf(g: Guest, usage: Usage | undefined, metricsKnown: boolean): FleetRow['disagreement'] {
  if (!metricsKnown) return null;
  if (!usage) return 'no-metrics';
  return g.status === 'running' && usage.up === false ? 'down-in-metrics' : null;
}

/** A guest's table row: inventory plus use as ratios; a guest that is not up shows no use. */
export function toRow(g: Guest, usage: Usage | undefined, metricsKnown = false): FleetRow {
  const u = usage && shownUsage(g, usage);
  const up = u?.up !== false;
  return {
    id: g.id,
    vmid: g.vmid,
    type: g.type,
    nodeId: g.nodeId,
    name: g.name,
    status: g.status,
    cores: g.cores,
    memoryBytes: g.memoryBytes,
    diskBytes: g.diskBytes,
    tags: g.tags,
    lock: g.pve?.lock ?? null,
    ips: g.pve?.ips ?? [],
    disagreement: disagreementOf(g, usage, metricsKnown),
    cpuUse: up ? r4(u?.cpu) : null,
    memUse: up ? ratio(u?.memUsed, u?.memSize) : null,
    diskUse: ratio(u?.diskUsed, u?.diskSize),
  };
}

export function toHeadroom(n: Node, u: Usage | undefined, guests: number): NodeHeadroom {
  return {
    id: n.id,
    name: n.name,
    cluster: n.cluster,
    status: n.status,
    cpuCores: n.cpuCores,
    memoryBytes: n.memoryBytes,
    cpu: r4(u?.cpu),
    mem: ratio(u?.memUsed, u?.memSize),
    guests,
  };
}

type Parsed = Required<Pick<FleetListInput, 'sort' | 'dir'>> & Omit<FleetListInput, 'sort' | 'dir'>;

/** Filters by cluster, node, type, status, tag and free text (name, id, vmid, node, tags, an address's start). */
export function filterRows(rows: FleetRow[], f: Parsed, clusterOf: (nodeId: string) => string | undefined): FleetRow[] {
  const nodes = f.nodes?.length ? new Set<string>(f.nodes) : null;
  const statuses = f.statuses?.length ? new Set<string>(f.statuses) : null;
  // Accents and case do not matter ("kuche" finds "küche-display"), as in the command palette.
  const q = fold(f.q?.trim() ?? '');
  return rows.filter(
    (r) =>
      (!nodes || nodes.has(r.nodeId)) &&
      (!f.cluster || clusterOf(r.nodeId) === f.cluster) &&
      (!f.type || r.type === f.type) &&
      (!statuses || statuses.has(r.status)) &&
      (!f.tag || r.tags.includes(f.tag)) &&
      (!q ||
        fold(r.name).includes(q) ||
        r.id.includes(q) ||
        String(r.vmid) === q ||
        r.nodeId.slice(5).toLowerCase() === q ||
        r.tags.some((t) => fold(t).includes(q)) ||
        r.ips.some((ip) => ip.startsWith(q))),
  );
}

const KEY: Record<FleetSortKey, (r: FleetRow) => string | number | null> = {
  name: (r) => r.name.toLowerCase(),
  vmid: (r) => r.vmid,
  status: (r) => r.status,
  node: (r) => r.nodeId,
  type: (r) => r.type,
  cores: (r) => r.cores,
  memory: (r) => r.memoryBytes,
  disk: (r) => r.diskBytes,
  tags: (r) => (r.tags.length ? r.tags.join(',').toLowerCase() : null),
  cpuUse: (r) => r.cpuUse,
  memUse: (r) => r.memUse,
  diskUse: (r) => r.diskUse,
};

/** Sorts by any column; rows without a value go last in either direction; ties by name. */
export function sortRows(rows: FleetRow[], key: FleetSortKey, dir: 'asc' | 'desc'): FleetRow[] {
  const get = KEY[key];
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r) => ({ r, k: get(r) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? 0 : a.k === null ? 1 : -1;
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return c !== 0 ? sign * c : a.r.name.localeCompare(b.r.name) || a.r.vmid - b.r.vmid;
    })
    .map((x) => x.r);
}
