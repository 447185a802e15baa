import { type Guest, type GuestControl, msg, type RecentTasks, type Task, type TaskLog } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { parseUpid, type PveControl, type PveTask } from '../../adapters/proxmox/pve-control';
import { AppError } from '../../lib/app-error';
import type { FleetService } from '../fleet/fleet.service';
import type { ProxmoxControls } from './controls';
import { tasksRepository as repo, toTask } from './tasks.repository';

const RECENT = 30;
const TASK_LIST_MS = 2000;

/** A task Proxmox lists (started in its UI, by a backup job, or by ralf-ui) as the pages show it. */
export function fromPve(t: PveTask, cluster: string, names: Map<string, string>): Task {
  const status = t.status === 'running' ? 'running' : /^(OK|WARNINGS)/.test(t.status) ? 'ok' : 'failed';
  const type = /^qm/.test(t.type) ? 'qemu' : /^vz(?!dump)/.test(t.type) ? 'lxc' : null;
  const guestId = t.id && /^\d+$/.test(t.id) ? (type ? `${type}/${t.id}` : (names.get(`vmid:${t.id}`) ?? null)) : null;
  return {
    id: t.upid,
    upid: t.upid,
    cluster,
    node: t.node,
    guestId,
    guestName: guestId ? (names.get(guestId) ?? null) : null,
    action: null,
    type: t.type,
    status,
    exitStatus: status === 'running' ? null : t.status,
    user: t.user,
    reason: null,
    startedAt: t.startedAt.toISOString(),
    endedAt: t.endedAt?.toISOString() ?? null,
    origin: 'proxmox',
    target: null,
  };
}

/** Newest first, one entry per UPID: ralf-ui's own record wins (it knows who asked and why). */
function merge(own: Task[], seen: Task[], limit: number): Task[] {
  const upids = new Set(own.map((t) => t.upid).filter(Boolean));
  return [...own, ...seen.filter((t) => !upids.has(t.upid))]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, limit);
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What the pages read: a guest's controls and tasks, the recent tasks of every cluster, a task's log. */
export function createTaskViews(deps: {
  db: Db;
  controls: ProxmoxControls;
  fleet: Pick<FleetService, 'inventory'>;
  locate: (guestId: string) => Promise<{ guest: Guest; cluster: string; control: PveControl | null }>;
  isCore: (g: Guest) => boolean;
}) {
  const { db, controls, fleet, locate } = deps;

  /** Guests by id and by VMID, to name what Proxmox's task list names by number. */
  async function names(): Promise<Map<string, string>> {
    const m = new Map<string, string>();
    for (const g of (await fleet.inventory()).guests) {
      m.set(g.id, g.name);
      m.set(`vmid:${g.vmid}`, g.id);
    }
    return m;
  }

  async function controlOfNode(node: string): Promise<{ cluster: string; control: PveControl | null }> {
    const n = (await fleet.inventory()).nodeById.get(`node/${node}`);
    const cluster = n?.cluster ?? '';
    return { cluster, control: n ? await controls.forCluster(cluster) : null };
  }

  /**
   * A cluster's task list, asked at most once every 2 s however many pages show the strip (each
   * open page asks every 5 s), and shared by the requests that come meanwhile.
   */
  const taskLists = new Map<PveControl, { at: number; list: Promise<PveTask[]> }>();
  function recentOf(c: PveControl): Promise<PveTask[]> {
    const hit = taskLists.get(c);
    if (hit && Date.now() - hit.at < TASK_LIST_MS) return hit.list;
    const list = c.recentTasks();
    taskLists.set(c, { at: Date.now(), list });
    list.catch(() => taskLists.delete(c));
    return list;
  }

  return {
    /** What the guest page offers (the snapshots and storages asked of Proxmox now). */
    async control(guestId: string): Promise<GuestControl> {
      const { guest, cluster, control } = await locate(guestId);
      const none = {
        available: false,
        core: deps.isCore(guest),
        backupStorages: [],
        snapshots: [],
        currentParent: null,
        snapshotsUnavailable: null,
        consoleUrl: null,
      };
      if (!control)
        return {
          ...none,
          reason: controls.size ? `no Proxmox cluster answers as ${cluster} now` : 'no Proxmox cluster is configured',
        };
      const ref = { node: guest.nodeId.slice(5), type: guest.type, vmid: guest.vmid };
      const [snaps, storages] = await Promise.allSettled([control.snapshots(ref), control.backupStorages(ref.node)]);
      return {
        ...none,
        available: true,
        reason: null,
        backupStorages: storages.status === 'fulfilled' ? storages.value : [],
        snapshots: snaps.status === 'fulfilled' ? snaps.value.snapshots : [],
        currentParent: snaps.status === 'fulfilled' ? snaps.value.currentParent : null,
        snapshotsUnavailable: snaps.status === 'rejected' ? why(snaps.reason) : null,
        consoleUrl: control.consoleUrl(ref, guest.name),
      };
    },

    /** A guest's tasks: those ralf-ui asked for and those Proxmox ran for it otherwise. */
    async guestTasks(guestId: string): Promise<RecentTasks> {
      const { guest, cluster, control } = await locate(guestId);
      const own = (await repo.listForGuest(db, guestId, 20)).map(toTask);
      if (!control) return { tasks: own, unavailable: [] };
      try {
        const list = await control.guestTasks({ node: guest.nodeId.slice(5), type: guest.type, vmid: guest.vmid });
        const m = await names();
        return {
          tasks: merge(
            own,
            list.map((t) => fromPve(t, cluster, m)),
            20,
          ),
          unavailable: [],
        };
      } catch (err) {
        return { tasks: own, unavailable: [{ cluster, reason: why(err) }] };
      }
    },

    /** The recent-tasks strip: every cluster's task list with ralf-ui's own records, newest first. */
    async recent(): Promise<RecentTasks> {
      const own = (await repo.listRecent(db, RECENT)).map(toTask);
      const m = await names();
      const unavailable: RecentTasks['unavailable'] = [];
      const seen = await Promise.all(
        controls.all().map(async (c) => {
          try {
            const cluster = await c.clusterName();
            return (await recentOf(c)).slice(0, RECENT).map((t) => fromPve(t, cluster, m));
          } catch (err) {
            unavailable.push({ cluster: c.name, reason: why(err) });
            return [];
          }
        }),
      );
      return { tasks: merge(own, seen.flat(), RECENT), unavailable };
    },

    /** A task and its log lines from `start` on; ralf-ui's id or a UPID. */
    async log(id: string, start: number): Promise<TaskLog> {
      const row = await repo.findById(db, id);
      const node = row?.node ?? parseUpid(id)?.node;
      if (!node) throw new AppError('NOT_FOUND', { msg: msg('err.noTask', { id }) });
      const { cluster, control } = await controlOfNode(node);
      let task: Task | null = row ? toTask(row) : null;
      const upid = row ? row.upid : id;
      if (!control || !upid)
        return task
          ? { task, lines: [], unavailable: control ? null : `no Proxmox cluster answers as ${cluster} now` }
          : notFound(id);
      try {
        if (!task) {
          const status = await control.taskStatus(upid);
          if (!status) return notFound(id);
          task = fromPve(status, cluster, await names());
        }
        return { task, lines: await control.taskLog(upid, start), unavailable: null };
      } catch (err) {
        if (!task) throw err;
        return { task, lines: [], unavailable: why(err) };
      }
    },
  };
}

const notFound = (id: string): never => {
  throw new AppError('NOT_FOUND', { msg: msg('err.noTask', { id }) });
};
