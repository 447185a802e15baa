import type { FastifyInstance } from 'fastify';
import type { LabModel } from './lab-model';
import { DEMO_JOB } from './lab-backups';
import { NO_AGENT } from './pve-guests';
import type { LabStep, LabTasks } from './pve-tasks';
import { labActionKit, refuse, type LabActionOptions, type P } from './pve-action-kit';
import { installPveSnapshotRoutes } from './pve-snapshots';
import { installPveChangeRoutes, installPveCloneRoutes } from './pve-changes';

export type { LabEffect } from './pve-action-kit';

const TYPE = {
  qemu: {
    start: 'qmstart',
    shutdown: 'qmshutdown',
    stop: 'qmstop',
    reboot: 'qmreboot',
    suspend: 'qmsuspend',
    resume: 'qmresume',
  },
  lxc: {
    start: 'vzstart',
    shutdown: 'vzshutdown',
    stop: 'vzstop',
    reboot: 'vzreboot',
    suspend: 'vzsuspend',
    resume: 'vzresume',
  },
} as const;

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
  opts: LabActionOptions & { template: { vmid: number; name: string } },
): void {
  const kit = labActionKit(model, tasks, opts);
  const { pub, apply, guestOf, locked, start } = kit;
  installPveSnapshotRoutes(scope, kit, opts.now);
  installPveChangeRoutes(scope, model, kit);
  installPveCloneRoutes(scope, model, kit, opts.template);
  scope.post<P>('/nodes/:node/:type/:vmid/status/:action', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const action = req.params.action as keyof (typeof TYPE)['qemu'];
    const kind = g.type === 'qemu' ? 'VM' : 'CT';
    const running = g.status === 'running';
    const type = TYPE[g.type][action];
    if (!type)
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
        async () => (await apply(g, { status: 'running' }), 'OK'),
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
        async () => (await apply(g, { status: 'stopped' }), 'OK'),
      );
    }
    if (action === 'stop')
      return start(
        g,
        type,
        [{ afterMs: 700, line: `stopping ${kind} ${g.vmid}` }],
        async () => (await apply(g, { status: 'stopped' }), 'OK'),
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
        async () => (await apply(g, { status: 'paused' }), 'OK'),
      );
    return start(
      g,
      type,
      [{ afterMs: 500, line: `resuming VM ${g.vmid}` }],
      async () => (await apply(g, { status: 'running' }), 'OK'),
    );
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
