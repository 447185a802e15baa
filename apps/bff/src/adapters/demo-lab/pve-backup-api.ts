import type { FastifyInstance } from 'fastify';
import {
  DEMO_DATASTORE,
  DEMO_JOB,
  datastoreUsed,
  localArchives,
  nextRun,
  pbsSnapshots,
  vzdumpName,
} from './lab-backups';
import type { LabModel } from './lab-model';

/** The `pbs-main` storage entry of each node in /cluster/resources: the PBS datastore as PVE sees it (shared). */
export function pbsStorage(model: LabModel, node: string, t: number): Record<string, unknown> {
  return {
    id: `storage/${node}/${DEMO_JOB.storage}`,
    type: 'storage',
    node,
    storage: DEMO_JOB.storage,
    plugintype: 'pbs',
    content: 'backup',
    status: 'available',
    shared: 1,
    disk: datastoreUsed(pbsSnapshots(model, t)),
    maxdisk: DEMO_DATASTORE.totalBytes,
  };
}

/**
 * The lab cluster's backup side as Proxmox VE answers it: `/cluster/backup` (the nightly job) and
 * `/nodes/{node}/storage/{storage}/content?content=backup` for `local` (vzdump archives) and the
 * PBS storage `pbs-main` (its snapshots, as PVE lists them).
 */
export function installPveBackupRoutes(scope: FastifyInstance, model: LabModel, now: () => number): void {
  const pub = { config: { access: 'public' } } as const;
  scope.get('/cluster/backup', pub, async () => ({
    data: [
      {
        id: DEMO_JOB.id,
        type: 'vzdump',
        schedule: `0${DEMO_JOB.hour}:00`,
        storage: DEMO_JOB.storage,
        enabled: 1,
        all: 1,
        exclude: DEMO_JOB.exclude.join(','),
        mode: 'snapshot',
        compress: 'zstd',
        'notes-template': '{{guestname}}',
        'next-run': nextRun(now()),
      },
    ],
  }));
  scope.get<{ Params: { node: string; storage: string } }>(
    '/nodes/:node/storage/:storage/content',
    pub,
    async (req, reply) => {
      const { node, storage } = req.params;
      if (!model.nodes.some((n) => n.name === node && n.status === 'online'))
        return reply.code(595).send({ data: null, message: `no such node or node offline '${node}'` });
      const t = now();
      if (storage === 'local')
        return {
          data: localArchives(model, t)
            .filter((a) => a.node === node)
            .map((a) => ({
              volid: `local:backup/${vzdumpName(a)}`,
              content: 'backup',
              format: a.guest.type === 'qemu' ? 'vma.zst' : 'tar.zst',
              subtype: a.guest.type,
              vmid: a.guest.vmid,
              ctime: a.time,
              size: a.size,
              notes: a.guest.name,
            })),
        };
      if (storage === DEMO_JOB.storage)
        return {
          data: pbsSnapshots(model, t).map((s) => ({
            volid: `${DEMO_JOB.storage}:backup/${s.guest.type === 'qemu' ? 'vm' : 'ct'}/${s.guest.vmid}/${new Date(s.time * 1000).toISOString().slice(0, 19)}Z`,
            content: 'backup',
            format: s.guest.type === 'qemu' ? 'pbs-vm' : 'pbs-ct',
            subtype: s.guest.type,
            vmid: s.guest.vmid,
            ctime: s.time,
            size: s.size,
            notes: s.guest.name,
            ...(s.protected && { protected: 1 }),
            ...(s.verified && { verification: { state: s.verified, upid: `UPID:pbs01:verify:${s.time}` } }),
          })),
        };
      return reply.code(500).send({ data: null, message: `storage '${storage}' does not exist` });
    },
  );
}
