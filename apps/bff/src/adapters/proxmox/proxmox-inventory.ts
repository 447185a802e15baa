import type { GuestPve, NodePve, PveDisk, ZfsPool } from '@ralf/shared';
import type { ProxmoxConfig } from '../../config-proxmox';
import { AppError } from '../../lib/app-error';
import type { ClusterFacts, ClusterReading, GuestReading, InventorySource } from '../ports';
import { eachLimited } from '../../lib/each-limited';
import { ProxmoxApi } from './proxmox-api';
import {
  agentAddresses,
  containerAddresses,
  disksOf,
  guestConfigOf,
  nodeVersions,
  storagesOf,
  zfsPoolsOf,
} from './pve-details';
import { inventoryOf } from './pve-inventory';

/** How long a guest's config and addresses, and a node's versions, are taken as read. */
const DETAILS_MS = 5 * 60_000;
/** Guests whose details one reading asks for at most (a large cluster is described over a few readings). */
const DETAILS_PER_READ = 64;
/** Requests in flight at once for details. */
const PARALLEL = 8;

type GuestDetails = Pick<GuestPve, 'ips' | 'ipSource' | 'nets' | 'disks' | 'digest'>;
interface Cached<T> {
  at: number;
  key: string;
  value: T;
}

/**
 * A Proxmox VE cluster (or standalone host) as an inventory source. Each reading asks
 * `/cluster/status` (name, quorum, node addresses) and `/cluster/resources` (every node, guest,
 * lock, HA state and uptime) whole; what only per-node and per-guest calls tell (versions, config,
 * addresses) is asked for again when a guest changes node or state, or every 5 minutes, at most
 * 64 guests a reading, so a cluster of thousands costs the same two requests every 10 s.
 */
export class ProxmoxInventory implements InventorySource {
  readonly name: string;
  readonly url: string;
  private readonly api: ProxmoxApi;
  private readonly nodeCache = new Map<string, Cached<Pick<NodePve, 'version' | 'kernel'>>>();
  private readonly diskCache = new Map<string, { pools: ZfsPool[]; disks: PveDisk[] }>();
  private readonly guestCache = new Map<string, Cached<GuestDetails>>();

  constructor(cfg: ProxmoxConfig & { name?: string }) {
    const url = new URL(cfg.url);
    this.name = cfg.name ?? url.hostname;
    this.url = url.origin;
    this.api = new ProxmoxApi({ kind: 'pve', name: this.name, ...cfg });
  }

  async read(): Promise<{ reading: ClusterReading; facts: ClusterFacts }> {
    const readAt = new Date();
    const [status, resources] = await Promise.all([
      this.api.get<{ type: string; name?: string; quorate?: number; ip?: string }[]>('cluster/status'),
      this.api.get<unknown[]>('cluster/resources'),
    ]);
    // A cluster names itself; a standalone host has no cluster entry and goes by its node's name.
    const clusterEntry = status.find((s) => s.type === 'cluster');
    const cluster = clusterEntry?.name ?? status.find((s) => s.type === 'node')?.name ?? this.name;
    // Boot times on Proxmox's clock: a clock apart from ours does not move them.
    const inv = inventoryOf(resources, cluster, this.api.serverTime ?? readAt);
    const ips = new Map(status.filter((s) => s.type === 'node' && s.name).map((s) => [s.name!, s.ip ?? null]));
    await Promise.all([
      this.describeNodes(inv.nodes, readAt.getTime()),
      this.describeGuests(inv.guests, readAt.getTime()),
    ]);
    for (const n of inv.nodes) {
      n.pve = { ...n.pve, ...(this.nodeCache.get(n.id)?.value ?? {}), ip: ips.get(n.name) ?? null };
    }
    for (const g of inv.guests) {
      const d = this.guestCache.get(g.id)?.value;
      if (d) g.pve = { ...g.pve, ...d, ...(g.status !== 'running' && { ips: [], ipSource: 'stopped' as const }) };
    }
    return {
      reading: { cluster, readAt, nodes: inv.nodes, guests: inv.guests },
      facts: {
        cluster,
        quorate: clusterEntry ? clusterEntry.quorate === 1 : null,
        templates: inv.templates,
        nodes: inv.nodes.length,
        storages: storagesOf(resources, cluster),
        pools: inv.nodes.flatMap((n) => this.diskCache.get(n.id)?.pools ?? []),
        disks: inv.nodes.flatMap((n) => this.diskCache.get(n.id)?.disks ?? []),
      },
    };
  }

  private async describeNodes(nodes: ClusterReading['nodes'], now: number): Promise<void> {
    const due = nodes.filter((n) => {
      const c = this.nodeCache.get(n.id);
      return n.status === 'online' && (!c || now - c.at > DETAILS_MS || c.key !== n.pve.bootedAt?.slice(0, 15));
    });
    await eachLimited(due, PARALLEL, async (n) => {
      const base = `nodes/${encodeURIComponent(n.name)}`;
      const [answer, zfs, disks] = await Promise.all([
        this.api.get<unknown>(`${base}/status`).catch(() => null),
        this.api.get<unknown>(`${base}/disks/zfs`).catch(() => []),
        this.api.get<unknown>(`${base}/disks/list`).catch(() => []),
      ]);
      if (answer === null) return;
      this.nodeCache.set(n.id, { at: now, key: n.pve.bootedAt?.slice(0, 15) ?? '', value: nodeVersions(answer) });
      this.diskCache.set(n.id, { pools: zfsPoolsOf(zfs, n.name), disks: disksOf(disks, n.name) });
    });
  }

  private async describeGuests(guests: GuestReading[], now: number): Promise<void> {
    const keyOf = (g: GuestReading) => `${g.nodeId}|${g.status}`;
    const due = guests
      .filter((g) => {
        const c = this.guestCache.get(g.id);
        return !c || c.key !== keyOf(g) || now - c.at > DETAILS_MS;
      })
      .sort((a, b) => (this.guestCache.get(a.id)?.at ?? 0) - (this.guestCache.get(b.id)?.at ?? 0))
      .slice(0, DETAILS_PER_READ);
    const listed = new Set(guests.map((g) => g.id));
    for (const id of this.guestCache.keys()) if (!listed.has(id)) this.guestCache.delete(id);
    await eachLimited(due, PARALLEL, async (g) => {
      const base = `nodes/${encodeURIComponent(g.nodeId.slice(5))}/${g.type}/${g.vmid}`;
      const config = await this.api.get<unknown>(`${base}/config`).catch(() => null);
      if (config === null) return;
      const { agent, ...described } = guestConfigOf(g.type, config);
      let addresses: Pick<GuestPve, 'ips' | 'ipSource'> = { ips: [], ipSource: 'stopped' };
      if (g.status === 'running' && g.type === 'lxc')
        addresses = await this.api.get<unknown>(`${base}/interfaces`).then(
          (a) => ({ ips: containerAddresses(a), ipSource: 'interfaces' as const }),
          (err: unknown) => ({ ips: [], ipSource: forbidden(err) ? ('forbidden' as const) : ('not-read' as const) }),
        );
      else if (g.status === 'running' && !agent) addresses = { ips: [], ipSource: 'no-agent' };
      else if (g.status === 'running')
        addresses = await this.api.get<unknown>(`${base}/agent/network-get-interfaces`).then(
          (a) => ({ ips: agentAddresses(a), ipSource: 'agent' as const }),
          (err: unknown) => ({ ips: [], ipSource: forbidden(err) ? ('forbidden' as const) : ('no-agent' as const) }),
        );
      this.guestCache.set(g.id, { at: now, key: keyOf(g), value: { ...described, ...addresses } });
    });
  }
}

const forbidden = (err: unknown) => err instanceof AppError && err.reason === 'proxmox.forbidden';
