import { createHash } from 'node:crypto';
import { isGuestAction, type PlanAction } from '@ralf/shared';
import type { InventoryView } from './plan-rules';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The nodes and guests a plan touches: what an approval's inventory version covers. */
export function touched(
  actions: readonly PlanAction[],
  inv: InventoryView,
): { guests: Set<string>; nodes: Set<string> } {
  const guests = new Set<string>();
  const nodes = new Set<string>();
  for (const a of actions) {
    // A node to be added is "missing" until it joins: one that appears before the apply is drift.
    if (a.type === 'add-node') nodes.add(a.node);
    if (!isGuestAction(a)) continue;
    guests.add(a.guestId);
    if (a.type === 'migrate') {
      nodes.add(a.from);
      nodes.add(a.to);
    } else {
      const n = inv.guests.get(a.guestId)?.nodeId;
      if (n) nodes.add(n);
    }
  }
  return { guests, nodes };
}

/**
 * The state of every node and guest a plan touches, and its short hash: the "inventory version"
 * an approval was given on (issue 6). If any of them changes, applying is refused.
 */
export function fingerprint(
  actions: readonly PlanAction[],
  inv: InventoryView,
): { version: string; states: Record<string, string> } {
  const { guests, nodes } = touched(actions, inv);
  const states: Record<string, string> = {};
  for (const id of [...nodes].sort()) {
    const n = inv.nodes.get(id);
    states[id] = n ? `${n.status}` : 'missing';
  }
  for (const id of [...guests].sort()) {
    const g = inv.guests.get(id);
    states[id] = g
      ? `on ${g.nodeId}, ${g.status}, ${g.cores} cores, ${Math.round(g.memoryBytes / MiB)} MiB, ${Math.round(g.diskBytes / GiB)} GiB${
          // Proxmox's config digest, where a reading has one: a change by hand is drift too (issue 20).
          g.pve?.digest ? `, config ${g.pve.digest.slice(0, 12)}` : ''
        }`
      : 'missing';
  }
  return { version: createHash('sha256').update(JSON.stringify(states)).digest('hex').slice(0, 16), states };
}

/** What changed between an approval's states and now, in words ("qemu/204: on node/pve3 … → on node/pve1 …"). */
export function drift(before: Record<string, string>, now: Record<string, string>): string[] {
  return Object.keys({ ...before, ...now })
    .filter((k) => before[k] !== now[k])
    .map((k) => `${k}: ${before[k] ?? 'not part of the plan'} → ${now[k] ?? 'not part of the plan'}`);
}
