import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../lib/secrets';
import { ACT_PRIVILEGES, READ_PRIVILEGES } from '../proxmox/privileges';
import type { Clock } from '../ports';
import { sampleLab } from './lab-physics';
import { installPveBackupRoutes, pbsStorage } from './pve-backup-api';
import { installPveDiskRoutes, zfsStorage } from './pve-disks';
import { installPveRrdRoutes } from './pve-rrd';
import { installPveActionRoutes, type LabEffect } from './pve-actions';
import { installPveTaskRoutes, type LabTasks } from './pve-tasks';
import type { DemoLabMetrics } from './demo-lab-metrics';
import { LAB_CLUSTER, type LabModel } from './lab-model';
import {
  agentInterfaces,
  containerInterfaces,
  guestConfig,
  guestOn,
  guestUptime,
  haStateOf,
  lockOf,
} from './pve-guests';

/** The demo lab's published API token (it guards nothing real; it is there so clients send one, as to a real Proxmox). */
export const DEMO_PVE_TOKEN = { tokenId: 'ralf@pve!demo', secret: 'demo-lab' } as const;
export const DEMO_CLUSTER = LAB_CLUSTER;
/** The demo token's privileges, 1 for each as Proxmox lists them: all ralf-ui reads and acts with. */
const DEMO_PVE_PRIVILEGES = Object.fromEntries([...READ_PRIVILEGES.pve, ...ACT_PRIVILEGES].map((p) => [p, 1]));
const PVE_VERSION = { version: '8.3.2', release: '8.3', repoid: '3e76eec21c4a14a7' };
const KERNEL = '6.8.12-4-pve';
/** The lab's one VM template (Debian with cloud-init), as a fresh homelab keeps one to clone from. */
export const DEMO_TEMPLATE = { vmid: 9000, name: 'debian-12-cloudinit' } as const;
/** Seconds since a node booted: each reboots every two months at its own moment. */
const nodeUptime = (seed: number, t: number) => 21 * 86_400 + ((t + seed) % (60 * 86_400));

/**
 * The demo lab's cluster in the shape Proxmox VE's `GET /cluster/resources` answers: a node,
 * guest and storage entry per thing, with Proxmox's field names and units (bytes, cpu as a
 * fraction of the entry's `maxcpu`, tags joined by `;`), plus a pool and an SDN zone, as a real
 * cluster lists them.
 */
export function pveResources(model: LabModel, t: number): Record<string, unknown>[] {
  const samples = sampleLab(model, t);
  const out: Record<string, unknown>[] = [];
  for (const n of model.nodes) {
    const s = samples.get(n.id)!.sample;
    const online = n.status === 'online';
    const node = n.name;
    out.push({
      id: n.id,
      type: 'node',
      node,
      status: n.status,
      level: '',
      ...(online && {
        cpu: s.cpu,
        maxcpu: n.cpuCores,
        mem: Math.round(s.memUsed),
        maxmem: n.memoryBytes,
        disk: Math.round(s.diskUsed),
        maxdisk: n.diskBytes,
        uptime: nodeUptime(n.seed, t),
        'cgroup-mode': 2,
      }),
    });
    out.push(storage(node, 'local', 'dir', 'iso,vztmpl,backup', 0.18 * n.diskBytes, n.diskBytes));
    out.push(storage(node, 'local-lvm', 'lvmthin', 'images,rootdir', 0.41 * n.diskBytes, 2 * n.diskBytes));
    if (online) out.push(pbsStorage(model, node, t));
    const zfs = zfsStorage(node);
    if (zfs) out.push(zfs);
  }
  const offline = new Set(model.nodes.filter((n) => n.status !== 'online').map((n) => n.name));
  for (const g of model.guests) {
    const s = samples.get(g.id)!.sample;
    const running = g.status === 'running';
    const node = g.nodeId.slice(5);
    // A guest on a node that does not answer: Proxmox knows only its name and place.
    if (offline.has(node)) {
      out.push({ id: g.id, type: g.type, vmid: g.vmid, name: g.name, node, status: 'unknown', template: 0 });
      continue;
    }
    out.push({
      id: g.id,
      type: g.type,
      vmid: g.vmid,
      name: g.name,
      node: g.nodeId.slice(5),
      status: g.status,
      template: 0,
      tags: g.tags.join(';'),
      maxcpu: g.cores,
      maxmem: g.memoryBytes,
      maxdisk: g.diskBytes,
      // Proxmox reports 0 disk use for a VM without its guest agent; containers know theirs.
      disk: g.type === 'qemu' ? 0 : Math.round(s.diskUsed),
      cpu: running ? s.cpu : 0,
      mem: running ? Math.round(s.memUsed) : 0,
      uptime: guestUptime(g, t),
      ...(lockOf(g, t) && { lock: lockOf(g, t) }),
      ...(haStateOf(g) && { hastate: haStateOf(g) }),
      netin: Math.round(s.rxBytes),
      netout: Math.round(s.txBytes),
      diskread: 0,
      diskwrite: 0,
    });
  }
  // The cloud-init template a deployment would clone: listed, never a guest.
  const first = model.nodes[0]?.name ?? 'pve1';
  out.push({
    ...{
      id: `qemu/${DEMO_TEMPLATE.vmid}`,
      type: 'qemu',
      vmid: DEMO_TEMPLATE.vmid,
      name: DEMO_TEMPLATE.name,
      node: first,
    },
    ...{ status: 'stopped', template: 1, maxcpu: 2, maxmem: 2 * 1024 ** 3, maxdisk: 10 * 1024 ** 3, uptime: 0 },
  });
  out.push({ id: 'pool/lab', type: 'pool', pool: 'lab' });
  out.push({
    id: `sdn/${model.nodes[0]?.name ?? 'pve1'}/localnetwork`,
    type: 'sdn',
    sdn: 'localnetwork',
    node: model.nodes[0]?.name,
    status: 'ok',
  });
  return out;
}

const storage = (node: string, name: string, plugintype: string, content: string, used: number, total: number) => ({
  id: `storage/${node}/${name}`,
  type: 'storage',
  node,
  storage: name,
  plugintype,
  content,
  status: 'available',
  shared: 0,
  disk: Math.round(used),
  maxdisk: Math.round(total),
});

/** `GET /cluster/status`: the cluster with its quorum, and each node with its id and whether it is online. */
export function pveClusterStatus(model: LabModel): Record<string, unknown>[] {
  const online = model.nodes.filter((n) => n.status === 'online').length;
  return [
    {
      type: 'cluster',
      id: 'cluster',
      name: DEMO_CLUSTER,
      nodes: model.nodes.length,
      quorate: online * 2 > model.nodes.length ? 1 : 0,
      version: 3,
    },
    ...model.nodes.map((n, i) => ({
      type: 'node',
      id: n.id,
      name: n.name,
      nodeid: i + 1,
      online: n.status === 'online' ? 1 : 0,
      local: i === 0 ? 1 : 0,
      ip: `10.0.0.${11 + i}`,
      level: '',
    })),
  ];
}

/** `GET /nodes/{node}/status`: versions, kernel and load as Proxmox VE answers them (the fields ralf-ui reads and a few more). */
export function pveNodeStatus(model: LabModel, node: string, t: number): Record<string, unknown> | null {
  const n = model.nodes.find((x) => x.name === node);
  if (!n || n.status !== 'online') return null;
  const s = sampleLab(model, t).get(n.id)!.sample;
  return {
    pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
    kversion: `Linux ${KERNEL} #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)`,
    'current-kernel': {
      sysname: 'Linux',
      release: KERNEL,
      version: '#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)',
      machine: 'x86_64',
    },
    'boot-info': { mode: 'efi', secureboot: 0 },
    uptime: nodeUptime(n.seed, t),
    cpu: s.cpu,
    loadavg: [s.cpu * n.cpuCores, s.cpu * n.cpuCores * 0.9, s.cpu * n.cpuCores * 0.8].map((x) => x.toFixed(2)),
    cpuinfo: { model: 'AMD Ryzen 7 5700G with Radeon Graphics', sockets: 1, cores: n.cpuCores / 2, cpus: n.cpuCores },
    memory: { total: n.memoryBytes, used: Math.round(s.memUsed), free: Math.round(n.memoryBytes - s.memUsed) },
    rootfs: { total: 100 * 1024 ** 3, used: 12 * 1024 ** 3, avail: 88 * 1024 ** 3, free: 88 * 1024 ** 3 },
  };
}

type Reply = { code(n: number): Reply; send(body: unknown): unknown; raw: { statusMessage: string } };
/** Proxmox answers an error with the reason in the status line and `{"data": null}`. */
const refuse = (reply: Reply, status: number, why: string) => {
  reply.raw.statusMessage = why;
  return reply.code(status).send({ data: null, message: `${why}\n` });
};

export interface PveApiOptions {
  /** Runs before /cluster/resources answers: the lab brings its model up to date with what it follows. */
  beforeRead?: () => Promise<void>;
  /** The lab's metrics, which its rrddata answers from. */
  metrics?: DemoLabMetrics;
  /** Its task runner: with it, the lab answers Proxmox's action and task paths (issue 20). */
  tasks?: LabTasks;
  /** What a finished task changes, once the features exist (the stored inventory is the lab's memory). */
  effect?: () => LabEffect | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Serves the lab under `/demo-lab/pve/api2/json/` as Proxmox VE does: the `{"data": …}` envelope,
 * an API token in `Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET` (401 without it), `type`
 * filtering on /cluster/resources (`vm`, `node`, `storage`), each node's status, each guest's
 * config and addresses, and the backup job and archives (pve-backup-api.ts).
 */
export function installPveApi(app: FastifyInstance, model: LabModel, clock: Clock, opts: PveApiOptions = {}): void {
  const expected = `PVEAPIToken=${DEMO_PVE_TOKEN.tokenId}=${DEMO_PVE_TOKEN.secret}`;
  const pub = { config: { access: 'public' } } as const;
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        const given = req.headers.authorization ?? '';
        if (!sameSecret(given, expected))
          return reply.code(401).send({ data: null, message: 'authentication failure\n' });
        // Its token is published: the lab acts only for ralf-ui itself, on loopback, never for a
        // caller on the network, who would go round ralf-ui's roles and audit log.
        if (req.method !== 'GET' && !LOOPBACK.has(req.socket.remoteAddress ?? ''))
          return reply.code(403).send({ data: null, message: 'the demo lab acts for callers on loopback only\n' });
      });
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );
      // Its clock is the lab's (frozen in tests), as a Proxmox host's is its own.
      scope.addHook('onSend', async (_req, reply) => void reply.header('date', clock.now().toUTCString()));
      const now = () => Math.floor(clock.now().getTime() / 1000);
      scope.get('/version', pub, async () => ({ data: PVE_VERSION }));
      // The demo token's privileges on /, as `GET /access/permissions` lists a token's.
      scope.get('/access/permissions', pub, async () => ({ data: { '/': DEMO_PVE_PRIVILEGES } }));
      scope.get('/cluster/status', pub, async () => ({ data: pveClusterStatus(model) }));
      scope.get('/nodes', pub, async () => ({
        data: pveResources(model, now()).filter((r) => r.type === 'node'),
      }));
      scope.get<{ Querystring: { type?: string } }>('/cluster/resources', pub, async (req) => {
        await opts.beforeRead?.();
        const want = req.query.type;
        const types = want === 'vm' ? ['qemu', 'lxc'] : want ? [want] : null;
        return { data: pveResources(model, now()).filter((r) => !types || types.includes(r.type as string)) };
      });
      installPveBackupRoutes(scope, model, now);
      installPveDiskRoutes(scope, model);
      if (opts.metrics) installPveRrdRoutes(scope, model, opts.metrics, now);
      if (opts.tasks) {
        installPveTaskRoutes(scope, model, opts.tasks, now);
        installPveActionRoutes(scope, model, opts.tasks, {
          user: DEMO_PVE_TOKEN.tokenId,
          now,
          template: DEMO_TEMPLATE,
          effect: opts.effect ?? (() => null),
        });
      }
      scope.get<{ Params: { node: string } }>('/nodes/:node/status', pub, async (req, reply) => {
        const status = pveNodeStatus(model, req.params.node, now());
        return status ? { data: status } : refuse(reply, 595, `no such node or node offline '${req.params.node}'`);
      });
      type GuestParams = { Params: { node: string; vmid: string } };
      const guest = (type: 'qemu' | 'lxc', req: { params: GuestParams['Params'] }, reply: Reply) => {
        const { node, vmid } = req.params;
        const g = guestOn(model, node, type, vmid);
        if (!g) refuse(reply, 500, `Configuration file 'nodes/${node}/${type}/${vmid}.conf' does not exist`);
        return g;
      };
      for (const type of ['qemu', 'lxc'] as const)
        scope.get<GuestParams>(`/nodes/:node/${type}/:vmid/config`, pub, async (req, reply) => {
          const g = guest(type, req, reply);
          return g ? { data: guestConfig(g) } : reply;
        });
      scope.get<GuestParams>('/nodes/:node/qemu/:vmid/agent/network-get-interfaces', pub, async (req, reply) => {
        const g = guest('qemu', req, reply);
        if (!g) return reply;
        const answer = agentInterfaces(g);
        return 'error' in answer ? refuse(reply, 500, answer.error) : { data: answer };
      });
      scope.get<GuestParams>('/nodes/:node/lxc/:vmid/interfaces', pub, async (req, reply) => {
        const g = guest('lxc', req, reply);
        if (!g) return reply;
        const answer = containerInterfaces(g);
        return 'error' in answer ? refuse(reply, 500, answer.error) : answer;
      });
    },
    { prefix: '/demo-lab/pve/api2/json' },
  );
}
