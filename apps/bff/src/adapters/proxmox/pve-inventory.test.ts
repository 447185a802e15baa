import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InventorySnapshotSchema } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { inventoryOf } from './pve-inventory';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/proxmox/cluster-resources.json'), 'utf8'),
) as {
  data: unknown[];
};

const NOW = new Date('2026-11-30T12:00:00Z');

describe("a cluster's /cluster/resources, read as inventory", () => {
  const inv = inventoryOf(fixture.data, 'homelab', NOW);

  it('reads nodes and guests as the inventory stores them, valid by the shared schema', () => {
    expect(inv.nodes.map((n) => [n.id, n.status, n.cpuCores])).toEqual([
      ['node/pve1', 'online', 16],
      ['node/pve2', 'offline', 0],
    ]);
    expect(inv.guests.find((g) => g.id === 'qemu/100')).toEqual({
      id: 'qemu/100',
      vmid: 100,
      type: 'qemu',
      nodeId: 'node/pve1',
      name: 'nextcloud',
      status: 'running',
      cores: 4,
      memoryBytes: 8589934592,
      diskBytes: 68719476736,
      tags: ['core', 'files'],
      role: null,
      pve: {
        lock: null,
        haState: 'started',
        bootedAt: '2026-11-29T12:00:00.000Z',
        ips: [],
        ipSource: 'not-read',
        nets: [],
        disks: [],
        digest: null,
      },
    });
    expect(inv.nodes[0]!.pve).toEqual({ version: null, kernel: null, bootedAt: '2026-11-16T12:00:00.000Z', ip: null });
    const asAgentsSendIt = {
      nodes: inv.nodes.map(({ pve: _, ...n }) => n),
      guests: inv.guests.map(({ pve: _, ...g }) => g),
      services: [],
      discoveredHosts: [],
    };
    expect(InventorySnapshotSchema.safeParse(asAgentsSendIt).success).toBe(true);
  });

  it('lists templates apart, keeps a locked guest, and says a guest on an offline node is unknown', () => {
    expect(inv.templates).toEqual([{ id: 'qemu/9000', name: 'debian-12-template', node: 'pve1' }]);
    expect(inv.guests.find((g) => g.id === 'lxc/102')!.pve).toMatchObject({ lock: 'backup', bootedAt: null });
    expect(inv.guests.map((g) => g.id)).toEqual(['qemu/100', 'lxc/101', 'lxc/102', 'qemu/103', 'qemu/200']);
    expect(inv.guests.find((g) => g.id === 'qemu/200')).toMatchObject({
      status: 'unknown',
      nodeId: 'node/pve2',
      cores: 0,
    });
  });

  it('skips storage, pools and SDN without an error, and names an entry it cannot read', () => {
    expect(inv.skipped).toEqual({ storage: 2, pool: 1, sdn: 1 });
    expect(inv.problems).toEqual([]);
    const odd = inventoryOf(
      [{ id: 'qemu/1', type: 'qemu' }, { type: 'node' }, { id: 'x/1', type: 'future-kind', whatever: true }],
      'c',
      NOW,
    );
    expect(odd.problems).toHaveLength(2);
    expect(odd.skipped).toEqual({ 'future-kind': 1 });
  });

  it('takes counts sent as strings, and tags separated by commas or spaces', () => {
    const r = inventoryOf(
      [{ id: 'lxc/5', type: 'lxc', vmid: '5', node: 'pve1', status: 'stopped', maxmem: '1024', tags: 'a,b c;d' }],
      'c',
      NOW,
    );
    expect(r.guests[0]).toMatchObject({ vmid: 5, memoryBytes: 1024, tags: ['a', 'b', 'c', 'd'], status: 'stopped' });
  });
});
