import type { Backup, Datastore } from '@ralf/shared';
import type { ProxmoxConfig } from '../../config-proxmox';
import type { BackupReading, BackupSource } from '../ports';
import { jobsOf, pbsSnapshotOf, pveArchiveOf } from './backup-shapes';
import { eachLimited } from '../../lib/each-limited';
import { ProxmoxApi } from './proxmox-api';
import type { Obj } from './answer-values';

const enc = encodeURIComponent;

/** A reader of one Proxmox endpoint, named as the operator named it, else by its host. */
abstract class Reader {
  readonly name: string;
  readonly url: string;
  protected readonly api: ProxmoxApi;

  constructor(kind: 'pve' | 'pbs', cfg: ProxmoxConfig & { name?: string }) {
    const url = new URL(cfg.url);
    this.name = cfg.name ?? url.hostname;
    this.url = url.origin;
    this.api = new ProxmoxApi({ kind, name: this.name, ...cfg });
  }
}

/**
 * A Proxmox VE cluster's backups: its jobs (`/cluster/backup`) and the archives on every storage
 * that holds backups (`/nodes/{node}/storage/{storage}/content?content=backup`, a shared storage
 * read once), PBS storages included. A storage that does not answer is left out of the reading.
 */
export class PveBackups extends Reader implements BackupSource {
  constructor(cfg: ProxmoxConfig & { name?: string }) {
    super('pve', cfg);
  }

  async read(): Promise<BackupReading> {
    const [status, jobs, storages] = await Promise.all([
      this.api.get<Obj[]>('cluster/status'),
      this.api.get<unknown>('cluster/backup'),
      this.api.get<Obj[]>('cluster/resources?type=storage'),
    ]);
    const cluster = (status.find((s) => s.type === 'cluster')?.name as string | undefined) ?? this.name;
    const seen = new Set<string>();
    const holding = storages.filter((s) => {
      if (s.type !== 'storage' || s.status !== 'available' || typeof s.storage !== 'string') return false;
      if (typeof s.content !== 'string' || !s.content.split(',').includes('backup')) return false;
      const key = s.shared === 1 ? s.storage : `${String(s.node)}/${s.storage}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const backups: Backup[] = [];
    const datastores: Datastore[] = [];
    await eachLimited(holding, 4, async (s) => {
      const storage = s.storage as string;
      const node = String(s.node);
      const content = await this.api
        .get<unknown[]>(`nodes/${enc(node)}/storage/${enc(storage)}/content?content=backup`)
        .catch(() => null);
      if (!content) return;
      const found = content.map((e) => pveArchiveOf(e, storage)).filter((b): b is Backup => b !== null);
      backups.push(...found);
      datastores.push({
        name: storage,
        source: 'pve',
        node: s.shared === 1 ? null : node,
        totalBytes: typeof s.maxdisk === 'number' ? s.maxdisk : null,
        usedBytes: typeof s.disk === 'number' ? s.disk : null,
        backups: found.length,
      });
    });
    return { backups, jobs: jobsOf(jobs, cluster), datastores };
  }
}

/**
 * A Proxmox Backup Server's guest backups: every datastore (`/admin/datastore`, use from
 * `/status/datastore-usage`), every namespace in it, every VM and container snapshot.
 */
export class PbsBackups extends Reader implements BackupSource {
  constructor(cfg: ProxmoxConfig & { name?: string }) {
    super('pbs', cfg);
  }

  async read(): Promise<BackupReading> {
    const [stores, usage] = await Promise.all([
      this.api.get<Obj[]>('admin/datastore'),
      this.api.get<Obj[]>('status/datastore-usage').catch(() => [] as Obj[]),
    ]);
    const backups: Backup[] = [];
    const datastores: Datastore[] = [];
    await eachLimited(
      stores.filter((s) => typeof s.store === 'string'),
      4,
      async (s) => {
        const store = s.store as string;
        const label = `${this.name}:${store}`;
        const spaces = await this.api
          .get<Obj[]>(`admin/datastore/${enc(store)}/namespace`)
          .catch(() => [{ ns: '' }] as Obj[]);
        let count = 0;
        for (const ns of spaces.map((n) => (typeof n.ns === 'string' ? n.ns : ''))) {
          const snaps = await this.api.get<unknown[]>(
            `admin/datastore/${enc(store)}/snapshots${ns ? `?ns=${enc(ns)}` : ''}`,
          );
          const found = snaps.map((e) => pbsSnapshotOf(e, label, ns)).filter((b): b is Backup => b !== null);
          count += found.length;
          backups.push(...found);
        }
        const u = usage.find((x) => x.store === store);
        datastores.push({
          name: label,
          source: 'pbs',
          node: null,
          totalBytes: typeof u?.total === 'number' ? u.total : null,
          usedBytes: typeof u?.used === 'number' ? u.used : null,
          backups: count,
        });
      },
    );
    return { backups, jobs: [], datastores };
  }
}
