import type { FastifyInstance } from 'fastify';
import type { GuestInput } from '@ralf/shared';
import type { LabGuest, LabModel } from './lab-model';
import { guestOn, lockOf } from './pve-guests';
import type { LabStep, LabTasks } from './pve-tasks';

/** What a finished lab task changes in the lab: its memory is the stored inventory (demo-lab.ts). */
export type LabChange = Partial<Pick<LabGuest, 'status' | 'nodeId' | 'cores' | 'memoryBytes' | 'diskBytes'>>;
/** `create`: a guest the lab's Proxmox made (a clone), stored whole. */
export type LabEffect = (guestId: string, change: LabChange, create?: GuestInput) => Promise<void>;

export interface LabActionOptions {
  user: string;
  now: () => number;
  effect: () => LabEffect | null;
}

export type P = {
  Params: { node: string; type: string; vmid: string; action?: string; name?: string };
  Body: Record<string, string> | undefined;
};

export type Reply = { code(n: number): { send(b: unknown): unknown }; raw: { statusMessage: string } };
export const refuse = (reply: Reply, status: number, why: string) => {
  reply.raw.statusMessage = why;
  return reply.code(status).send({ data: null, message: `${why}\n` });
};

/** What every action path of the lab's Proxmox API needs: the guest a path names, its lock, a task, its effect. */
export function labActionKit(model: LabModel, tasks: LabTasks, opts: LabActionOptions) {
  const pub = { config: { access: 'public' } } as const;
  const apply = async (g: LabGuest, change: LabChange) => {
    const effect = opts.effect();
    if (effect) await effect(g.id, change);
    else Object.assign(g, change);
  };
  const guestOf = (req: { params: P['Params'] }, reply: Reply) => {
    const { node, type, vmid } = req.params;
    if (type !== 'qemu' && type !== 'lxc') return (refuse(reply, 501, `Method not implemented`), null);
    const g = guestOn(model, node, type, vmid);
    if (!g) refuse(reply, 500, `Configuration file 'nodes/${node}/${type}/${vmid}.conf' does not exist`);
    return g;
  };
  const locked = (g: LabGuest, reply: Reply) => {
    const lock = lockOf(g, opts.now());
    if (lock) refuse(reply, 500, `${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${lock})`);
    return lock;
  };
  const start = (g: LabGuest, type: string, steps: LabStep[], end: () => Promise<string> | string) => ({
    data: tasks.run({ node: g.nodeId.slice(5), type, id: String(g.vmid), user: opts.user }, steps, end),
  });

  /** A guest the lab's Proxmox made: stored (its memory), or only in the model before the features exist. */
  const created = async (g: GuestInput) => {
    const effect = opts.effect();
    if (effect) return effect(g.id, {}, g);
    model.guests.push({
      ...g,
      seed: g.vmid,
      profile: { cpuBase: 0.02, cpuAmp: 0, memBase: 0.2, diskBase: 0.1, netBase: 0, eveningBurst: 0 },
    });
  };
  return { pub, apply, guestOf, locked, start, created };
}

export type LabActionKit = ReturnType<typeof labActionKit> & { scope: FastifyInstance };
