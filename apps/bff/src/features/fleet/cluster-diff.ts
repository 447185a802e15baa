import type { Guest, GuestInput, Node, NodeInput } from '@ralf/shared';

/** A Proxmox cluster's nodes and guests as one reading of its API found them. */
export interface ClusterReading {
  cluster: string;
  nodes: NodeInput[];
  guests: GuestInput[];
}

export interface ClusterDiff {
  nodes: NodeInput[];
  guests: GuestInput[];
  deleteGuests: string[];
  deleteNodes: string[];
}

const sameNode = (a: NodeInput, b: Node) =>
  a.name === b.name &&
  a.cluster === b.cluster &&
  a.status === b.status &&
  a.cpuCores === b.cpuCores &&
  a.memoryBytes === b.memoryBytes &&
  a.diskBytes === b.diskBytes &&
  a.tags.join(';') === b.tags.join(';');

const sameGuest = (a: GuestInput, b: Guest) =>
  a.vmid === b.vmid &&
  a.type === b.type &&
  a.nodeId === b.nodeId &&
  a.name === b.name &&
  a.status === b.status &&
  a.cores === b.cores &&
  a.memoryBytes === b.memoryBytes &&
  a.diskBytes === b.diskBytes &&
  a.tags.join(';') === b.tags.join(';');

/**
 * What a reading of a cluster changes in the stored inventory: nodes and guests that are new or
 * differ, guests on the cluster's nodes that Proxmox no longer lists, and nodes it no longer has.
 * Proxmox is the source of truth for placement, status and size; a guest keeps the role an agent
 * gave it. Nothing changed: every list is empty, and nothing is written.
 */
export function clusterDiff(
  stored: { nodes: readonly Node[]; guests: readonly Guest[] },
  reading: ClusterReading,
): ClusterDiff {
  const storedNodes = new Map(stored.nodes.map((n) => [n.id, n]));
  const storedGuests = new Map(stored.guests.map((g) => [g.id, g]));
  const mine = new Set([
    ...stored.nodes.filter((n) => n.cluster === reading.cluster).map((n) => n.id),
    ...reading.nodes.map((n) => n.id),
  ]);
  const listedNodes = new Set(reading.nodes.map((n) => n.id));
  const listedGuests = new Set(reading.guests.map((g) => g.id));
  const nodes = reading.nodes.filter((n) => {
    const s = storedNodes.get(n.id);
    return !s || !sameNode(n, s);
  });
  const guests = reading.guests
    .map((g) => ({ ...g, role: storedGuests.get(g.id)?.role ?? g.role }))
    .filter((g) => {
      const s = storedGuests.get(g.id);
      return !s || !sameGuest(g, s);
    });
  const deleteGuests = stored.guests.filter((g) => mine.has(g.nodeId) && !listedGuests.has(g.id)).map((g) => g.id);
  const deleteNodes = stored.nodes
    .filter((n) => n.cluster === reading.cluster && !listedNodes.has(n.id))
    .map((n) => n.id);
  return { nodes, guests, deleteGuests, deleteNodes };
}

export const isEmptyDiff = (d: ClusterDiff) =>
  !d.nodes.length && !d.guests.length && !d.deleteGuests.length && !d.deleteNodes.length;
