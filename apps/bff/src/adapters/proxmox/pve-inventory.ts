import { z } from 'zod';
import type { GuestReading, NodeReading } from '../ports';

/** A count Proxmox may send as a number or as a numeric string (its schema's integers arrive both ways). */
const Num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/**
 * One entry of `GET /cluster/resources` as Proxmox VE documents it (API schema `ClusterResource`,
 * proxmox/proxmox-rs `pve-api-types`): nodes, guests, storage, pools, SDN zones and whatever a
 * later version adds. Only `id` and `type` are required; fields not read here are kept, never refused.
 */
export const PveResourceSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    node: z.string().optional(),
    vmid: Num.optional(),
    name: z.string().optional(),
    status: z.string().optional(),
    cpu: Num.optional(),
    maxcpu: Num.optional(),
    mem: Num.optional(),
    maxmem: Num.optional(),
    disk: Num.optional(),
    maxdisk: Num.optional(),
    uptime: Num.optional(),
    template: z.union([Num, z.boolean()]).optional(),
    /** Semicolon-separated (Proxmox also accepts commas and spaces when writing them). */
    tags: z.string().optional(),
    lock: z.string().optional(),
    hastate: z.string().optional(),
  })
  .loose();
export type PveResource = z.infer<typeof PveResourceSchema>;

type Node = NodeReading;
type Guest = GuestReading;

export interface PveInventory {
  nodes: Node[];
  guests: Guest[];
  /** Guest templates: listed apart, never counted as guests. */
  templates: { id: string; name: string; node: string }[];
  /** Entries of other types (storage, pool, sdn, …) by type: read elsewhere or not at all, never an error. */
  skipped: Record<string, number>;
  /** Entries that could not be read, with why (a guest without a vmid, say). */
  problems: string[];
}

const TAG = /^[A-Za-z0-9_.+-]{1,64}$/;
const GUEST_STATUS: Record<string, Guest['status']> = { running: 'running', stopped: 'stopped', paused: 'paused' };
const NODE_STATUS: Record<string, Node['status']> = { online: 'online', offline: 'offline' };

/** When something booted that has been up `uptime` seconds at `now`; null when it is not up. */
const bootedAt = (uptime: number | undefined, now: Date) =>
  uptime && uptime > 0 ? new Date(now.getTime() - uptime * 1000).toISOString() : null;

/**
 * The inventory one cluster's `/cluster/resources` describes, read at `now`. A node Proxmox
 * reports offline omits its live fields: it is offline, and its guests' state is unknown
 * (Proxmox cannot tell). What only other calls tell (versions, config, addresses) starts empty:
 * the reader fills it in (proxmox-inventory.ts).
 */
export function inventoryOf(raw: readonly unknown[], cluster: string, now: Date): PveInventory {
  const out: PveInventory = { nodes: [], guests: [], templates: [], skipped: {}, problems: [] };
  const offline = new Set<string>();
  const entries: PveResource[] = [];
  for (const item of raw) {
    const r = PveResourceSchema.safeParse(item);
    if (r.success) entries.push(r.data);
    else out.problems.push(`an entry without an id or type: ${JSON.stringify(item).slice(0, 120)}`);
  }
  for (const r of entries.filter((e) => e.type === 'node')) {
    const name = r.node ?? r.id.replace(/^node\//, '');
    const status = NODE_STATUS[r.status ?? ''] ?? 'unknown';
    if (status !== 'online') offline.add(name);
    out.nodes.push({
      id: `node/${name}`,
      name,
      cluster,
      status,
      cpuCores: Math.round(r.maxcpu ?? 0),
      memoryBytes: Math.round(r.maxmem ?? 0),
      diskBytes: Math.round(r.maxdisk ?? 0),
      tags: [],
      pve: { version: null, kernel: null, bootedAt: status === 'online' ? bootedAt(r.uptime, now) : null, ip: null },
    });
  }
  for (const r of entries) {
    if (r.type === 'node') continue;
    if (r.type !== 'qemu' && r.type !== 'lxc') {
      out.skipped[r.type] = (out.skipped[r.type] ?? 0) + 1;
      continue;
    }
    if (r.vmid === undefined || !r.node) {
      out.problems.push(`${r.id}: no vmid or node`);
      continue;
    }
    const id = `${r.type}/${r.vmid}`;
    if (r.template === 1 || r.template === true) {
      out.templates.push({ id, name: r.name?.trim() || id, node: r.node });
      continue;
    }
    const status = offline.has(r.node) ? 'unknown' : (GUEST_STATUS[r.status ?? ''] ?? 'unknown');
    out.guests.push({
      id,
      vmid: r.vmid,
      type: r.type,
      nodeId: `node/${r.node}`,
      name: r.name?.trim() || `${r.type}-${r.vmid}`,
      status,
      cores: Math.round(r.maxcpu ?? 0),
      memoryBytes: Math.round(r.maxmem ?? 0),
      diskBytes: Math.round(r.maxdisk ?? 0),
      tags: (r.tags ?? '').split(/[;, ]+/).filter((t) => TAG.test(t)),
      role: null,
      pve: {
        lock: r.lock || null,
        haState: r.hastate || null,
        bootedAt: status === 'running' ? bootedAt(r.uptime, now) : null,
        ips: [],
        ipSource: status === 'running' ? 'not-read' : 'stopped',
        nets: [],
        disks: [],
        digest: null,
      },
    });
  }
  return out;
}
