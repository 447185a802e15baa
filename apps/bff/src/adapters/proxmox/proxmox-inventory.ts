import type { ProxmoxConfig } from '../../config-proxmox';
import type { InventorySource } from '../ports';
import { ProxmoxApi } from './proxmox-api';
import { inventoryOf } from './pve-inventory';

/**
 * A Proxmox VE cluster (or standalone host) as an inventory source: `/cluster/status` for its
 * name, `/cluster/resources` for its nodes and guests, read in one pass each time.
 */
export class ProxmoxInventory implements InventorySource {
  readonly name: string;
  private readonly api: ProxmoxApi;

  constructor(cfg: ProxmoxConfig) {
    this.name = new URL(cfg.url).hostname;
    this.api = new ProxmoxApi({ kind: 'pve', name: this.name, ...cfg });
  }

  async read() {
    const [status, resources] = await Promise.all([
      this.api.get<{ type: string; name?: string }[]>('cluster/status'),
      this.api.get<unknown[]>('cluster/resources'),
    ]);
    // A cluster names itself; a standalone host has no cluster entry and goes by its node's name.
    const cluster =
      status.find((s) => s.type === 'cluster')?.name ?? status.find((s) => s.type === 'node')?.name ?? this.name;
    const inv = inventoryOf(resources, cluster);
    return { cluster, nodes: inv.nodes, guests: inv.guests, templates: inv.templates };
  }
}
