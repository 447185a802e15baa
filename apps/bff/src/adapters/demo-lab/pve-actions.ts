import type { FastifyInstance } from 'fastify';
import type { LabGuest, LabModel } from './lab-model';
import { DEMO_JOB } from './lab-backups';
import { guestOn, lockOf, NO_AGENT } from './pve-guests';
import type { LabStep, LabTasks } from './pve-tasks';

/** What a finished lab task changes in the lab: its memory is the stored inventory (demo-lab.ts). */
export type LabEffect = (guestId: string, status: 'running' | 'stopped' | 'paused') => Promise<void>;

interface LabSnapshot {
  name: string;
  description: string;
  snaptime: number;
  vmstate: 0 | 1;
  parent: string | null;
}

/** The snapshots the lab starts with: one before an upgrade of the database, one of the media server. */
function seedSnapshots(t: number): Map<string, LabSnapshot[]> {
  const day = 86_400;
  return new Map([
    [
      'lxc/101',
      [
        {
          name: 'pre-pg16',
          description: 'before the PostgreSQL 16 upgrade',
          snaptime: t - 40 * day,
          vmstate: 0,
          parent: null,
        },
        {
          name: 'pre-pg17',
          description: 'before the PostgreSQL 17 upgrade',
          snaptime: t - 6 * day,
          vmstate: 0,
          parent: 'pre-pg16',
        },
      ],
    ],
    [
      'qemu/200',
      [
        {
          name: 'jellyfin-10-10',
          description: 'Jellyfin 10.10 installed',
          snaptime: t - 12 * day,
          vmstate: 0,
          parent: null,
        },
      ],
    ],
  ]);
}

const TYPE = {
  qemu: {
    start: 'qmstart',
    shutdown: 'qmshutdown',
    stop: 'qmstop',
    reboot: 'qmreboot',
    suspend: 'qmsuspend',
    resume: 'qmresume',
    snapshot: 'qmsnapshot',
    rollback: 'qmrollback',
    delsnapshot: 'qmdelsnapshot',
  },
  lxc: {
    start: 'vzstart',
    shutdown: 'vzshutdown',
    stop: 'vzstop',
    reboot: 'vzreboot',
    suspend: 'vzsuspend',
    resume: 'vzresume',
    snapshot: 'vzsnapshot',
    rollback: 'vzrollback',
    delsnapshot: 'vzdelsnapshot',
  },
} as const;

type Reply = { code(n: number): { send(b: unknown): unknown }; raw: { statusMessage: string } };
const refuse = (reply: Reply, status: number, why: string) => {
  reply.raw.statusMessage = why;
  return reply.code(status).send({ data: null, message: `${why}\n` });
};

/** The storages a node backs up to: its PBS storage and `local`. */
const BACKUP_STORAGES = (node: string) => [
  { storage: DEMO_JOB.storage, type: 'pbs', content: 'backup', active: 1, enabled: 1, shared: 1, node },
  { storage: 'local', type: 'dir', content: 'iso,vztmpl,backup', active: 1, enabled: 1, shared: 0, node },
];

/**
 * Proxmox VE's action paths on the demo lab (issue 20): power, snapshots, vzdump, each a task
 * with Proxmox's type and realistic log lines and duration. On purpose: `dev-sandbox` (no guest
 * agent, no ACPI answer) does not shut down and its shutdown fails after the timeout, as a real
 * VM that ignores ACPI does; backups to `local` are refused for lack of Datastore.AllocateSpace,
 * so both a failed task and a missing privilege are there to be seen.
 */
export function installPveActionRoutes(
  scope: FastifyInstance,
  model: LabModel,
  tasks: LabTasks,
  opts: { user: string; now: () => number; effect: () => LabEffect | null },
): void {
  const pub = { config: { access: 'public' } } as const;
  const snapshots = seedSnapshots(opts.now());
  const apply = async (g: LabGuest, status: 'running' | 'stopped' | 'paused') => {
    const effect = opts.effect();
    if (effect) await effect(g.id, status);
    else g.status = status;
  };
  type P = {
    Params: { node: string; type: string; vmid: string; action?: string; name?: string };
    Body: Record<string, string> | undefined;
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

  scope.post<P>('/nodes/:node/:type/:vmid/status/:action', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const action = req.params.action as keyof (typeof TYPE)['qemu'];
    const kind = g.type === 'qemu' ? 'VM' : 'CT';
    const running = g.status === 'running';
    const type = TYPE[g.type][action];
    if (!type || action === 'snapshot' || action === 'rollback' || action === 'delsnapshot')
      return refuse(
        reply,
        501,
        `Method 'POST /nodes/${req.params.node}/${g.type}/${g.vmid}/status/${action}' not implemented`,
      );
    if ((action === 'suspend' || action === 'resume') && g.type === 'lxc')
      return refuse(reply, 501, 'suspend and resume are for VMs here');
    if (action === 'start' && running) return refuse(reply, 500, `${kind} ${g.vmid} already running`);
    if (action !== 'start' && action !== 'resume' && g.status === 'stopped')
      return refuse(reply, 500, `${kind} ${g.vmid} not running`);
    if (action === 'resume' && g.status !== 'paused') return refuse(reply, 500, `VM ${g.vmid} is not suspended`);
    if (action === 'start')
      return start(
        g,
        type,
        [
          { afterMs: 400, line: g.type === 'qemu' ? `generating cloud-init ISO` : `starting container ${g.vmid}` },
          { afterMs: 1100, line: `${kind} ${g.vmid} started` },
        ],
        async () => (await apply(g, 'running'), 'OK'),
      );
    if (action === 'shutdown') {
      const timeout = Math.min(Number(req.body?.timeout ?? 60) || 60, 600);
      if (g.type === 'qemu' && NO_AGENT.has(g.vmid))
        // It ignores ACPI: Proxmox waits the whole timeout (the lab waits at most 6 s) and gives up.
        return start(
          g,
          type,
          [
            { afterMs: 300, line: `requesting shutdown of VM ${g.vmid} (timeout ${timeout}s)` },
            { afterMs: Math.min(timeout * 1000, 6000), line: `VM ${g.vmid} still running after ${timeout}s` },
          ],
          () => 'VM quit/powerdown failed - got timeout',
        );
      return start(
        g,
        type,
        [
          { afterMs: 300, line: `requesting shutdown of ${kind} ${g.vmid} (timeout ${timeout}s)` },
          { afterMs: 2200, line: `${kind} ${g.vmid} powered off` },
        ],
        async () => (await apply(g, 'stopped'), 'OK'),
      );
    }
    if (action === 'stop')
      return start(
        g,
        type,
        [{ afterMs: 700, line: `stopping ${kind} ${g.vmid}` }],
        async () => (await apply(g, 'stopped'), 'OK'),
      );
    if (action === 'reboot')
      return start(
        g,
        type,
        [
          { afterMs: 300, line: `requesting reboot of ${kind} ${g.vmid}` },
          { afterMs: 2000, line: `${kind} ${g.vmid} powered off` },
          { afterMs: 1200, line: `${kind} ${g.vmid} started` },
        ],
        () => 'OK',
      );
    if (action === 'suspend')
      return start(
        g,
        type,
        [{ afterMs: 600, line: `suspending VM ${g.vmid}` }],
        async () => (await apply(g, 'paused'), 'OK'),
      );
    return start(
      g,
      type,
      [{ afterMs: 500, line: `resuming VM ${g.vmid}` }],
      async () => (await apply(g, 'running'), 'OK'),
    );
  });

  scope.get<P>('/nodes/:node/:type/:vmid/snapshot', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g) return reply;
    const list = snapshots.get(g.id) ?? [];
    const current = {
      name: 'current',
      description: 'You are here!',
      parent: list.at(-1)?.name,
      running: g.status === 'running' ? 1 : 0,
      digest: 'a1b2c3',
    };
    return { data: [...list.map((s) => ({ ...s, ...(s.parent === null && { parent: undefined }) })), current] };
  });
  scope.post<P>('/nodes/:node/:type/:vmid/snapshot', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const name = req.body?.snapname ?? '';
    const list = snapshots.get(g.id) ?? [];
    if (!/^[A-Za-z][A-Za-z0-9_-]{1,39}$/.test(name))
      return refuse(reply, 400, `Parameter verification failed. (snapname: invalid format)`);
    if (list.some((s) => s.name === name)) return refuse(reply, 500, `snapshot name '${name}' already used`);
    const vmstate = g.type === 'qemu' && req.body?.vmstate === '1' && g.status === 'running' ? 1 : 0;
    const steps = [
      { afterMs: 400, line: `create snapshot '${name}'` },
      ...(vmstate
        ? [
            { afterMs: 1500, line: 'saving VM state and RAM using storage local-lvm' },
            { afterMs: 800, line: 'completed saving the VM state in 3s, saved 1.92 GiB' },
          ]
        : [{ afterMs: 900, line: `snapshotting 'drive-scsi0' (local-lvm:vm-${g.vmid}-disk-0)` }]),
    ];
    return start(g, TYPE[g.type].snapshot, steps, () => {
      const now = snapshots.get(g.id) ?? [];
      snapshots.set(g.id, [
        ...now,
        {
          name,
          description: req.body?.description ?? '',
          snaptime: opts.now(),
          vmstate,
          parent: now.at(-1)?.name ?? null,
        },
      ]);
      return 'OK';
    });
  });
  scope.post<P>('/nodes/:node/:type/:vmid/snapshot/:name/rollback', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const s = (snapshots.get(g.id) ?? []).find((x) => x.name === req.params.name);
    if (!s) return refuse(reply, 500, `snapshot '${req.params.name}' does not exist`);
    return start(
      g,
      TYPE[g.type].rollback,
      [
        { afterMs: 500, line: `rolling back to snapshot '${s.name}'` },
        { afterMs: 2000, line: `  Logical volume "vm-${g.vmid}-disk-0" successfully rolled back` },
      ],
      async () => {
        // Later snapshots stay; the guest now hangs from this one. Without RAM it comes back stopped.
        const list = snapshots.get(g.id) ?? [];
        snapshots.set(g.id, [...list.filter((x) => x !== s), s]);
        await apply(g, s.vmstate ? 'running' : 'stopped');
        return 'OK';
      },
    );
  });
  scope.delete<P>('/nodes/:node/:type/:vmid/snapshot/:name', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const list = snapshots.get(g.id) ?? [];
    const s = list.find((x) => x.name === req.params.name);
    if (!s) return refuse(reply, 500, `snapshot '${req.params.name}' does not exist`);
    return start(g, TYPE[g.type].delsnapshot, [{ afterMs: 900, line: `delete snapshot '${s.name}'` }], () => {
      const now = snapshots.get(g.id) ?? [];
      snapshots.set(
        g.id,
        now.filter((x) => x !== s).map((x) => (x.parent === s.name ? { ...x, parent: s.parent } : x)),
      );
      return 'OK';
    });
  });

  scope.get<{ Params: { node: string } }>('/nodes/:node/storage', pub, async (req) => ({
    data: BACKUP_STORAGES(req.params.node),
  }));
  scope.post<{ Params: { node: string }; Body: Record<string, string> | undefined }>(
    '/nodes/:node/vzdump',
    pub,
    async (req, reply) => {
      const vmid = Number(req.body?.vmid);
      const storage = req.body?.storage ?? 'local';
      const g = model.guests.find((x) => x.vmid === vmid && x.nodeId === `node/${req.params.node}`);
      if (!g) return refuse(reply, 500, `guest ${req.body?.vmid ?? ''} is not on node ${req.params.node}`);
      if (storage === 'local')
        return refuse(reply, 403, `Permission check failed (/storage/local, Datastore.AllocateSpace)`);
      if (!BACKUP_STORAGES(req.params.node).some((s) => s.storage === storage))
        return refuse(reply, 500, `storage '${storage}' does not exist`);
      if (locked(g, reply)) return reply;
      const kind = g.type === 'qemu' ? 'VM' : 'CT';
      const mode = req.body?.mode ?? 'snapshot';
      const steps: LabStep[] = [
        {
          afterMs: 300,
          line: `INFO: starting new backup job: vzdump ${vmid} --storage ${storage} --mode ${mode} --compress zstd`,
        },
        { afterMs: 200, line: `INFO: Starting Backup of ${kind} ${vmid} (${g.type})` },
        { afterMs: 200, line: `INFO: ${kind} Name: ${g.name}` },
        ...[12, 31, 58, 83, 100].map((p) => ({
          afterMs: 900,
          line: `INFO: ${String(p).padStart(3)}% (${((g.diskBytes / 1024 ** 3) * p * 0.004).toFixed(1)} GiB of ${((g.diskBytes / 1024 ** 3) * 0.4).toFixed(1)} GiB)`,
        })),
        { afterMs: 300, line: `INFO: Finished Backup of ${kind} ${vmid} (00:00:05)` },
        { afterMs: 100, line: 'INFO: Backup job finished successfully' },
      ];
      return {
        data: tasks.run(
          { node: req.params.node, type: 'vzdump', id: String(vmid), user: opts.user },
          steps,
          () => 'OK',
        ),
      };
    },
  );
}
