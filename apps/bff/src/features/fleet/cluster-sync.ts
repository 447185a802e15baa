import type { ClusterFacts, Clock, InventorySource } from '../../adapters/ports';
import type { Db } from '../../adapters/db/client';
import { changeLog } from '../../lib/change-log';
import { holdWriteLock } from '../../lib/write-lock';
import type { AuditLog } from '../audit/audit.service';
import { clusterDiff, isEmptyDiff, type ClusterReading } from './cluster-diff';
import type { ClusterStates } from './cluster-states';
import type { InventoryCache } from './inventory-cache';
import { inventoryWrites } from './inventory-writes';

/** What the inventory poller tells the fleet: each reading of a cluster, and whether it answered (issue 19). */
export function createClusterSync({
  db,
  audit,
  inventory,
  clock,
  clusters,
}: {
  db: Db;
  audit: AuditLog;
  inventory: InventoryCache;
  clock: Clock;
  clusters: ClusterStates;
}) {
  // Best effort: with the database down the pages learn of it at their next refresh.
  const sourceChanged = (name: string) =>
    db
      .transaction()
      .execute((trx) =>
        changeLog.insertMany(trx, clock.now(), [
          { topic: 'inventory', kind: 'source.state', subject: `cluster/${name}` },
        ]),
      )
      .catch(() => undefined);

  return {
    /**
     * Brings the stored inventory in line with a reading of a Proxmox cluster, writing only what
     * changed, under the write lock and against a fresh read, so that replicas polling at once
     * write it once: an unchanged cluster writes nothing and announces nothing. Returns how many
     * things changed, and the VMIDs left out because another cluster's guests hold them.
     */
    async syncCluster(reading: ClusterReading, actor: string): Promise<{ changed: number; conflicts: number[] }> {
      // The common case, nothing changed, is settled against the cached inventory: no query, no lock.
      const cached = clusterDiff((await inventory.get()).inv, reading);
      if (isEmptyDiff(cached)) return { changed: 0, conflicts: cached.conflicts };
      let conflicts = cached.conflicts;
      const changed = await db.transaction().execute(async (trx) => {
        await holdWriteLock(trx);
        const diff = clusterDiff(await inventoryWrites.read(trx), reading);
        conflicts = diff.conflicts;
        if (isEmptyDiff(diff)) return 0;
        await audit.record(trx, {
          actor,
          action: 'inventory.sync',
          subject: `cluster/${reading.cluster}`,
          details: {
            nodes: diff.nodes.length,
            guests: diff.guests.length,
            removedGuests: diff.deleteGuests.length,
            removedNodes: diff.deleteNodes.length,
          },
        });
        await changeLog.insertMany(trx, clock.now(), await inventoryWrites.applyClusterDiff(trx, diff));
        return diff.nodes.length + diff.guests.length + diff.deleteGuests.length + diff.deleteNodes.length;
      });
      if (changed) inventory.invalidate();
      return { changed, conflicts };
    },

    /**
     * A cluster answered, or did not: open pages hear of it when that changes its state (it went
     * down, came back, lost quorum, gained a template), never on every reading.
     */
    async clusterAnswered(
      source: Pick<InventorySource, 'name' | 'url'>,
      facts: ClusterFacts,
      conflicts: number[] = [],
    ): Promise<void> {
      if (clusters.ok(source, facts, clock.now(), conflicts)) await sourceChanged(facts.cluster);
    },
    async clusterFailed(source: Pick<InventorySource, 'name' | 'url'>, message: string): Promise<void> {
      if (clusters.failed(source, message, clock.now())) await sourceChanged(source.name);
    },
  };
}
