import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../lib/secrets';
import type { Clock } from '../ports';
import { sampleLab } from './lab-physics';
import type { LabModel } from './lab-model';

/** The demo lab's published API token (it guards nothing real; it is there so clients send one, as to a real Proxmox). */
export const DEMO_PVE_TOKEN = { tokenId: 'ralf@pve!demo', secret: 'demo-lab' } as const;
export const DEMO_CLUSTER = 'ralf-demo';
const PVE_VERSION = { version: '8.3.2', release: '8.3', repoid: '3e76eec21c4a14a7' };

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
        uptime: 21 * 86_400 + (t % 86_400),
        'cgroup-mode': 2,
      }),
    });
    out.push(storage(node, 'local', 'dir', 'iso,vztmpl,backup', 0.18 * n.diskBytes, n.diskBytes));
    out.push(storage(node, 'local-lvm', 'lvmthin', 'images,rootdir', 0.41 * n.diskBytes, 2 * n.diskBytes));
  }
  for (const g of model.guests) {
    const s = samples.get(g.id)!.sample;
    const running = g.status === 'running';
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
      uptime: running ? 3 * 86_400 + (t % 86_400) : 0,
      netin: Math.round(s.rxBytes),
      netout: Math.round(s.txBytes),
      diskread: 0,
      diskwrite: 0,
    });
  }
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

/**
 * Serves the lab under `/demo-lab/pve/api2/json/` as Proxmox VE does: the `{"data": …}` envelope,
 * an API token in `Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET` (401 without it), and
 * `type` filtering on /cluster/resources (`vm`, `node`, `storage`).
 */
export function installPveApi(app: FastifyInstance, model: LabModel, clock: Clock): void {
  const expected = `PVEAPIToken=${DEMO_PVE_TOKEN.tokenId}=${DEMO_PVE_TOKEN.secret}`;
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        const given = req.headers.authorization ?? '';
        if (!sameSecret(given, expected))
          return reply.code(401).send({ data: null, message: 'authentication failure\n' });
      });
      const now = () => Math.floor(clock.now().getTime() / 1000);
      scope.get('/version', { config: { access: 'public' } }, async () => ({ data: PVE_VERSION }));
      scope.get('/cluster/status', { config: { access: 'public' } }, async () => ({ data: pveClusterStatus(model) }));
      scope.get('/nodes', { config: { access: 'public' } }, async () => ({
        data: pveResources(model, now()).filter((r) => r.type === 'node'),
      }));
      scope.get<{ Querystring: { type?: string } }>(
        '/cluster/resources',
        { config: { access: 'public' } },
        async (req) => {
          const want = req.query.type;
          const types = want === 'vm' ? ['qemu', 'lxc'] : want ? [want] : null;
          return { data: pveResources(model, now()).filter((r) => !types || types.includes(r.type as string)) };
        },
      );
    },
    { prefix: '/demo-lab/pve/api2/json' },
  );
}
