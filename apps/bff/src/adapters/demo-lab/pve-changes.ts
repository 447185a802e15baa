import type { FastifyInstance } from 'fastify';
import type { LabGuest, LabModel } from './lab-model';
import { refuse, type LabActionKit, type P } from './pve-action-kit';
import { guestConfig } from './pve-guests';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** Frigate holds the Coral TPU passed through from its node: it cannot leave it. */
export const PASSTHROUGH = new Map([[214, 'hostpci0']]);

const kindOf = (g: LabGuest) => (g.type === 'qemu' ? 'VM' : 'CT');
const gib = (n: number) => `${(n / GiB).toFixed(1)} GiB`;

/**
 * What an approved plan asks of the lab's Proxmox (issue 20), in Proxmox VE's shapes: the
 * migration check (`GET /qemu/{vmid}/migrate`), a migration (a running VM live, a running
 * container by restart, with Proxmox's progress lines), config changes with the `digest` check
 * (a stale digest is refused as Proxmox refuses it) and disk growth. Each is a task but a
 * container's config change, which Proxmox answers when done.
 */
export function installPveChangeRoutes(scope: FastifyInstance, model: LabModel, kit: Omit<LabActionKit, 'scope'>) {
  const { pub, apply, guestOf, locked, start } = kit;
  const online = (name: string) => model.nodes.some((n) => n.name === name && n.status === 'online');
  const ip = (name: string) => `10.0.0.${11 + model.nodes.findIndex((n) => n.name === name)}`;

  scope.get<P & { Querystring: { target?: string } }>('/nodes/:node/:type/:vmid/migrate', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g) return reply;
    if (g.type !== 'qemu')
      return refuse(reply, 501, `Method 'GET /nodes/${req.params.node}/lxc/${g.vmid}/migrate' not implemented`);
    const others = model.nodes.filter((n) => n.name !== req.params.node && n.status === 'online').map((n) => n.name);
    const device = PASSTHROUGH.get(g.vmid);
    return {
      data: {
        running: g.status === 'running' ? 1 : 0,
        allowed_nodes: device ? [] : others,
        not_allowed_nodes: device ? Object.fromEntries(others.map((n) => [n, { unavailable_storages: [] }])) : {},
        local_disks: [],
        local_resources: device ? [device] : [],
      },
    };
  });

  scope.post<P>('/nodes/:node/:type/:vmid/migrate', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const target = req.body?.target ?? '';
    const running = g.status === 'running';
    if (!online(target) || target === req.params.node)
      return refuse(reply, 500, `target node '${target}' is not online or is the guest's own node`);
    const device = PASSTHROUGH.get(g.vmid);
    if (device) return refuse(reply, 500, `can't migrate VM which uses local devices: ${device}`);
    if (running && g.type === 'qemu' && req.body?.online !== '1')
      return refuse(reply, 500, `can't migrate running VM without --online`);
    if (running && g.type === 'lxc' && req.body?.restart !== '1')
      return refuse(reply, 500, `CT is running - use restart mode or shut it down first`);
    const total = g.memoryBytes;
    const lines =
      g.type === 'qemu' && running
        ? [
            `starting migration of VM ${g.vmid} to node '${target}' (${ip(target)})`,
            `starting VM ${g.vmid} on remote node '${target}'`,
            'start remote tunnel',
            ...[0.18, 0.46, 0.77, 0.98].map(
              (f) => `migration active, transferred ${gib(total * f)} of ${gib(total)} VM-state, 112.4 MiB/s`,
            ),
            `migration completed, transferred ${gib(total)} VM-state`,
            'migration finished successfully (duration 00:00:07)',
          ]
        : [
            ...(running ? [`shutdown CT ${g.vmid}`] : []),
            `starting migration of ${kindOf(g)} ${g.vmid} to node '${target}' (${ip(target)})`,
            `volume 'local-lvm:${g.type === 'qemu' ? 'vm' : 'subvol'}-${g.vmid}-disk-0' is 'local-lvm:${g.type === 'qemu' ? 'vm' : 'subvol'}-${g.vmid}-disk-0' on the target`,
            'start final cleanup',
            ...(running ? ['start container on target node'] : []),
            'migration finished successfully (duration 00:00:05)',
          ];
    const type = g.type === 'qemu' ? 'qmigrate' : 'vzmigrate';
    return start(
      g,
      type,
      lines.map((line, i) => ({ afterMs: i === 0 ? 300 : 800, line })),
      async () => (await apply(g, { nodeId: `node/${target}` }), 'OK'),
    );
  });

  /** A config change with its digest checked first; what it changes, and its one log line. */
  const change = (g: LabGuest, body: Record<string, string> | undefined) => {
    if (body?.digest && body.digest !== guestConfig(g).digest)
      return { error: 'detected modified configuration - file changed by other user? Try again.' };
    const patch: Partial<LabGuest> = {};
    if (body?.cores) patch.cores = Number(body.cores);
    if (body?.memory) patch.memoryBytes = Number(body.memory) * MiB;
    const said = Object.entries(body ?? {})
      .filter(([k]) => k === 'cores' || k === 'memory')
      .map(([k, v]) => `-${k} ${v}`)
      .join(' ');
    return { patch, line: `update ${kindOf(g)} ${g.vmid}: ${said}` };
  };
  scope.post<P>('/nodes/:node/qemu/:vmid/config', pub, async (req, reply) => {
    const g = guestOf({ params: { ...req.params, type: 'qemu' } }, reply);
    if (!g || locked(g, reply)) return reply;
    const c = change(g, req.body);
    if ('error' in c) return refuse(reply, 500, c.error!);
    return start(g, 'qmconfig', [{ afterMs: 200, line: c.line }], async () => (await apply(g, c.patch), 'OK'));
  });
  scope.put<P>('/nodes/:node/lxc/:vmid/config', pub, async (req, reply) => {
    const g = guestOf({ params: { ...req.params, type: 'lxc' } }, reply);
    if (!g || locked(g, reply)) return reply;
    const c = change(g, req.body);
    if ('error' in c) return refuse(reply, 500, c.error!);
    await apply(g, c.patch);
    return { data: null };
  });
  scope.put<P>('/nodes/:node/:type/:vmid/resize', pub, async (req, reply) => {
    const g = guestOf(req, reply);
    if (!g || locked(g, reply)) return reply;
    const m = /^(\+)?(\d+)G$/.exec(req.body?.size ?? '');
    if (!m) return refuse(reply, 400, 'Parameter verification failed. (size: invalid format)');
    const bytes = (m[1] ? g.diskBytes : 0) + Number(m[2]) * GiB;
    if (bytes < g.diskBytes) return refuse(reply, 500, 'shrinking disks is not supported');
    const disk = req.body?.disk ?? (g.type === 'qemu' ? 'scsi0' : 'rootfs');
    return start(
      g,
      'resize',
      [
        {
          afterMs: 400,
          line: `  Size of logical volume pve/${g.type === 'qemu' ? 'vm' : 'subvol'}-${g.vmid}-disk-0 changed to ${bytes / GiB}.00 GiB (${disk}).`,
        },
      ],
      async () => (await apply(g, { diskBytes: bytes }), 'OK'),
    );
  });
}

/**
 * Cloning in the lab's Proxmox (issue 20): `GET /cluster/nextid` and `POST /qemu/{vmid}/clone`
 * of its cloud-init template, with Proxmox's log of a full clone; the new VM is stored stopped,
 * as Proxmox lists it, until the deployment starts it.
 */
export function installPveCloneRoutes(
  scope: FastifyInstance,
  model: LabModel,
  kit: Omit<LabActionKit, 'scope'>,
  template: { vmid: number; name: string },
) {
  const { pub, start, created } = kit;
  const taken = (id: number) => id === template.vmid || model.guests.some((g) => g.vmid === id);
  scope.get('/cluster/nextid', pub, async () => {
    let id = 100;
    while (taken(id)) id++;
    return { data: String(id) };
  });
  scope.post<P>('/nodes/:node/qemu/:vmid/clone', pub, async (req, reply) => {
    if (Number(req.params.vmid) !== template.vmid)
      return refuse(reply, 500, `the lab clones its template ${template.vmid} only`);
    const newid = Number(req.body?.newid);
    const target = req.body?.target ?? req.params.node;
    const name = req.body?.name ?? `vm-${newid}`;
    if (!Number.isInteger(newid) || newid < 100)
      return refuse(reply, 400, 'Parameter verification failed. (newid: invalid format)');
    if (taken(newid)) return refuse(reply, 500, `unable to create VM ${newid}: config file already exists`);
    if (!model.nodes.some((n) => n.name === target && n.status === 'online'))
      return refuse(reply, 500, `target node '${target}' is not online`);
    const size = 10 * GiB;
    const lines = [
      `create full clone of drive scsi0 (local-lvm:base-${template.vmid}-disk-0)`,
      `  Logical volume "vm-${newid}-disk-0" created.`,
      ...[0, 25, 50, 75, 100].map((p) => `transferred ${gib((size * p) / 100)} of ${gib(size)} (${p.toFixed(2)}%)`),
      'create cloud-init drive ide2 (local-lvm:vm-' + newid + '-cloudinit)',
    ];
    const host = { node: req.params.node, vmid: template.vmid } as const;
    return start(
      { ...host, nodeId: `node/${host.node}`, type: 'qemu' } as unknown as LabGuest,
      'qmclone',
      lines.map((line, i) => ({ afterMs: i === 0 ? 300 : 500, line })),
      async () => {
        await created({
          id: `qemu/${newid}`,
          vmid: newid,
          type: 'qemu',
          nodeId: `node/${target}`,
          name,
          status: 'stopped',
          cores: 2,
          memoryBytes: 2 * GiB,
          diskBytes: size,
          tags: [],
          role: null,
        });
        return 'OK';
      },
    );
  });
}
