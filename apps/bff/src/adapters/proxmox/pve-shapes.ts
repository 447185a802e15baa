import type { Snapshot } from '@ralf/shared';
import { isObj, num, str } from './answer-values';

/** Proxmox's answers about tasks, snapshots and migrations, read into ralf-ui's shapes (issue 20). */

/** A task as Proxmox lists it (`/cluster/tasks`, `/nodes/{node}/tasks`, a task's status). */
export interface PveTask {
  upid: string;
  node: string;
  type: string;
  /** The VMID or other object it concerns (`208`), or ''. */
  id: string;
  user: string;
  startedAt: Date;
  endedAt: Date | null;
  /** `running`, or the exit status of an ended task (`OK`, `WARNINGS: 1`, or the error). */
  status: string;
}

/**
 * A UPID as Proxmox writes it: `UPID:node:pid:pstart:starttime:type:id:user:` (pid, pstart and
 * starttime in hex). Its node is where the task's status and log are asked for.
 */
export function parseUpid(
  upid: string,
): { node: string; startedAt: Date; type: string; id: string; user: string } | null {
  const m = /^UPID:([^:]+):[0-9A-Fa-f]+:[0-9A-Fa-f]+:([0-9A-Fa-f]+):([^:]+):([^:]*):([^:]+):$/.exec(upid);
  if (!m) return null;
  return { node: m[1]!, startedAt: new Date(parseInt(m[2]!, 16) * 1000), type: m[3]!, id: m[4]!, user: m[5]! };
}

/** One entry of a task list, or null when it is not one. */
export function taskOf(v: unknown): PveTask | null {
  if (!isObj(v)) return null;
  const upid = str(v.upid);
  const parsed = upid ? parseUpid(upid) : null;
  if (!upid || !parsed) return null;
  const start = num(v.starttime);
  const end = num(v.endtime);
  // A task's own status answer says `running`/`stopped` with `exitstatus`; a list says the exit status in `status`.
  const status = str(v.status);
  const exit = str(v.exitstatus);
  return {
    upid,
    node: str(v.node) ?? parsed.node,
    type: str(v.type) ?? parsed.type,
    id: str(v.id) ?? parsed.id,
    user: str(v.user) ?? parsed.user,
    startedAt: start !== null ? new Date(start * 1000) : parsed.startedAt,
    endedAt: end !== null ? new Date(end * 1000) : null,
    status: status === 'stopped' ? (exit ?? 'unknown') : end === null && !status ? 'running' : (status ?? 'running'),
  };
}

/** `/snapshot`'s list as a tree's entries, without Proxmox's `current` ("You are here!"), and the one it hangs from. */
export function snapshotsOf(raw: unknown): { snapshots: Snapshot[]; currentParent: string | null } {
  const list = Array.isArray(raw) ? raw.filter(isObj) : [];
  const current = list.find((s) => s.name === 'current');
  const snapshots = list
    .filter((s) => str(s.name) && s.name !== 'current')
    .map((s) => {
      const t = num(s.snaptime);
      return {
        name: str(s.name)!,
        description: typeof s.description === 'string' ? s.description.trim() : '',
        parent: str(s.parent),
        takenAt: t !== null ? new Date(t * 1000).toISOString() : null,
        withRam: num(s.vmstate) === 1,
      };
    })
    .sort((a, b) => (a.takenAt ?? '').localeCompare(b.takenAt ?? ''));
  return { snapshots, currentParent: current ? str(current.parent) : null };
}

/** Proxmox's migration check as reasons a user reads; ok when nothing binds the VM to its node. */
export function migrateCheckOf(raw: unknown, target: string): { ok: boolean; reasons: string[] } {
  if (!isObj(raw)) return { ok: true, reasons: [] };
  const reasons: string[] = [];
  const local = Array.isArray(raw.local_resources) ? raw.local_resources.filter((x) => typeof x === 'string') : [];
  if (local.length) reasons.push(`uses devices of its node (${local.join(', ')}): it cannot be migrated`);
  const notAllowed = isObj(raw.not_allowed_nodes) ? raw.not_allowed_nodes[target] : null;
  if (isObj(notAllowed)) {
    const storages = Array.isArray(notAllowed.unavailable_storages) ? notAllowed.unavailable_storages : [];
    if (storages.length) reasons.push(`${target} lacks the storage ${storages.join(', ')}`);
    else reasons.push(`Proxmox does not allow ${target} as a target`);
  }
  const disks = Array.isArray(raw.local_disks) ? raw.local_disks.filter(isObj) : [];
  const bound = disks.filter((d) => d.cdrom !== 1 && d.is_unused !== 1).map((d) => str(d.volid) ?? '?');
  if (bound.length) reasons.push(`has local disks (${bound.join(', ')}) that would be copied over the network`);
  // Local disks slow a migration; devices and missing storages stop it.
  return { ok: !local.length && !isObj(notAllowed), reasons };
}
