import { READ_PRIVILEGES } from '../proxmox/privileges';
import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../lib/secrets';
import type { Clock } from '../ports';
import { DEMO_DATASTORE, datastoreUsed, pbsSnapshots } from './lab-backups';
import type { LabModel } from './lab-model';

/** The demo lab's PBS token (it guards nothing real; clients send one, as to a real PBS). */
export const DEMO_PBS_TOKEN = { tokenId: 'ralf@pbs!demo', secret: 'demo-lab' } as const;

/**
 * The lab's Proxmox Backup Server under `/demo-lab/pbs/api2/json/`, as PBS 3 answers: token auth
 * (`Authorization: PBSAPIToken=USER@REALM!TOKEN:SECRET`), the `{"data": …}` envelope, one
 * datastore with a root and a `ralf-lab` namespace, and the nightly job's snapshots.
 */
export function installPbsApi(app: FastifyInstance, model: LabModel, clock: Clock): void {
  const expected = `PBSAPIToken=${DEMO_PBS_TOKEN.tokenId}:${DEMO_PBS_TOKEN.secret}`;
  const pub = { config: { access: 'public' } } as const;
  const now = () => Math.floor(clock.now().getTime() / 1000);
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        if (!sameSecret(req.headers.authorization ?? '', expected))
          return reply.code(401).send({ data: null, message: 'authentication failed - invalid credentials' });
      });
      scope.get('/version', pub, async () => ({ data: { version: '3.3', release: '3.3-2', repoid: 'a8b1f9c4' } }));
      scope.get('/access/permissions', pub, async () => ({
        data: { '/datastore': Object.fromEntries(READ_PRIVILEGES.pbs.map((p) => [p, true])) },
      }));
      scope.get('/admin/datastore', pub, async () => ({
        data: [{ store: DEMO_DATASTORE.store, comment: "the lab's backups" }],
      }));
      scope.get('/status/datastore-usage', pub, async () => {
        const used = datastoreUsed(pbsSnapshots(model, now()));
        return {
          data: [
            {
              store: DEMO_DATASTORE.store,
              total: DEMO_DATASTORE.totalBytes,
              used,
              avail: DEMO_DATASTORE.totalBytes - used,
              'estimated-full-date': 0,
            },
          ],
        };
      });
      type StoreParams = { Params: { store: string }; Querystring: { ns?: string } };
      const unknownStore = (store: string) => store !== DEMO_DATASTORE.store;
      scope.get<StoreParams>('/admin/datastore/:store/namespace', pub, async (req, reply) => {
        if (unknownStore(req.params.store)) return reply.code(400).send({ data: null, message: 'no such datastore' });
        return { data: [{ ns: '' }, { ns: DEMO_DATASTORE.namespace }] };
      });
      scope.get<StoreParams>('/admin/datastore/:store/snapshots', pub, async (req, reply) => {
        if (unknownStore(req.params.store)) return reply.code(400).send({ data: null, message: 'no such datastore' });
        if ((req.query.ns ?? '') !== DEMO_DATASTORE.namespace) return { data: [] };
        return {
          data: pbsSnapshots(model, now()).map((s) => ({
            'backup-type': s.guest.type === 'qemu' ? 'vm' : 'ct',
            'backup-id': String(s.guest.vmid),
            'backup-time': s.time,
            size: s.size,
            protected: s.protected,
            owner: 'root@pam',
            comment: s.guest.name,
            ...(s.verified && { verification: { state: s.verified, upid: `UPID:pbs01:verify:${s.time}` } }),
            files: [
              { filename: 'index.json.blob', 'crypt-mode': 'none', size: 512 },
              {
                filename: s.guest.type === 'qemu' ? 'drive-scsi0.img.fidx' : 'root.pxar.didx',
                'crypt-mode': 'none',
                size: s.size,
              },
            ],
          })),
        };
      });
    },
    { prefix: '/demo-lab/pbs/api2/json' },
  );
}
