import { z } from 'zod';
import {
  Bytes,
  Count,
  DiscoveredHostSchema,
  GuestStatusSchema,
  NodeStatusSchema,
  ServiceSchema,
  TagSchema,
  Text,
} from './fleet';
import { GuestIdSchema, GuestTypeSchema, NodeIdSchema } from './ids';

const d = (description: string, ...examples: unknown[]) => ({ description, ...(examples.length && { examples }) });

/**
 * A node as agents report it (the ingest API): what an agent may not know is optional, and every
 * field says what it is, with an example, in the OpenAPI description (issue 19).
 */
const NodeReportSchema = z
  .object({
    id: NodeIdSchema.meta(d('`node/` and the Proxmox node name', 'node/pve1')),
    name: Text(63).meta(d('the Proxmox node name', 'pve1')),
    cluster: Text(128)
      .optional()
      .meta(d('its Proxmox cluster; left out: the node is a standalone host and its own cluster', 'homelab')),
    status: NodeStatusSchema.meta(d('as Proxmox says it', 'online')),
    cpuCores: Count.meta(d('logical CPUs', 16)),
    memoryBytes: Bytes.meta(d('installed memory in bytes', 68719476736)),
    diskBytes: Bytes.meta(d('root file system size in bytes', 100861726720)),
    tags: z
      .array(TagSchema)
      .max(64)
      .default([])
      .meta(d('free labels', ['core'])),
  })
  .strict()
  .transform((n) => ({ ...n, cluster: n.cluster ?? n.name }));

const GuestReportSchema = z
  .object({
    id: GuestIdSchema.meta(d('`qemu/` or `lxc/` and the VMID', 'lxc/101')),
    vmid: z.number().int().min(1).max(999_999_999).meta(d('the Proxmox VMID', 101)),
    type: GuestTypeSchema.meta(d('`qemu` (a VM) or `lxc` (a container)', 'lxc')),
    nodeId: NodeIdSchema.meta(d('the node it runs on; the node must be in the inventory (else 409)', 'node/pve1')),
    name: Text(128).meta(d('its name in Proxmox', 'postgresql')),
    status: GuestStatusSchema.meta(d('as Proxmox says it', 'running')),
    cores: Count.meta(d('vCPUs', 4)),
    memoryBytes: Bytes.meta(d('configured memory in bytes', 8589934592)),
    diskBytes: Bytes.meta(d('configured disk size in bytes (all disks)', 68719476736)),
    tags: z
      .array(TagSchema)
      .max(64)
      .default([])
      .meta(d('Proxmox tags', ['core', 'db'])),
    role: Text(64)
      .nullable()
      .default(null)
      .meta(d('its role in R.A.L.F. (core, monitoring, user, …); left out or null: the stored role stays', 'core')),
  })
  .strict();

const ServiceReportSchema = ServiceSchema.omit({ updatedAt: true })
  .extend({
    id: Text(128).meta(d('a stable id of the service', 'service/postgresql')),
    name: Text(128).meta(d('as the operator calls it', 'PostgreSQL')),
    guestId: GuestIdSchema.nullable().meta(
      d('the guest it runs in, which must be in the inventory (else 409); null: outside the lab', 'lxc/101'),
    ),
    kind: Text(64).meta(d('its kind or role', 'core')),
    healthJob: Text(128).nullable().default(null).meta(d('the Prometheus job that scrapes it', 'pve')),
    healthInstance: Text(256).nullable().default(null).meta(d('its Prometheus instance label', 'lxc/101')),
    httpCheckUrl: Text(512)
      .nullable()
      .default(null)
      .meta(d('a URL that answers 2xx while it is healthy', 'http://10.0.0.21:3000/healthz')),
    graphNode: Text(64).nullable().default(null).meta(d('its box on the architecture page', 'PG')),
  })
  .strict();

/**
 * What a source reports of the inventory: the demo lab on start, and agents through the ingest
 * API (issue 4). Keyed by Proxmox ids; `updatedAt` is set by the database; what Proxmox tells
 * (`pve`) comes only from Proxmox readings.
 */
export const InventorySnapshotSchema = z
  .object({
    nodes: z.array(NodeReportSchema).max(5000),
    guests: z.array(GuestReportSchema).max(20_000),
    services: z.array(ServiceReportSchema).max(20_000).default([]),
    discoveredHosts: z
      .array(DiscoveredHostSchema.omit({ id: true, firstSeenAt: true, lastSeenAt: true, planId: true }).strict())
      .max(10_000)
      .default([]),
  })
  .strict();
export type InventorySnapshot = z.infer<typeof InventorySnapshotSchema>;
export type NodeInput = InventorySnapshot['nodes'][number];
export type GuestInput = InventorySnapshot['guests'][number];
export type ServiceInput = InventorySnapshot['services'][number];
export type DiscoveredHostInput = InventorySnapshot['discoveredHosts'][number];
