import type { InventorySnapshot } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../adapters/db/migrate';
import { DB_KINDS, openTestDb } from '../../../test/test-db';
import { fleetRepository as repo } from './fleet.repository';

const GiB = 1024 ** 3;
const snapshot: InventorySnapshot = {
  nodes: [
    {
      id: 'node/pve1',
      name: 'pve1',
      cluster: 'lab',
      status: 'online',
      cpuCores: 16,
      memoryBytes: 128 * GiB,
      diskBytes: 4000 * GiB,
      tags: ['core'],
    },
    {
      id: 'node/pve2',
      name: 'pve2',
      cluster: 'lab',
      status: 'offline',
      cpuCores: 8,
      memoryBytes: 32 * GiB,
      diskBytes: 0,
      tags: [],
    },
  ],
  guests: [
    {
      id: 'qemu/100',
      vmid: 100,
      type: 'qemu',
      nodeId: 'node/pve1',
      name: 'x"} or vector(1) #',
      status: 'running',
      cores: 4,
      memoryBytes: 8 * GiB,
      diskBytes: 64 * GiB,
      tags: ['media', 'a+b'],
      role: 'user',
    },
    {
      id: 'lxc/101',
      vmid: 101,
      type: 'lxc',
      nodeId: 'node/pve2',
      name: 'postgresql',
      status: 'stopped',
      cores: 2,
      memoryBytes: 4 * GiB,
      diskBytes: 32 * GiB,
      tags: [],
      role: null,
    },
  ],
  services: [
    {
      id: 'service/pg',
      name: 'PostgreSQL',
      guestId: 'lxc/101',
      kind: 'core',
      healthJob: 'pve',
      healthInstance: 'lxc/101',
      httpCheckUrl: null,
      graphNode: 'PG',
    },
  ],
  discoveredHosts: [
    {
      mac: '3c:ec:ef:12:34:56',
      ip: '10.0.0.5',
      hostname: 'nuc',
      facts: { cores: 12, bios: 'v1 "quoted"' },
      suggestedRole: 'proxmox-node',
      state: 'new',
    },
  ],
};

describe.each(DB_KINDS)('fleet repository on %s', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());

  const db = () => t.client.db;

  it('applies migrations once: a second run changes nothing', async () => {
    expect(await migrate(t.client)).toEqual([]);
  });

  it('stores nodes and guests keyed by Proxmox id and reads them back exactly', async () => {
    await repo.upsertNodes(db(), snapshot.nodes);
    await repo.upsertGuests(db(), snapshot.guests);
    const nodes = await repo.listNodes(db());
    expect(nodes.map((n) => [n.id, n.memoryBytes, n.status, n.tags])).toEqual([
      ['node/pve1', 128 * GiB, 'online', ['core']],
      ['node/pve2', 32 * GiB, 'offline', []],
    ]);
    const g = await repo.findGuest(db(), 'qemu/100');
    expect(g).toMatchObject({
      name: 'x"} or vector(1) #',
      vmid: 100,
      type: 'qemu',
      nodeId: 'node/pve1',
      memoryBytes: 8 * GiB,
      diskBytes: 64 * GiB,
      tags: ['media', 'a+b'],
      role: 'user',
    });
    expect(new Date(g!.updatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await repo.findGuest(db(), 'qemu/999')).toBeNull();
  });

  it('updates a guest in place when it is reported again (a migration to another node)', async () => {
    await repo.upsertGuests(db(), [{ ...snapshot.guests[0]!, nodeId: 'node/pve2', status: 'stopped' }]);
    expect(await repo.findGuest(db(), 'qemu/100')).toMatchObject({ nodeId: 'node/pve2', status: 'stopped' });
    expect((await repo.listGuests(db())).length).toBe(2);
  });

  it('refuses a guest whose id does not match its type and vmid', async () => {
    await expect(repo.upsertGuests(db(), [{ ...snapshot.guests[1]!, id: 'lxc/999' }])).rejects.toThrow();
  });

  it('keeps services and discovered hosts with their facts', async () => {
    await repo.upsertServices(db(), snapshot.services);
    await repo.upsertDiscoveredHosts(db(), snapshot.discoveredHosts);
    await repo.upsertDiscoveredHosts(db(), snapshot.discoveredHosts);
    expect((await repo.listServices(db(), { guestId: 'lxc/101' })).map((s) => s.name)).toEqual(['PostgreSQL']);
    const hosts = await repo.listDiscoveredHosts(db());
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({
      mac: '3c:ec:ef:12:34:56',
      state: 'new',
      facts: { cores: 12, bios: 'v1 "quoted"' },
    });
  });

  it('removes what a full snapshot no longer lists', async () => {
    await repo.deleteMissing(db(), { nodes: ['node/pve1', 'node/pve2'], guests: ['lxc/101'], services: [] });
    expect((await repo.listGuests(db())).map((g) => g.id)).toEqual(['lxc/101']);
    expect(await repo.listServices(db())).toEqual([]);
  });

  it('says when the inventory was last written', async () => {
    const at = await repo.findInventoryUpdatedAt(db());
    expect(at).toBeInstanceOf(Date);
    expect(Date.now() - at!.getTime()).toBeLessThan(60_000);
  });

  it('writes 5,000 guests in chunks without exceeding the parameter limit', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...snapshot.guests[1]!,
      id: `lxc/${2000 + i}` as const,
      vmid: 2000 + i,
      name: `svc-${i}`,
    }));
    await repo.upsertGuests(db(), many);
    expect((await repo.listGuests(db())).length).toBe(5001);
  });
});
