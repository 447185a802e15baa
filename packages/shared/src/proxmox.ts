import { z } from 'zod';

/**
 * What Proxmox VE tells of a node beyond its size and state (issue 19): its versions and since
 * when it runs. Null on a node no Proxmox reading has described (one only an agent reported).
 */
export const NodePveSchema = z.object({
  /** `pveversion` of /nodes/{node}/status, `pve-manager/8.3.2/3e76eec2`, shown as 8.3.2. */
  version: z.string().nullable(),
  /** The running kernel's release (`current-kernel.release`), `6.8.12-4-pve`. */
  kernel: z.string().nullable(),
  /** When it booted (now minus its uptime), ISO time; null while offline. */
  bootedAt: z.string().nullable(),
  /** Its address in the cluster (/cluster/status), when it has one. */
  ip: z.string().nullable(),
});
export type NodePve = z.infer<typeof NodePveSchema>;

export const GuestNetSchema = z.object({
  /** `net0`, … as in the guest's config. */
  name: z.string(),
  mac: z.string().nullable(),
  bridge: z.string().nullable(),
  /** `virtio`, `e1000`, … for VMs; `veth` for containers. */
  model: z.string().nullable(),
});
export const GuestDiskSchema = z.object({
  /** `scsi0`, `virtio1`, `rootfs`, `mp0`, … */
  name: z.string(),
  storage: z.string().nullable(),
  sizeBytes: z.number().nullable(),
});

/**
 * Where a guest's addresses came from: the QEMU guest agent, a container's `/interfaces`, or
 * why there are none (`no-agent`: a VM without a running agent; `forbidden`: the token may not ask
 * the agent; `stopped`; `not-read`: not asked yet).
 */
export const IpSourceSchema = z.enum(['agent', 'interfaces', 'no-agent', 'forbidden', 'stopped', 'not-read']);
export type IpSource = z.infer<typeof IpSourceSchema>;

/** What Proxmox VE tells of a guest beyond its size and state. */
export const GuestPveSchema = z.object({
  /** A task holds it: `backup`, `migrate`, `snapshot`, `rollback`, `clone`, `create`, … */
  lock: z.string().nullable(),
  /** Its HA state when HA manages it (`started`, `stopped`, `error`, …), else null. */
  haState: z.string().nullable(),
  bootedAt: z.string().nullable(),
  ips: z.array(z.string()),
  ipSource: IpSourceSchema,
  nets: z.array(GuestNetSchema),
  disks: z.array(GuestDiskSchema),
  /** Its config's `digest` when it was read (a change made by hand shows as another digest). */
  digest: z.string().nullable(),
});
export type GuestPve = z.infer<typeof GuestPveSchema>;

/**
 * One Proxmox VE cluster (or standalone host) as ralf-ui reads it: its name and quorum, its
 * templates (listed apart from guests), and whether its API answers, since when not and why.
 */
export const PveClusterSchema = z.object({
  name: z.string(),
  /** The address it is read from (no token, no path). */
  url: z.string(),
  quorate: z.boolean().nullable(),
  nodes: z.number().int(),
  templates: z.array(z.object({ id: z.string(), name: z.string(), node: z.string() })),
  /** VMIDs of its guests left out because another cluster's guests hold them (ids are one namespace). */
  conflicts: z.array(z.number()),
  state: z.enum(['ok', 'unavailable']),
  /** Since when it does not answer, and why (timeout, the token refused, a certificate mismatch, …). */
  since: z.string().nullable(),
  message: z.string().nullable(),
  /** When it last answered. */
  readAt: z.string().nullable(),
});
export type PveCluster = z.infer<typeof PveClusterSchema>;

/** One storage of one node, as /cluster/resources lists it (a shared storage once per node). */
export const PveStorageSchema = z.object({
  /** `storage/pve1/local-lvm`. */
  id: z.string(),
  cluster: z.string(),
  node: z.string(),
  name: z.string(),
  /** `dir`, `lvmthin`, `zfspool`, `pbs`, `nfs`, `cephfs`, … */
  type: z.string(),
  content: z.array(z.string()),
  usedBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  shared: z.boolean(),
  /** Proxmox says `available`; anything else (a share not mounted) is not active. */
  active: z.boolean(),
});
export type PveStorage = z.infer<typeof PveStorageSchema>;

/** A ZFS pool of a node (`/nodes/{node}/disks/zfs`). */
export const ZfsPoolSchema = z.object({
  node: z.string(),
  name: z.string(),
  /** `ONLINE`, `DEGRADED`, `FAULTED`, … as `zpool` says it. */
  health: z.string(),
  sizeBytes: z.number().nullable(),
  allocBytes: z.number().nullable(),
  fragPercent: z.number().nullable(),
});
export type ZfsPool = z.infer<typeof ZfsPoolSchema>;

/** A physical disk of a node (`/nodes/{node}/disks/list`) with its SMART health and wear. */
export const PveDiskSchema = z.object({
  node: z.string(),
  devpath: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  /** `nvme`, `ssd`, `hdd`, `usb`, `unknown`. */
  type: z.string(),
  sizeBytes: z.number().nullable(),
  /** SMART's verdict: `PASSED`/`OK` healthy, `FAILED` not, `UNKNOWN` not told. */
  health: z.string(),
  /** Life left in percent (100 is new), for SSDs and NVMe; null when the disk does not say. */
  wearout: z.number().nullable(),
  /** What uses it: `ZFS`, `LVM`, `partitions`, `mounted`, … */
  used: z.string().nullable(),
});
export type PveDisk = z.infer<typeof PveDiskSchema>;

/** Each cluster's storages, ZFS pools and disks (the storage page). */
export const StoragePageSchema = z.object({
  clusters: z.array(
    z.object({
      cluster: PveClusterSchema,
      storages: z.array(PveStorageSchema),
      pools: z.array(ZfsPoolSchema),
      disks: z.array(PveDiskSchema),
    }),
  ),
});
export type StoragePage = z.infer<typeof StoragePageSchema>;

/** Where a storage row turns amber and red (share of its space in use, as every use bar), and a disk's wear (life left). */
export const STORAGE_WARN = 0.75;
export const STORAGE_BAD = 0.9;
export const WEAR_WARN = 20;
export const WEAR_BAD = 10;
