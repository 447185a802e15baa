import type { PveControl } from '../../adapters/proxmox/pve-control';

/**
 * The Proxmox clusters ralf-ui may act on (issue 20), each found by the name it gives itself: the
 * clusters of PROXMOX_URL and the profile, or the demo lab's (added once the server listens, as
 * its address is known only then).
 */
export class ProxmoxControls {
  private readonly list: PveControl[] = [];

  add(control: PveControl): void {
    this.list.push(control);
  }

  get size(): number {
    return this.list.length;
  }

  all(): readonly PveControl[] {
    return this.list;
  }

  /** The control of the cluster with that name; null when none is configured or none answers to it. */
  async forCluster(cluster: string): Promise<PveControl | null> {
    for (const c of this.list) {
      const name = await c.clusterName().catch(() => null);
      if (name === cluster) return c;
    }
    return null;
  }
}
