import type { FastifyInstance } from 'fastify';
import type { LabModel } from './lab-model';

const TB = 1000 ** 4;

// prettier-ignore
type Disk = [devpath: string, model: string, serial: string, type: string, size: number, health: string, wearout: number | 'N/A', used: string];

/**
 * The demo lab's disks and ZFS pools, as a homelab's look after a few years: pve1's NVMe has 12 %
 * of its life left (amber), pve3's media pool is degraded by a failed disk (red), pve2's mirror is
 * healthy. Per node by name; a node added for a benchmark has one NVMe.
 */
// prettier-ignore
const DISKS: Record<string, Disk[]> = {
  pve1: [
    ['/dev/nvme0n1', 'Samsung SSD 980 PRO 1TB', 'S5GXNX0T812345A', 'nvme', 1 * TB, 'PASSED', 12, 'LVM'],
    ['/dev/sda', 'CT1000MX500SSD1', '2213E6A1B2C3', 'ssd', 1 * TB, 'PASSED', 81, 'partitions'],
  ],
  pve2: [
    ['/dev/nvme0n1', 'WD_BLACK SN850X 2000GB', '23152A801234', 'nvme', 2 * TB, 'PASSED', 97, 'LVM'],
    ['/dev/sda', 'WDC WD40EFRX-68N32N0', 'WD-WCC7K1ABCDEF', 'hdd', 4 * TB, 'PASSED', 'N/A', 'ZFS'],
    ['/dev/sdb', 'WDC WD40EFRX-68N32N0', 'WD-WCC7K2ABCDEF', 'hdd', 4 * TB, 'PASSED', 'N/A', 'ZFS'],
  ],
  pve3: [
    ['/dev/nvme0n1', 'KINGSTON SNV2S1000G', '50026B7686ABCDEF', 'nvme', 1 * TB, 'PASSED', 88, 'LVM'],
    ['/dev/sda', 'ST8000VN004-2M2101', 'WSD1ABCD', 'hdd', 8 * TB, 'PASSED', 'N/A', 'ZFS'],
    ['/dev/sdb', 'ST8000VN004-2M2101', 'WSD2ABCD', 'hdd', 8 * TB, 'FAILED', 'N/A', 'ZFS'],
  ],
};

/** node → [pool, health, size, alloc, frag] */
const POOLS: Record<string, [name: string, health: string, size: number, alloc: number, frag: number]> = {
  pve2: ['tank', 'ONLINE', 4 * TB, 1.6 * TB, 12],
  pve3: ['media', 'DEGRADED', 8 * TB, 6.9 * TB, 31],
};

/** The ZFS pool of a node as a `zfspool` storage entry of /cluster/resources, when it has one. */
export function zfsStorage(node: string): Record<string, unknown> | null {
  const p = POOLS[node];
  if (!p) return null;
  const [name, , size, alloc] = p;
  return {
    id: `storage/${node}/${name}`,
    type: 'storage',
    node,
    storage: name,
    plugintype: 'zfspool',
    content: 'images,rootdir',
    status: 'available',
    shared: 0,
    disk: Math.round(alloc),
    maxdisk: Math.round(size),
  };
}

/** `/nodes/{node}/disks/list` and `/nodes/{node}/disks/zfs`, as Proxmox VE answers them. */
export function installPveDiskRoutes(scope: FastifyInstance, model: LabModel): void {
  const pub = { config: { access: 'public' } } as const;
  type P = { Params: { node: string } };
  const online = (node: string) => model.nodes.some((n) => n.name === node && n.status === 'online');
  scope.get<P>('/nodes/:node/disks/list', pub, async (req, reply) => {
    const { node } = req.params;
    if (!online(node)) return reply.code(595).send({ data: null, message: `no such node or node offline '${node}'` });
    const disks = DISKS[node] ?? [
      ['/dev/nvme0n1', 'Samsung SSD 990 PRO 2TB', `S7B${node}`, 'nvme', 2 * TB, 'PASSED', 99, 'LVM'],
    ];
    return {
      data: disks.map(([devpath, model, serial, type, size, health, wearout, used]) => ({
        devpath,
        model,
        serial,
        type,
        size: Math.round(size),
        health,
        wearout,
        used,
        gpt: 1,
        vendor: type === 'hdd' ? 'ATA' : 'unknown',
        wwn: 'unknown',
        by_id_link: `/dev/disk/by-id/${type === 'nvme' ? 'nvme' : 'ata'}-${model.replaceAll(' ', '_')}_${serial}`,
        rpm: type === 'hdd' ? 5400 : 0,
      })),
    };
  });
  scope.get<P>('/nodes/:node/disks/zfs', pub, async (req, reply) => {
    const { node } = req.params;
    if (!online(node)) return reply.code(595).send({ data: null, message: `no such node or node offline '${node}'` });
    const p = POOLS[node];
    if (!p) return { data: [] };
    const [name, health, size, alloc, frag] = p;
    return {
      data: [
        {
          name,
          health,
          size: Math.round(size),
          alloc: Math.round(alloc),
          free: Math.round(size - alloc),
          frag,
          dedup: 1,
        },
      ],
    };
  });
}
