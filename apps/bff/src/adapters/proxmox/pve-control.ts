import type { PowerAction, Snapshot } from '@ralf/shared';
import { migrateCheckOf, parseUpid, snapshotsOf, taskOf, type PveTask } from './pve-shapes';

export { migrateCheckOf, parseUpid, snapshotsOf, taskOf, type PveTask } from './pve-shapes';
import type { ProxmoxConfig } from '../../config-proxmox';
import { isObj, num, str } from './answer-values';
import { ProxmoxApi } from './proxmox-api';

/** A guest as Proxmox's paths name it. */
export interface GuestRef {
  node: string;
  type: 'qemu' | 'lxc';
  vmid: number;
}

const enc = encodeURIComponent;
const path = (g: GuestRef) => `nodes/${enc(g.node)}/${g.type}/${g.vmid}`;

/**
 * Acts on a Proxmox VE cluster with its API token (issue 20): power actions, snapshots and
 * backups of guests, each answered by Proxmox with a task's UPID at once while the work runs on;
 * the task's status and log; the tasks the cluster ran lately, whoever started them. The demo lab
 * answers the same paths, so the embedded default runs this same code.
 */
export class PveControl {
  readonly name: string;
  readonly url: string;
  private readonly api: ProxmoxApi;
  private cluster: string | null = null;
  private readonly console: boolean;

  /** `console: false`: the API has no web UI beside it (the demo lab), so no console link. */
  constructor(cfg: ProxmoxConfig & { name?: string; console?: boolean }) {
    const url = new URL(cfg.url);
    this.name = cfg.name ?? url.hostname;
    this.url = url.origin;
    this.console = cfg.console ?? true;
    this.api = new ProxmoxApi({ kind: 'pve', name: this.name, ...cfg });
  }

  /** The guest's console in Proxmox's web UI (noVNC for VMs, the container's terminal for CTs). */
  consoleUrl(g: GuestRef, name: string): string | null {
    if (!this.console) return null;
    const q = new URLSearchParams({
      console: g.type === 'qemu' ? 'kvm' : 'lxc',
      novnc: '1',
      vmid: String(g.vmid),
      vmname: name,
      node: g.node,
      resize: 'off',
      cmd: '',
    });
    return `${this.url}/?${q.toString()}`;
  }

  /** The cluster's name (a standalone host: its node's), asked once. */
  async clusterName(): Promise<string> {
    if (this.cluster) return this.cluster;
    const status = await this.api.get<{ type: string; name?: string }[]>('cluster/status');
    this.cluster =
      status.find((s) => s.type === 'cluster')?.name ?? status.find((s) => s.type === 'node')?.name ?? this.name;
    return this.cluster;
  }

  /** `POST …/status/{action}`; a shutdown waits `timeoutSeconds` and then fails (it never stops the guest by force). */
  power(g: GuestRef, action: PowerAction, timeoutSeconds?: number): Promise<string> {
    const params: Record<string, number> = action === 'shutdown' ? { timeout: timeoutSeconds ?? 60, forceStop: 0 } : {};
    return this.api.act<string>('POST', `${path(g)}/status/${action}`, params);
  }

  /** `POST /nodes/{node}/vzdump`: one guest to one storage, compressed with zstd. */
  backup(g: GuestRef, storage: string, mode: 'snapshot' | 'suspend' | 'stop'): Promise<string> {
    return this.api.act<string>('POST', `nodes/${enc(g.node)}/vzdump`, {
      vmid: g.vmid,
      storage,
      mode,
      compress: 'zstd',
      'notes-template': '{{guestname}} (ralf-ui)',
    });
  }

  async snapshots(g: GuestRef): Promise<{ snapshots: Snapshot[]; currentParent: string | null }> {
    return snapshotsOf(await this.api.get<unknown>(`${path(g)}/snapshot`));
  }

  createSnapshot(g: GuestRef, name: string, description: string, withRam: boolean): Promise<string> {
    return this.api.act<string>('POST', `${path(g)}/snapshot`, {
      snapname: name,
      ...(description && { description }),
      ...(g.type === 'qemu' && withRam && { vmstate: 1 }),
    });
  }

  rollback(g: GuestRef, name: string): Promise<string> {
    return this.api.act<string>('POST', `${path(g)}/snapshot/${enc(name)}/rollback`);
  }

  deleteSnapshot(g: GuestRef, name: string): Promise<string> {
    return this.api.act<string>('DELETE', `${path(g)}/snapshot/${enc(name)}`);
  }

  /**
   * `POST …/migrate`: a running VM live (`online`), a running container by restart (`restart`:
   * it stops, moves and starts again), a stopped guest as it is.
   */
  migrate(g: GuestRef, target: string, running: boolean): Promise<string> {
    const how: Record<string, number> = !running ? {} : g.type === 'qemu' ? { online: 1 } : { restart: 1 };
    return this.api.act<string>('POST', `${path(g)}/migrate`, { target, ...how });
  }

  /**
   * What Proxmox says before a VM's migration (`GET /nodes/{n}/qemu/{vmid}/migrate?target=`):
   * devices that bind it to its node, local disks, storages the target lacks. Null for a container
   * (Proxmox has no such check for them).
   */
  async migrateCheck(g: GuestRef, target: string): Promise<{ ok: boolean; reasons: string[] } | null> {
    if (g.type !== 'qemu') return null;
    const r = await this.api.get<unknown>(`${path(g)}/migrate?target=${enc(target)}`);
    return migrateCheckOf(r, target);
  }

  /**
   * Changes a guest's config (cores, memory) with the `digest` it was approved against: a config
   * changed by hand since is refused by Proxmox itself. A VM's change is a task (its UPID); a
   * container's is done when Proxmox answers (null).
   */
  async setConfig(g: GuestRef, params: Record<string, number>, digest: string | null): Promise<string | null> {
    const body = { ...params, ...(digest && { digest }) };
    const answer =
      g.type === 'qemu'
        ? await this.api.act<unknown>('POST', `${path(g)}/config`, body)
        : await this.api.act<unknown>('PUT', `${path(g)}/config`, body);
    return typeof answer === 'string' && answer.startsWith('UPID:') ? answer : null;
  }

  /** `PUT …/resize`: grows a disk to `size` (`64G`); a task or, on older Proxmox, done at once (null). */
  async resizeDisk(g: GuestRef, disk: string, size: string, digest: string | null): Promise<string | null> {
    const answer = await this.api.act<unknown>('PUT', `${path(g)}/resize`, { disk, size, ...(digest && { digest }) });
    return typeof answer === 'string' && answer.startsWith('UPID:') ? answer : null;
  }

  /** The next free VMID of the cluster (`GET /cluster/nextid`), as Proxmox hands them out. */
  async nextId(): Promise<number> {
    const id = num(await this.api.get<unknown>('cluster/nextid'));
    if (id === null) throw new Error(`${this.name}: /cluster/nextid answered no number`);
    return id;
  }

  /** Where a template (or any guest) is, by VMID, and its disk size; null when the cluster has none by that id. */
  async find(vmid: number): Promise<{ node: string; diskBytes: number } | null> {
    const list = await this.api.get<unknown[]>('cluster/resources?type=vm');
    const hit = (Array.isArray(list) ? list.filter(isObj) : []).find((r) => num(r.vmid) === vmid);
    const node = hit ? str(hit.node) : null;
    return hit && node ? { node, diskBytes: num(hit.maxdisk) ?? 0 } : null;
  }

  /** `POST /nodes/{n}/qemu/{template}/clone`: a new VM `newid` named `name` on `target`. */
  clone(
    template: GuestRef,
    o: { newid: number; name: string; target: string; full: boolean; storage?: string | undefined },
  ): Promise<string> {
    return this.api.act<string>('POST', `${path(template)}/clone`, {
      newid: o.newid,
      name: o.name,
      target: o.target,
      full: o.full ? 1 : 0,
      ...(o.storage && { storage: o.storage }),
    });
  }

  /** A VM's size and cloud-init (`ciuser`, `sshkeys` URL-encoded as Proxmox wants them, `ipconfig0`); a task. */
  async configureClone(
    g: GuestRef,
    o: { cores: number; memoryMiB: number; user: string; sshKeys: string; ipConfig: string },
  ): Promise<string | null> {
    const answer = await this.api.act<unknown>('POST', `${path(g)}/config`, {
      cores: o.cores,
      memory: o.memoryMiB,
      ciuser: o.user,
      ipconfig0: o.ipConfig,
      ...(o.sshKeys.trim() && { sshkeys: encodeURIComponent(o.sshKeys.trim()) }),
    });
    return typeof answer === 'string' && answer.startsWith('UPID:') ? answer : null;
  }

  /** Storages of a node that take backups (`content` includes `backup`), PBS first. */
  async backupStorages(node: string): Promise<{ name: string; type: string }[]> {
    const list = await this.api.get<unknown[]>(`nodes/${enc(node)}/storage?content=backup&enabled=1`);
    return (Array.isArray(list) ? list.filter(isObj) : [])
      .map((s) => ({ name: str(s.storage) ?? '', type: str(s.type) ?? '' }))
      .filter((s) => s.name)
      .sort((a, b) => Number(b.type === 'pbs') - Number(a.type === 'pbs') || a.name.localeCompare(b.name));
  }

  async taskStatus(upid: string): Promise<PveTask | null> {
    const node = parseUpid(upid)?.node;
    if (!node) return null;
    return taskOf(await this.api.get<unknown>(`nodes/${enc(node)}/tasks/${enc(upid)}/status`));
  }

  /** Log lines from `start` on (Proxmox numbers them from 0; at most 500 an answer). */
  async taskLog(upid: string, start: number): Promise<{ n: number; t: string }[]> {
    const node = parseUpid(upid)?.node;
    if (!node) return [];
    const lines = await this.api.get<unknown[]>(`nodes/${enc(node)}/tasks/${enc(upid)}/log?start=${start}&limit=500`);
    return (Array.isArray(lines) ? lines.filter(isObj) : []).flatMap((l) => {
      const n = num(l.n);
      return n === null || typeof l.t !== 'string' ? [] : [{ n, t: l.t }];
    });
  }

  /** The cluster's recent tasks, newest first, whoever started them (Proxmox's task panel). */
  async recentTasks(): Promise<PveTask[]> {
    const list = await this.api.get<unknown[]>('cluster/tasks');
    return (Array.isArray(list) ? list : [])
      .map(taskOf)
      .filter((t): t is PveTask => t !== null)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  /** A guest's tasks on its node, newest first (its page's task list). */
  async guestTasks(g: GuestRef, limit = 20): Promise<PveTask[]> {
    const list = await this.api.get<unknown[]>(`nodes/${enc(g.node)}/tasks?vmid=${g.vmid}&limit=${limit}&source=all`);
    return (Array.isArray(list) ? list : []).map(taskOf).filter((t): t is PveTask => t !== null);
  }
}
