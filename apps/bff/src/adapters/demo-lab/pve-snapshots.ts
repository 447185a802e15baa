import type { FastifyInstance } from 'fastify';
import { refuse, type LabActionKit, type P } from './pve-action-kit';

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

/** Proxmox's snapshot paths on the demo lab (issue 20): list, take (with RAM for a running VM), roll back, delete, each a task. */
export function installPveSnapshotRoutes(scope: FastifyInstance, kit: Omit<LabActionKit, 'scope'>, now: () => number) {
  const { pub, apply, guestOf, locked, start } = kit;
  const snapshots = seedSnapshots(now());
  const TYPE = {
    qemu: { snapshot: 'qmsnapshot', rollback: 'qmrollback', delsnapshot: 'qmdelsnapshot' },
    lxc: { snapshot: 'vzsnapshot', rollback: 'vzrollback', delsnapshot: 'vzdelsnapshot' },
  } as const;
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
      const list = snapshots.get(g.id) ?? [];
      snapshots.set(g.id, [
        ...list,
        {
          name,
          description: req.body?.description ?? '',
          snaptime: now(),
          vmstate,
          parent: list.at(-1)?.name ?? null,
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
        await apply(g, { status: s.vmstate ? 'running' : 'stopped' });
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
      const current = snapshots.get(g.id) ?? [];
      snapshots.set(
        g.id,
        current.filter((x) => x !== s).map((x) => (x.parent === s.name ? { ...x, parent: s.parent } : x)),
      );
      return 'OK';
    });
  });
}
