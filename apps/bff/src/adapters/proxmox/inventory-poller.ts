import type { FastifyBaseLogger } from 'fastify';
import type { FleetService } from '../../features/fleet/fleet.service';
import { sourceLog } from '../../lib/source-log';
import type { InventorySource } from '../ports';

/**
 * Reads each inventory source every `everyMs` and brings the stored inventory in line (only what
 * changed is written). A source that stops answering is logged once, with why, its pages say
 * "unavailable since", and its last inventory stays; its return is logged too. Returns what
 * stops the polling, and the first round (awaited before the server answers).
 */
export function pollInventory(
  sources: readonly InventorySource[],
  fleet: Pick<FleetService, 'syncCluster' | 'clusterAnswered' | 'clusterFailed'>,
  { everyMs, log }: { everyMs: number; log: FastifyBaseLogger },
): { first: Promise<void>; stop: () => void } {
  const down = new Map<string, string>();
  const tell = (name: string) => sourceLog(log, `inventory source ${name}`);
  let stopped = false;
  const once = async (source: InventorySource) => {
    try {
      const { reading, facts } = await source.read();
      const changed = await fleet.syncCluster(reading, `system:proxmox/${reading.cluster}`);
      await fleet.clusterAnswered(source, facts);
      if (down.delete(source.name)) tell(source.name)('back', null);
      if (changed) log.debug({ source: source.name, changed }, 'inventory synced');
    } catch (err) {
      const why = (err as Error).message;
      await fleet.clusterFailed(source, why);
      if (down.get(source.name) !== why) tell(source.name)('unavailable', why);
      down.set(source.name, why);
    }
  };
  const round = () => Promise.all(sources.map(once)).then(() => undefined);
  const first = round();
  let timer: NodeJS.Timeout | null = null;
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => void round().finally(next), everyMs).unref();
  };
  void first.finally(next);
  return {
    first,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
