import {
  FLEET_SORT_KEYS,
  type FleetListInput,
  type FleetSortKey,
  type GuestStatus,
  type GuestType,
} from '@ralf/shared';

const TYPES = new Set(['qemu', 'lxc']);
const STATUSES = new Set(['running', 'stopped', 'paused', 'unknown']);

/**
 * The fleet list's input from the address (`?cluster=homelab&node=pve1&type=qemu&q=jelly&sort=cpuUse&dir=desc`).
 * Values the BFF would refuse are dropped here, so a hand-edited address still shows a page.
 */
export function fleetInputFromParams(params: URLSearchParams): FleetListInput {
  const sort = params.get('sort') as FleetSortKey | null;
  const type = params.get('type');
  const status = params.get('status');
  const out: FleetListInput = {
    sort: sort && FLEET_SORT_KEYS.includes(sort) ? sort : 'name',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
  const nodes = params
    .getAll('node')
    .filter((n) => /^[A-Za-z0-9.-]+$/.test(n))
    .map((n) => `node/${n}`);
  if (nodes.length) out.nodes = nodes;
  if (type && TYPES.has(type)) out.type = type as GuestType;
  if (status && STATUSES.has(status)) out.statuses = [status as GuestStatus];
  const cluster = params.get('cluster');
  if (cluster) out.cluster = cluster.slice(0, 128);
  const tag = params.get('tag');
  if (tag) out.tag = tag;
  const q = params.get('q');
  if (q) out.q = q.slice(0, 200);
  return out;
}
