import type { DiscoveredHost, Guest, GuestPve, Node, NodePve, Service } from '@ralf/shared';
import type { Selectable } from 'kysely';
import { iso } from '../../adapters/db/iso';
import type { DiscoveredHostTable, GuestTable, NodeTable, ServiceTable } from '../../adapters/db/tables';

/** Inventory rows as the shared schema has them (the repository's reads end here). */
export function toNode(r: Selectable<NodeTable>): Node {
  return {
    id: r.id,
    name: r.name,
    cluster: r.cluster,
    status: r.status as Node['status'],
    cpuCores: r.cpu_cores,
    memoryBytes: Number(r.memory_bytes),
    diskBytes: Number(r.disk_bytes),
    tags: r.tags,
    pve: (r.pve as NodePve | null) ?? null,
    updatedAt: iso(r.updated_at),
  };
}

export function toGuest(r: Selectable<GuestTable>): Guest {
  return {
    id: r.id,
    vmid: r.vmid,
    type: r.type as Guest['type'],
    nodeId: r.node_id,
    name: r.name,
    status: r.status as Guest['status'],
    cores: r.cores,
    memoryBytes: Number(r.memory_bytes),
    diskBytes: Number(r.disk_bytes),
    tags: r.tags,
    role: r.role,
    pve: (r.pve as GuestPve | null) ?? null,
    updatedAt: iso(r.updated_at),
  };
}

export function toService(r: Selectable<ServiceTable>): Service {
  return {
    id: r.id,
    name: r.name,
    guestId: r.guest_id,
    kind: r.kind,
    healthJob: r.health_job,
    healthInstance: r.health_instance,
    httpCheckUrl: r.http_check_url,
    graphNode: r.graph_node,
    updatedAt: iso(r.updated_at),
  };
}

export function toDiscoveredHost(r: Selectable<DiscoveredHostTable>): DiscoveredHost {
  return {
    id: r.id,
    mac: r.mac,
    ip: r.ip,
    hostname: r.hostname,
    facts: r.facts as DiscoveredHost['facts'],
    suggestedRole: r.suggested_role,
    state: r.state as DiscoveredHost['state'],
    firstSeenAt: iso(r.first_seen_at),
    lastSeenAt: iso(r.last_seen_at),
    planId: r.plan_id,
  };
}
