import type { FastifyBaseLogger } from 'fastify';
import type { FleetService } from '../../features/fleet/fleet.service';
import { pollSources } from '../../lib/poll-sources';
import type { InventorySource } from '../ports';

/**
 * Reads each inventory source every `everyMs` and brings the stored inventory in line (only what
 * changed is written). A source that stops answering is logged once, with why, its pages say
 * "unavailable since", and its last inventory stays; its return is logged too.
 */
export function pollInventory(
  sources: readonly InventorySource[],
  fleet: Pick<FleetService, 'syncCluster' | 'clusterAnswered' | 'clusterFailed'>,
  { everyMs, log }: { everyMs: number; log: FastifyBaseLogger },
): ReturnType<typeof pollSources> {
  return pollSources(
    sources,
    {
      ok: async (source, { reading, facts }) => {
        const { changed, conflicts } = await fleet.syncCluster(reading, `system:proxmox/${reading.cluster}`);
        await fleet.clusterAnswered(source, facts, conflicts);
        if (changed) log.debug({ source: source.name, changed }, 'inventory synced');
      },
      failed: (source, why) => fleet.clusterFailed(source, why),
    },
    { everyMs, log, what: 'inventory source' },
  );
}
