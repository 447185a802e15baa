import { createHash } from 'node:crypto';
import {
  englishText,
  type Guest,
  isGuestAction,
  type Message,
  type MessageCode,
  type MessageParams,
  msg,
  type Node,
  type PlanAction,
  type PlanContent,
  type PolicyCheck,
  type Problem,
  problem,
  type Risk,
  type Simulation,
  type Usage,
} from '@ralf/shared';

/** What the rules need of the inventory: nodes and guests by id, and services by id. */
export interface InventoryView {
  nodes: ReadonlyMap<string, Pick<Node, 'id' | 'name' | 'status' | 'cpuCores' | 'memoryBytes'>>;
  guests: ReadonlyMap<
    string,
    Pick<Guest, 'id' | 'name' | 'nodeId' | 'status' | 'cores' | 'memoryBytes' | 'diskBytes' | 'tags'> & {
      /** Proxmox's view of it, where a reading described it (its config digest binds approvals, issue 20). */
      pve?: Pick<NonNullable<Guest['pve']>, 'digest'> | null;
    }
  >;
  services: ReadonlySet<string>;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The current size of a guest in the unit a resize names. */
export function sizeOf(
  g: Pick<Guest, 'cores' | 'memoryBytes' | 'diskBytes'>,
  resource: 'memoryMiB' | 'cores' | 'diskGiB',
): number {
  return resource === 'cores'
    ? g.cores
    : resource === 'memoryMiB'
      ? Math.round(g.memoryBytes / MiB)
      : Math.round(g.diskBytes / GiB);
}

/** What an applied action leaves of a guest, as the agents' next report would say it (scale names no guest). */
export function applyAction(
  g: Pick<Guest, 'nodeId' | 'status' | 'cores' | 'memoryBytes' | 'diskBytes'>,
  a: PlanAction,
): void {
  // A rollback's effect on state depends on the snapshot (with RAM or not): the next reading says it.
  if (!isGuestAction(a) || a.type === 'rollback') return;
  if (a.type === 'migrate') g.nodeId = a.to;
  else if (a.type === 'start') g.status = 'running';
  else if (a.type === 'stop') g.status = 'stopped';
  else if (a.resource === 'cores') g.cores = a.to;
  else if (a.resource === 'memoryMiB') g.memoryBytes = a.to * MiB;
  else g.diskBytes = a.to * GiB;
}

/** The hash approvals bind to: the content as parsed (schema key order), so equal plans hash equal. */
export const contentHash = (c: PlanContent) => createHash('sha256').update(JSON.stringify(c)).digest('hex');

/** The node an action belongs to in the grouped diff: a migration counts at its source, a joining at the new node. */
export function nodeOfAction(a: PlanAction, inv: InventoryView): string | null {
  if (a.type === 'migrate') return a.from;
  if (a.type === 'add-node') return a.node;
  if (a.type === 'scale') return null;
  return inv.guests.get(a.guestId)?.nodeId ?? null;
}

/**
 * Everything wrong with a plan against the inventory now: guests or nodes that do not exist, a
 * migration from a node the guest is not on, a size that is not the guest's, nodes the
 * simulation lacks, an expiry in the past. Each problem names its path in the submission.
 */
export function planProblems(c: PlanContent, inv: InventoryView, now: Date): Problem[] {
  const problems: Problem[] = [];
  const need = new Set<string>();
  c.actions.forEach((a, i) => {
    const at = (k: string) => `actions.${i}.${k}`;
    const say = (k: string, code: MessageCode, params: MessageParams) =>
      problems.push(problem(at(k), msg(code, params)));
    if (a.type === 'scale') {
      if (!inv.services.has(a.serviceId)) say('serviceId', 'problem.noService', { id: a.serviceId });
      return;
    }
    if (a.type === 'add-node') {
      if (inv.nodes.has(a.node)) say('node', 'problem.nodeExists', { id: a.node });
      return;
    }
    const g = inv.guests.get(a.guestId);
    if (!g) {
      say('guestId', 'problem.noGuest', { id: a.guestId });
      return;
    }
    need.add(g.nodeId);
    const who = { guest: a.guestId, name: g.name };
    if (a.type === 'migrate') {
      if (g.nodeId !== a.from) say('from', 'problem.notOn', { ...who, on: g.nodeId, from: a.from });
      const to = inv.nodes.get(a.to);
      if (!to) say('to', 'problem.noNode', { id: a.to });
      else if (to.status !== 'online') say('to', 'problem.nodeState', { node: a.to, status: to.status });
      else if (a.to === g.nodeId) say('to', 'problem.alreadyOn', { ...who, node: a.to });
      need.add(a.to);
    } else if (a.type === 'resize') {
      const size = sizeOf(g, a.resource);
      if (size !== a.from) say('from', 'problem.size', { ...who, size, resource: a.resource, from: a.from });
    } else if (a.type === 'start' && g.status === 'running') {
      say('type', 'problem.running', who);
    } else if (a.type === 'stop' && g.status !== 'running') {
      say('type', 'problem.notRunning', { ...who, status: g.status });
    }
  });
  const simulated = new Set(c.simulation.nodes.map((n) => n.nodeId));
  c.simulation.nodes.forEach((n, i) => {
    if (!inv.nodes.has(n.nodeId))
      problems.push(problem(`simulation.nodes.${i}.nodeId`, msg('problem.noNode', { id: n.nodeId })));
  });
  for (const id of [...need].sort())
    if (!simulated.has(id)) problems.push(problem('simulation.nodes', msg('problem.simulationLacks', { node: id })));
  if (new Date(c.expiresAt).getTime() <= now.getTime())
    problems.push(problem('expiresAt', msg('problem.past', { at: c.expiresAt })));
  return problems;
}

/**
 * Per-node CPU and memory before and after, from the latest metrics (a hand-made plan's
 * simulation). A migration moves the guest's measured use; a stop frees it; a start adds a
 * guest's typical share; a memory resize scales the guest's use with its size.
 */
export function simulate(
  actions: readonly PlanAction[],
  inv: InventoryView,
  usage: ReadonlyMap<string, Usage>,
): Simulation {
  const state = new Map<string, { cpuBefore: number; memBefore: number; cpu: number; mem: number }>();
  for (const n of inv.nodes.values()) {
    const u = usage.get(n.id);
    const cpu = u?.cpu ?? 0;
    const mem = u?.memUsed != null && u.memSize ? u.memUsed / u.memSize : 0;
    state.set(n.id, { cpuBefore: cpu, memBefore: mem, cpu, mem });
  }
  const move = (nodeId: string, cores: number, bytes: number) => {
    const n = inv.nodes.get(nodeId);
    const s = state.get(nodeId);
    if (!n || !s) return;
    s.cpu += n.cpuCores > 0 ? cores / n.cpuCores : 0;
    s.mem += n.memoryBytes > 0 ? bytes / n.memoryBytes : 0;
  };
  const where = new Map<string, string>();
  const nodeOf = (id: string) => where.get(id) ?? inv.guests.get(id)?.nodeId;
  for (const a of actions) {
    if (!isGuestAction(a)) continue;
    const g = inv.guests.get(a.guestId);
    const node = nodeOf(a.guestId);
    if (!g || !node) continue;
    const u = usage.get(g.id);
    const cores = g.status === 'running' ? (u?.cpu ?? 0.05) * g.cores : 0;
    const bytes = g.status === 'running' ? (u?.memUsed ?? g.memoryBytes / 2) : 0;
    if (a.type === 'migrate') {
      move(node, -cores, -bytes);
      move(a.to, cores, bytes);
      where.set(a.guestId, a.to);
    } else if (a.type === 'stop') move(node, -cores, -bytes);
    else if (a.type === 'start') move(node, 0.05 * g.cores, g.memoryBytes / 2);
    else if (a.type === 'resize' && a.resource === 'memoryMiB')
      move(node, 0, (bytes / Math.max(1, g.memoryBytes)) * (a.to - a.from) * MiB);
  }
  const r3 = (v: number) => Math.max(0, Math.round(v * 1000) / 1000);
  return {
    nodes: [...state.entries()].map(([nodeId, s]) => ({
      nodeId,
      cpuBefore: r3(s.cpuBefore),
      cpuAfter: r3(s.cpu),
      memBefore: r3(s.memBefore),
      memAfter: r3(s.mem),
    })),
    thresholds: { cpu: 0.85, mem: 0.9 },
  };
}

/** A check's words: English in `message` (agents' checks have only that), and the code for the reader's language. */
const said = (m: Message) => ({ message: englishText(m), said: m });

/** ralf-ui's own checks of a hand-made plan (an agent's plan brings A_SEC's). */
export function ownChecks(
  actions: readonly PlanAction[],
  sim: Simulation,
  inv: InventoryView,
): { checks: PolicyCheck[]; risk: Risk } {
  const over = sim.nodes.filter((n) => n.cpuAfter > sim.thresholds.cpu || n.memAfter > sim.thresholds.mem);
  const full = sim.nodes.filter((n) => n.memAfter > 1);
  const core = actions.filter((a) => isGuestAction(a) && inv.guests.get(a.guestId)?.tags.includes('core'));
  const checks: PolicyCheck[] = [
    full.length
      ? {
          policy: 'capacity',
          result: 'failed',
          blocking: true,
          ...said(msg('check.overcommitted', { nodes: full.map((n) => n.nodeId) })),
        }
      : over.length
        ? {
            policy: 'capacity',
            result: 'warned',
            blocking: false,
            ...said(msg('check.aboveThresholds', { nodes: over.map((n) => n.nodeId) })),
          }
        : { policy: 'capacity', result: 'passed', blocking: false, ...said(msg('check.belowThresholds')) },
    core.length
      ? {
          policy: 'core-services',
          result: 'warned',
          blocking: false,
          ...said(msg('check.core', { n: core.length })),
        }
      : { policy: 'core-services', result: 'passed', blocking: false, ...said(msg('check.noCore')) },
  ];
  const risk: Risk = checks.some((c) => c.result === 'failed')
    ? 'high'
    : checks.some((c) => c.result === 'warned')
      ? 'medium'
      : 'low';
  return { checks, risk };
}

/** How an action reads as a plan's title: "Move immich from pve3 to pve1" (a message, issue 18). */
export function describeAction(a: PlanAction, inv: InventoryView): Message {
  if (a.type === 'scale') return msg('action.scale', { service: a.serviceId, from: a.from, to: a.to });
  if (a.type === 'add-node')
    return msg('action.addNode', { name: a.node.replace(/^node\//, ''), mac: a.mac, cluster: a.cluster });
  // A title people read: names, not ids, and sizes in their units (issue 26).
  const name = inv.guests.get(a.guestId)?.name ?? a.guestId;
  const node = (id: string) => inv.nodes.get(id)?.name ?? id.replace(/^node\//, '');
  if (a.type === 'migrate') return msg('action.migrate', { name, from: node(a.from), to: node(a.to) });
  if (a.type === 'resize') {
    const sizes = { name, from: a.from, to: a.to };
    if (a.resource === 'memoryMiB') return msg('action.memory', sizes);
    if (a.resource === 'cores') return msg('action.cores', sizes);
    return msg('action.disk', sizes);
  }
  if (a.type === 'rollback') return msg('action.rollback', { name, snapshot: a.snapshot });
  return msg(a.type === 'start' ? 'action.start' : 'action.stop', { name });
}
