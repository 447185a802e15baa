import type { PveCluster, StoragePage } from '@ralf/shared';
import type { ClusterFacts } from '../../adapters/ports';

/**
 * Whether each Proxmox cluster answers, as this process last read it (every replica reads its
 * clusters itself, so this is not shared). `ok` and `failed` say whether the state changed, so
 * the poller tells open pages only then.
 */
export class ClusterStates {
  private readonly bySource = new Map<string, PveCluster>();
  /** Each source's storages, pools and disks as last read (kept while it does not answer). */
  private readonly storageBySource = new Map<string, Pick<ClusterFacts, 'storages' | 'pools' | 'disks'>>();

  ok(source: { name: string; url: string }, facts: ClusterFacts, at: Date, conflicts: number[] = []): boolean {
    const was = this.bySource.get(source.name);
    const next: PveCluster = {
      name: facts.cluster,
      url: source.url,
      quorate: facts.quorate,
      nodes: facts.nodes,
      templates: facts.templates,
      conflicts,
      state: 'ok',
      since: null,
      message: null,
      readAt: at.toISOString(),
    };
    this.bySource.set(source.name, next);
    this.storageBySource.set(source.name, { storages: facts.storages, pools: facts.pools, disks: facts.disks });
    return (
      !was ||
      was.state !== 'ok' ||
      was.name !== next.name ||
      was.quorate !== next.quorate ||
      was.conflicts.join() !== conflicts.join() ||
      JSON.stringify(was.templates) !== JSON.stringify(next.templates)
    );
  }

  failed(source: { name: string; url: string }, message: string, at: Date): boolean {
    const was = this.bySource.get(source.name);
    this.bySource.set(source.name, {
      name: was?.name ?? source.name,
      url: source.url,
      quorate: was?.quorate ?? null,
      nodes: was?.nodes ?? 0,
      templates: was?.templates ?? [],
      conflicts: was?.conflicts ?? [],
      state: 'unavailable',
      since: was?.state === 'unavailable' ? was.since : at.toISOString(),
      message,
      readAt: was?.readAt ?? null,
    });
    return was?.state !== 'unavailable' || was.message !== message;
  }

  /** The storage page: each cluster with its storages, ZFS pools and disks. */
  storage(): StoragePage {
    return {
      clusters: [...this.bySource.entries()]
        .map(([source, cluster]) => ({
          cluster,
          ...(this.storageBySource.get(source) ?? { storages: [], pools: [], disks: [] }),
        }))
        .sort((a, b) => a.cluster.name.localeCompare(b.cluster.name)),
    };
  }

  list(): PveCluster[] {
    return [...this.bySource.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
