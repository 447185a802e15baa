import type { Guest, Node } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import type { GuestReading, NodeReading } from '../../adapters/ports';
import { clusterDiff, isEmptyDiff } from './cluster-diff';

const READ_AT = new Date('2026-11-30T12:00:00Z');
const before = '2026-11-30T11:59:00.000Z';
const after = '2026-11-30T12:00:01.000Z';

const nodePve = { version: '8.3.2', kernel: '6.8.12-4-pve', bootedAt: '2026-11-01T08:00:00.000Z', ip: '10.0.0.11' };
const guestPve = {
  lock: null,
  haState: null,
  bootedAt: '2026-11-28T08:00:00.000Z',
  ips: ['10.20.0.202'],
  ipSource: 'agent' as const,
  nets: [{ name: 'net0', model: 'virtio', mac: 'BC:24:11:00:00:C8', bridge: 'vmbr0' }],
  disks: [{ name: 'scsi0', storage: 'local-lvm', sizeBytes: 68719476736 }],
  digest: 'a'.repeat(40),
};
const node: NodeReading = {
  id: 'node/pve1',
  name: 'pve1',
  cluster: 'homelab',
  status: 'online',
  cpuCores: 16,
  memoryBytes: 64,
  diskBytes: 100,
  tags: [],
  pve: nodePve,
};
const guest: GuestReading = {
  id: 'qemu/200',
  vmid: 200,
  type: 'qemu',
  nodeId: 'node/pve1',
  name: 'jellyfin',
  status: 'running',
  cores: 4,
  memoryBytes: 6,
  diskBytes: 64,
  tags: ['media'],
  role: null,
  pve: guestPve,
};
/** As the database hands them back: keys of the JSON in another order, a role and tags agents gave. */
const stored = (updatedAt = before): { nodes: Node[]; guests: Guest[] } => ({
  nodes: [
    {
      ...node,
      tags: ['core'],
      pve: { ip: nodePve.ip, kernel: nodePve.kernel, version: '8.3.2', bootedAt: nodePve.bootedAt },
      updatedAt,
    },
  ],
  guests: [
    {
      ...guest,
      role: 'user',
      pve: {
        digest: guestPve.digest,
        disks: [{ sizeBytes: 68719476736, storage: 'local-lvm', name: 'scsi0' }],
        nets: [{ bridge: 'vmbr0', mac: 'BC:24:11:00:00:C8', model: 'virtio', name: 'net0' }],
        ipSource: 'agent',
        ips: ['10.20.0.202'],
        bootedAt: guestPve.bootedAt,
        haState: null,
        lock: null,
      },
      updatedAt,
    },
  ],
});
const reading = (guests: GuestReading[] = [guest]) => ({ cluster: 'homelab', readAt: READ_AT, nodes: [node], guests });

describe('what a reading of a cluster changes', () => {
  it('nothing, when Proxmox says what is stored (whatever order the database keeps JSON keys in, a boot a second off)', () => {
    const d = clusterDiff(
      stored(),
      reading([{ ...guest, pve: { ...guestPve, bootedAt: '2026-11-28T08:00:01.000Z' } }]),
    );
    expect(isEmptyDiff(d)).toBe(true);
  });

  it('a guest whose lock, addresses or place changed, keeping the role and node tags agents gave', () => {
    const d = clusterDiff(stored(), reading([{ ...guest, pve: { ...guestPve, lock: 'backup' } }]));
    expect(d.guests).toEqual([
      expect.objectContaining({ id: 'qemu/200', role: 'user', pve: { ...guestPve, lock: 'backup' } }),
    ]);
    const moved = clusterDiff(stored(), { ...reading(), nodes: [{ ...node, pve: { ...nodePve, version: '8.3.3' } }] });
    expect(moved.nodes).toEqual([expect.objectContaining({ id: 'node/pve1', tags: ['core'] })]);
  });

  it('a guest Proxmox no longer lists goes, unless it was written after the reading began', () => {
    expect(clusterDiff(stored(), reading([])).deleteGuests).toEqual(['qemu/200']);
    // A deployment stored it while the reading was on its way: the reading is older, and it stays.
    expect(clusterDiff(stored(after), reading([])).deleteGuests).toEqual([]);
    expect(clusterDiff(stored(after), reading([{ ...guest, status: 'stopped' }])).guests).toEqual([]);
  });

  it("leaves out a guest whose VMID another cluster's guest holds, and says so", () => {
    const other = stored();
    other.nodes.push({ ...node, id: 'node/far', name: 'far', cluster: 'garage', updatedAt: before });
    other.guests[0] = { ...other.guests[0]!, nodeId: 'node/far' };
    const d = clusterDiff(other, reading());
    expect(d.conflicts).toEqual([200]);
    expect(d.guests).toEqual([]);
    expect(d.deleteGuests).toEqual([]);
  });
});
