import type { Placement } from '@ralf/shared';

/** Memory a node keeps free after a new guest (a tenth): below it, the node is not eligible. */
export const MEM_RESERVE = 0.1;

/**
 * Nodes ranked by memory free after the new guest, then by free CPU: the placement suggestion.
 * `mem` and `cpu` are the used fractions, as the fleet's headroom carries them.
 */
export function rankNodes(
  nodes: {
    id: string;
    name: string;
    status: string;
    memoryBytes: number;
    mem: number | null;
    cpu: number | null;
    guests: number;
  }[],
  memoryMiB: number,
): Placement[] {
  return nodes
    .map((n) => {
      const memFreeBytes = n.mem === null || n.memoryBytes <= 0 ? null : Math.round((1 - n.mem) * n.memoryBytes);
      const memFreeAfter = memFreeBytes === null ? null : (memFreeBytes - memoryMiB * 1024 * 1024) / n.memoryBytes;
      const cpuFree = n.cpu === null ? null : Math.round((1 - n.cpu) * 1000) / 1000;
      const blocker: Placement['blocker'] =
        n.status !== 'online' ? 'offline' : memFreeAfter !== null && memFreeAfter < MEM_RESERVE ? 'memory' : 'none';
      return {
        nodeId: n.id,
        name: n.name,
        eligible: blocker === 'none',
        memFreeAfter: memFreeAfter === null ? null : Math.round(memFreeAfter * 1000) / 1000,
        memFreeBytes,
        cpuFree,
        guests: n.guests,
        blocker,
      };
    })
    .sort(
      (a, b) =>
        Number(b.eligible) - Number(a.eligible) ||
        (b.memFreeAfter ?? -1) - (a.memFreeAfter ?? -1) ||
        (b.cpuFree ?? -1) - (a.cpuFree ?? -1),
    );
}
