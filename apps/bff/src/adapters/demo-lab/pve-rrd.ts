import type { FastifyInstance } from 'fastify';
import type { DemoLabMetrics } from './demo-lab-metrics';
import type { LabModel } from './lab-model';

/** Proxmox's round-robin archives: the step of each timeframe, 70 rows each. */
const STEP: Record<string, number> = { hour: 60, day: 1800, week: 10_800, month: 43_200, year: 604_800 };
const ROWS = 70;

const defined = (o: Record<string, number | null>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && Number.isFinite(v)));

/**
 * `rrddata` of the lab's nodes and guests, as Proxmox VE keeps it: one row per step of the
 * timeframe (`hour` 1 min … `year` 1 week), cpu as a fraction, memory and disk in bytes, network
 * in bytes per second; a field without data is left out of its row. The values are the lab's
 * own metrics at each time, so a ralf-ui reading them sees what Prometheus would.
 */
export function installPveRrdRoutes(
  scope: FastifyInstance,
  model: LabModel,
  metrics: DemoLabMetrics,
  now: () => number,
): void {
  const pub = { config: { access: 'public' } } as const;
  type Q = { Params: { node: string; vmid?: string }; Querystring: { timeframe?: string } };
  const rows = async (id: string, timeframe: string | undefined, size: (m: string) => number) => {
    const step = STEP[timeframe ?? 'hour'] ?? 60;
    const end = Math.floor(now() / step) * step;
    const s = await metrics.series(id, { start: end - (ROWS - 1) * step, end, step });
    return s.t.map((time, i) => {
      const v = (m: keyof typeof s.values) => s.values[m][i] ?? null;
      const used = (m: 'mem' | 'disk') => (v(m) === null ? null : Math.round(v(m)! * size(m)));
      return { time, v, used };
    });
  };
  scope.get<Q>('/nodes/:node/rrddata', pub, async (req, reply) => {
    const n = model.nodes.find((x) => x.name === req.params.node);
    if (!n) return reply.code(500).send({ data: null, message: `no such node '${req.params.node}'` });
    const size = (m: string) => (m === 'mem' ? n.memoryBytes : n.diskBytes);
    return {
      data: (await rows(n.id, req.query.timeframe, size)).map(({ time, v, used }) => ({
        time,
        ...defined({
          cpu: v('cpu'),
          maxcpu: n.cpuCores,
          memused: used('mem'),
          memtotal: n.memoryBytes,
          rootused: used('disk'),
          roottotal: n.diskBytes,
          netin: v('netRx'),
          netout: v('netTx'),
        }),
      })),
    };
  });
  for (const type of ['qemu', 'lxc'] as const)
    scope.get<Q>(`/nodes/:node/${type}/:vmid/rrddata`, pub, async (req, reply) => {
      const g = model.guests.find((x) => x.type === type && String(x.vmid) === req.params.vmid);
      if (!g) return reply.code(500).send({ data: null, message: `VM ${req.params.vmid} does not exist` });
      const size = (m: string) => (m === 'mem' ? g.memoryBytes : g.diskBytes);
      return {
        data: (await rows(g.id, req.query.timeframe, size)).map(({ time, v, used }) => ({
          time,
          ...defined({
            cpu: v('cpu'),
            maxcpu: g.cores,
            mem: used('mem'),
            maxmem: g.memoryBytes,
            // A VM's disk use is not known to Proxmox without its guest agent: 0, as Proxmox reports it.
            disk: type === 'qemu' ? 0 : used('disk'),
            maxdisk: g.diskBytes,
            netin: v('netRx'),
            netout: v('netTx'),
          }),
        })),
      };
    });
}
