import type { Guest, Node } from '@ralf/shared';
import type { ClusterReading, GuestReading, NodeReading } from '../../adapters/ports';

export type { ClusterReading };

export interface ClusterDiff {
  nodes: NodeReading[];
  guests: GuestReading[];
  deleteGuests: string[];
  deleteNodes: string[];
  /** VMIDs of the reading that another cluster's guests already have: left out, never moved back and forth. */
  conflicts: number[];
}

/** Boot times derive from uptime and the clock; a reading a second off is the same boot. */
const BOOT_SLACK_MS = 120_000;
const sameBoot = (a: string | null, b: string | null | undefined) =>
  a === (b ?? null) || (a !== null && !!b && Math.abs(Date.parse(a) - Date.parse(b)) < BOOT_SLACK_MS);

/** JSON with its keys sorted: the database hands jsonb back with its keys in another order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v ?? null);

const samePve = <T extends { bootedAt: string | null }>(a: T, b: T | null) =>
  !!b && sameBoot(a.bootedAt, b.bootedAt) && canonical({ ...a, bootedAt: 0 }) === canonical({ ...b, bootedAt: 0 });

const sameNode = (a: NodeReading, b: Node) =>
  a.name === b.name &&
  a.cluster === b.cluster &&
  a.status === b.status &&
  a.cpuCores === b.cpuCores &&
  a.memoryBytes === b.memoryBytes &&
  a.diskBytes === b.diskBytes &&
  samePve(a.pve, b.pve);

const sameGuest = (a: GuestReading, b: Guest) =>
  a.vmid === b.vmid &&
  a.type === b.type &&
  a.nodeId === b.nodeId &&
  a.name === b.name &&
  a.status === b.status &&
  a.cores === b.cores &&
  a.memoryBytes === b.memoryBytes &&
  a.diskBytes === b.diskBytes &&
  a.tags.join(';') === b.tags.join(';') &&
  samePve(a.pve, b.pve);

/**
 * What a reading of a cluster changes in the stored inventory: nodes and guests that are new or
 * differ, guests on the cluster's nodes that Proxmox no longer lists, and nodes it no longer has.
 * Proxmox is the source of truth for what it knows (placement, state, size, config); what it does
 * not know stays as agents reported it (a guest's role, a node's tags). A row written after the
 * reading began (a deployment's new guest, say) is newer than the reading and left alone, so a
 * reading in flight never undoes it. Nothing changed: every list is empty, and nothing is written.
 */
export function clusterDiff(
  stored: { nodes: readonly Node[]; guests: readonly Guest[] },
  reading: ClusterReading,
): ClusterDiff {
  const newer = (row: { updatedAt: string }) => Date.parse(row.updatedAt) >= reading.readAt.getTime();
  const storedNodes = new Map(stored.nodes.map((n) => [n.id, n]));
  const storedGuests = new Map(stored.guests.map((g) => [g.id, g]));
  const mine = new Set([
    ...stored.nodes.filter((n) => n.cluster === reading.cluster).map((n) => n.id),
    ...reading.nodes.map((n) => n.id),
  ]);
  const listedNodes = new Set(reading.nodes.map((n) => n.id));
  // Guest ids and VMIDs are one namespace in ralf-ui (DESIGN.md §4): a VMID another cluster's
  // guest holds is a conflict; the reading's guest is left out until that one is gone.
  const clusterOf = new Map(stored.nodes.map((n) => [n.id, n.cluster]));
  const byVmid = new Map(stored.guests.map((g) => [g.vmid, g]));
  const taken = (g: GuestReading) => {
    const s = byVmid.get(g.vmid);
    return !!s && !mine.has(s.nodeId) && clusterOf.get(s.nodeId) !== undefined;
  };
  const conflicts = reading.guests.filter(taken).map((g) => g.vmid);
  const readable = reading.guests.filter((g) => !taken(g));
  const listedGuests = new Set(readable.map((g) => g.id));
  const nodes = reading.nodes
    .map((n) => ({ ...n, tags: storedNodes.get(n.id)?.tags ?? n.tags }))
    .filter((n) => {
      const s = storedNodes.get(n.id);
      return !s || (!newer(s) && !sameNode(n, s));
    });
  const guests = readable
    .map((g) => ({ ...g, role: storedGuests.get(g.id)?.role ?? g.role }))
    .filter((g) => {
      const s = storedGuests.get(g.id);
      return !s || (!newer(s) && !sameGuest(g, s));
    });
  const deleteGuests = stored.guests
    .filter((g) => mine.has(g.nodeId) && !listedGuests.has(g.id) && !newer(g))
    .map((g) => g.id);
  const deleteNodes = stored.nodes
    .filter((n) => n.cluster === reading.cluster && !listedNodes.has(n.id) && !newer(n))
    .map((n) => n.id);
  return { nodes, guests, deleteGuests, deleteNodes, conflicts };
}

export const isEmptyDiff = (d: ClusterDiff) =>
  !d.nodes.length && !d.guests.length && !d.deleteGuests.length && !d.deleteNodes.length;
