import type { FleetRow } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { filterRows, sortRows } from './fleet-view';

const row = (p: Partial<FleetRow> & Pick<FleetRow, 'id' | 'name'>): FleetRow => ({
  vmid: Number(p.id.split('/')[1]),
  type: p.id.startsWith('qemu') ? 'qemu' : 'lxc',
  nodeId: 'node/pve1',
  status: 'running',
  cores: 1,
  memoryBytes: 1,
  diskBytes: 1,
  tags: [],
  lock: null,
  ips: [],
  disagreement: null,
  cpuUse: 0.1,
  memUse: 0.1,
  diskUse: 0.1,
  ...p,
});

const rows = [
  row({ id: 'qemu/200', name: 'jellyfin', nodeId: 'node/pve3', tags: ['media'], cpuUse: 0.6, ips: ['10.20.0.202'] }),
  row({ id: 'lxc/101', name: 'postgresql', tags: ['core', 'db'], cpuUse: 0.2 }),
  row({ id: 'qemu/208', name: 'win11-test', nodeId: 'node/pve2', status: 'stopped', cpuUse: null }),
  row({ id: 'lxc/102', name: 'gitea', tags: ['core'], cpuUse: 0.05 }),
];
const base = { sort: 'name' as const, dir: 'asc' as const };
/** pve3 stands in the garage, a cluster of its own. */
const clusterOf = (nodeId: string) => (nodeId === 'node/pve3' ? 'garage' : 'homelab');

describe('fleet table filters and sort', () => {
  it('filters by node, type, status and tag together', () => {
    expect(filterRows(rows, { ...base, nodes: ['node/pve1'] }, clusterOf).map((r) => r.name)).toEqual([
      'postgresql',
      'gitea',
    ]);
    expect(filterRows(rows, { ...base, type: 'qemu' }, clusterOf).map((r) => r.name)).toEqual([
      'jellyfin',
      'win11-test',
    ]);
    expect(filterRows(rows, { ...base, statuses: ['stopped'] }, clusterOf).map((r) => r.name)).toEqual(['win11-test']);
    expect(filterRows(rows, { ...base, tag: 'core', nodes: ['node/pve1'] }, clusterOf).map((r) => r.name)).toEqual([
      'postgresql',
      'gitea',
    ]);
  });

  it('finds a guest by part of its name, its vmid, its id, a tag or the start of an address', () => {
    expect(filterRows(rows, { ...base, q: 'JELLY' }, clusterOf).map((r) => r.name)).toEqual(['jellyfin']);
    expect(filterRows(rows, { ...base, q: '101' }, clusterOf).map((r) => r.name)).toEqual(['postgresql']);
    expect(filterRows(rows, { ...base, q: 'qemu/208' }, clusterOf).map((r) => r.name)).toEqual(['win11-test']);
    expect(filterRows(rows, { ...base, q: 'db' }, clusterOf).map((r) => r.name)).toEqual(['postgresql']);
    expect(filterRows(rows, { ...base, q: 'x"} or vector(1) #' }, clusterOf)).toEqual([]);
    // Accents and case do not matter either way (an agent may report a name Proxmox would refuse).
    const kitchen = [{ ...rows[0]!, name: 'Küchen-Pi' }];
    expect(filterRows(kitchen, { ...base, q: 'kuchen' }, clusterOf)).toHaveLength(1);
    expect(filterRows(kitchen, { ...base, q: 'KÜCHEN-pi' }, clusterOf)).toHaveLength(1);
    expect(filterRows(rows, { ...base, q: '10.20.0' }, clusterOf).map((r) => r.name)).toEqual(['jellyfin']);
  });

  it('filters by cluster', () => {
    expect(filterRows(rows, { ...base, cluster: 'garage' }, clusterOf).map((r) => r.name)).toEqual(['jellyfin']);
    expect(filterRows(rows, { ...base, cluster: 'homelab' }, clusterOf)).toHaveLength(3);
  });

  it('sorts by any column both ways, with missing values last', () => {
    expect(sortRows(rows, 'cpuUse', 'desc').map((r) => r.name)).toEqual([
      'jellyfin',
      'postgresql',
      'gitea',
      'win11-test',
    ]);
    expect(sortRows(rows, 'cpuUse', 'asc').map((r) => r.name)).toEqual([
      'gitea',
      'postgresql',
      'jellyfin',
      'win11-test',
    ]);
    expect(sortRows(rows, 'vmid', 'asc').map((r) => r.vmid)).toEqual([101, 102, 200, 208]);
    expect(sortRows(rows, 'name', 'desc').map((r) => r.name)).toEqual([
      'win11-test',
      'postgresql',
      'jellyfin',
      'gitea',
    ]);
    expect(sortRows(rows, 'tags', 'asc').map((r) => r.name)).toEqual(['gitea', 'postgresql', 'jellyfin', 'win11-test']);
  });
});
