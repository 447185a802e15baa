import { DEFS, NODES, STOPPED } from './lab-inventory';
import type { GuestInput, InventorySnapshot, NodeInput, ServiceInput } from '@ralf/shared';

const GiB = 1024 ** 3;
const DAY = 86_400;
/** The demo lab's cluster name, as its Proxmox VE API (`/cluster/status`) and its agents report it. */
export const LAB_CLUSTER = 'ralf-lab';

/** How one guest behaves over time: the demo lab's metrics are functions of these and the clock. */
export interface LoadProfile {
  cpuBase: number;
  cpuAmp: number;
  memBase: number;
  diskBase: number;
  netBase: number;
  /** Evening bursts (the noisy neighbour). */
  eveningBurst: number;
}

export interface LabGuest extends GuestInput {
  profile: LoadProfile;
  seed: number;
  /** Where it was before each move (unix seconds of the move), oldest first: history keeps its node. */
  moves?: { until: number; nodeId: string }[];
  /** When it joined the lab (unix seconds), for a guest a deployment made: no load before. */
  bornAt?: number;
}

/** The node a guest was on at time t (seconds). */
export function nodeIdAt(g: LabGuest, t: number): string {
  for (const m of g.moves ?? []) if (t < m.until) return m.nodeId;
  return g.nodeId;
}

/**
 * The lab follows its inventory: a guest that a plan migrated, resized, started or stopped (or
 * an agent reported so) behaves so in the lab's metrics from time t on, and its past stays put.
 * A guest the inventory gained (a deployment made it) joins the lab with a light load from t on,
 * so its pages have metrics at once (issue 26); one the inventory lost leaves it.
 */
export function followInventory(
  model: LabModel,
  { nodes, guests }: { nodes: readonly NodeInput[]; guests: readonly GuestInput[] },
  t: number,
): void {
  // A node an applied plan joined to the lab's cluster (a host Foreman found, issue 21) joins the lab.
  const nodeIds = new Set(model.nodes.map((n) => n.id));
  for (const n of nodes)
    if (n.cluster === LAB_CLUSTER && !nodeIds.has(n.id))
      // Sizes Foreman's facts did not give, the lab's installer would know: a small node's.
      model.nodes.push({
        ...n,
        cpuCores: n.cpuCores || 4,
        memoryBytes: n.memoryBytes || 16 * GiB,
        diskBytes: n.diskBytes || 500 * GiB,
        seed: hashString(n.name),
        bornAt: t,
      });
  const byId = new Map(guests.map((g) => [g.id, g]));
  const known = new Set(model.guests.map((g) => g.id));
  for (let i = model.guests.length - 1; i >= 0; i--) if (!byId.has(model.guests[i]!.id)) model.guests.splice(i, 1);
  for (const g of guests) {
    if (known.has(g.id)) continue;
    const seed = hashString(g.id);
    model.guests.push({
      ...g,
      bornAt: t,
      seed,
      profile: {
        cpuBase: 0.03 + (seed % 10) / 100,
        cpuAmp: 0.05,
        memBase: 0.3 + (seed % 20) / 100,
        diskBase: 0.1 + (seed % 10) / 100,
        netBase: 2e4,
        eveningBurst: 0,
      },
    });
  }
  for (const g of model.guests) {
    const now = byId.get(g.id);
    if (!now) continue;
    if (now.nodeId !== g.nodeId) {
      g.moves = [...(g.moves ?? []), { until: t, nodeId: g.nodeId }];
      g.nodeId = now.nodeId;
    }
    g.status = now.status;
    g.cores = now.cores;
    g.memoryBytes = now.memoryBytes;
    g.diskBytes = now.diskBytes;
  }
}

export interface LabNode extends NodeInput {
  seed: number;
  /** When it joined the lab (unix seconds), for a node an applied plan added: no history before. */
  bornAt?: number;
}

export interface LabModel {
  nodes: LabNode[];
  guests: LabGuest[];
  inventory: InventorySnapshot;
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A deterministic value in [-1, 1] for (seed, k). */
export function noise(seed: number, k: number): number {
  let x = Math.imul(seed ^ Math.imul(k | 0, 0x9e3779b1), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 0x7fffffff - 1;
}

/**
 * Builds the demo lab: 3 nodes and 30 guests, or `guests` of them for benchmarks (more nodes
 * are added so that about 50 guests share a node).
 */
export function createLabModel(opts: { guests?: number | null } = {}): LabModel {
  const wanted = opts.guests ?? DEFS.length;
  const nodeCount = Math.max(NODES.length, Math.ceil(wanted / 50));
  const nodes: LabNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const [name, cores, memGiB, diskGiB, tags] = NODES[i] ?? [`pve${i + 1}`, 32, 256, 4000, ['scale']];
    nodes.push({
      id: `node/${name}`,
      name,
      cluster: LAB_CLUSTER,
      status: 'online',
      cpuCores: cores,
      memoryBytes: memGiB * GiB,
      diskBytes: diskGiB * GiB,
      tags,
      seed: hashString(name),
    });
  }
  const guests: LabGuest[] = [];
  const services: ServiceInput[] = [];
  for (const [vmid, type, name, node, cores, memGiB, diskGiB, tags, role, service, graphNode, p] of DEFS.slice(
    0,
    wanted,
  )) {
    const id = `${type}/${vmid}` as const;
    const seed = hashString(id);
    guests.push({
      id,
      vmid,
      type,
      nodeId: `node/${node}`,
      name,
      status: STOPPED.has(vmid) ? 'stopped' : 'running',
      cores,
      memoryBytes: memGiB * GiB,
      diskBytes: diskGiB * GiB,
      tags,
      role,
      profile: {
        cpuBase: 0.05,
        cpuAmp: 0.08,
        memBase: 0.4 + (seed % 35) / 100,
        diskBase: 0.2 + (seed % 50) / 100,
        netBase: 5e4,
        eveningBurst: 0,
        ...p,
      },
      seed,
    });
    if (service) {
      services.push({
        id: `service/${name}`,
        name: service,
        guestId: id,
        kind: role,
        healthJob: 'pve',
        healthInstance: id,
        httpCheckUrl: null,
        graphNode,
      });
    }
  }
  for (let i = guests.length; i < wanted; i++) {
    const vmid = 1000 + i;
    const type = i % 3 === 0 ? 'qemu' : 'lxc';
    const id = `${type}/${vmid}` as const;
    const seed = hashString(id);
    const node = nodes[i % nodes.length]!;
    guests.push({
      id,
      vmid,
      type,
      nodeId: node.id,
      name: `svc-${String(i).padStart(4, '0')}`,
      status: i % 17 === 0 ? 'stopped' : 'running',
      cores: 1 + (seed % 4),
      memoryBytes: (1 + (seed % 8)) * GiB,
      diskBytes: (8 + (seed % 120)) * GiB,
      tags: ['scale', `group-${i % 10}`],
      role: 'user',
      profile: {
        cpuBase: 0.02 + (seed % 30) / 100,
        cpuAmp: 0.1,
        memBase: 0.4 + (seed % 40) / 100,
        diskBase: 0.3 + (seed % 50) / 100,
        netBase: 1e5,
        eveningBurst: 0,
      },
      seed,
    });
  }
  const strip = <T extends { seed: number }>({ seed: _s, ...rest }: T) => rest;
  const inventory: InventorySnapshot = {
    nodes: nodes.map(strip),
    guests: guests.map(({ profile: _p, seed: _s, ...g }) => g),
    services,
    discoveredHosts: [
      {
        mac: '3c:ec:ef:12:34:56',
        ip: '10.10.0.41',
        hostname: 'nuc-13',
        facts: { cpu: 'Intel i5-1340P', cores: 12, memoryGiB: 64, diskGiB: 1000 },
        suggestedRole: 'proxmox-node',
        state: 'new',
      },
      {
        mac: '00:1b:21:aa:bb:cc',
        ip: '10.10.0.50',
        hostname: 'pbs01',
        facts: { product: 'Proxmox Backup Server', version: '3.3' },
        suggestedRole: 'backup',
        state: 'accepted',
      },
    ],
  };
  return { nodes, guests, inventory };
}

export const DAY_SECONDS = DAY;
export { GiB };
