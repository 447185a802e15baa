import type {
  DiscoveredHost,
  Guest,
  GuestInput,
  InventoryEvent,
  InventorySnapshot,
  Node,
  Service,
  ServiceInput,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { AppError } from '../../lib/app-error';
import type { NewChange } from '../../lib/change-log';
import type { ClusterDiff } from './cluster-diff';
import { fleetRepository as repo, type Precedence } from './fleet.repository';
import { toDiscoveredHost } from './fleet-rows';

/** What one inventory event changes, as the change log names it. */
function changeOf(e: InventoryEvent): NewChange {
  switch (e.type) {
    case 'node.upsert':
      return { topic: 'inventory', kind: e.type, subject: e.node.id };
    case 'node.delete':
      return { topic: 'inventory', kind: e.type, subject: e.nodeId };
    case 'guest.upsert':
      return { topic: 'inventory', kind: e.type, subject: e.guest.id };
    case 'guest.delete':
      return { topic: 'inventory', kind: e.type, subject: e.guestId };
    case 'service.upsert':
      return { topic: 'inventory', kind: e.type, subject: e.service.id };
    case 'service.delete':
      return { topic: 'inventory', kind: e.type, subject: e.serviceId };
    case 'host.discovered':
      return { topic: 'inventory', kind: e.type, subject: e.host.mac };
  }
}

async function applyEvent(trx: Db, e: InventoryEvent, precedence: Precedence): Promise<void> {
  switch (e.type) {
    case 'node.upsert':
      return repo.upsertNodes(trx, [e.node], precedence);
    case 'guest.upsert':
      return repo.upsertGuests(trx, [e.guest], precedence);
    case 'service.upsert':
      return repo.upsertServices(trx, [e.service]);
    case 'host.discovered':
      return repo.upsertDiscoveredHosts(trx, [e.host]);
    case 'guest.delete':
      return void (await repo.deleteOne(trx, 'ralf.guest', e.guestId));
    case 'service.delete':
      return void (await repo.deleteOne(trx, 'ralf.service', e.serviceId));
    case 'node.delete': {
      const n = await repo.countGuestsOn(trx, e.nodeId);
      if (n > 0)
        throw new AppError('CONFLICT', {
          message: `${e.nodeId} still has ${n} guests: delete or move them first (event ${e.id})`,
        });
      return void (await repo.deleteOne(trx, 'ralf.node', e.nodeId));
    }
  }
}

/**
 * Refuses what refers to something the inventory will not have: a guest on a node, a service in
 * a guest, that is neither stored nor reported before it (409, naming both, not a foreign-key
 * message from the database).
 */
async function checkReferences(trx: Db, events: readonly InventoryEvent[]): Promise<void> {
  const nodes = new Set<string>();
  const guests = new Set<string>();
  const needNodes: [string, string][] = [];
  const needGuests: [string, string][] = [];
  for (const e of events) {
    if (e.type === 'node.upsert') nodes.add(e.node.id);
    if (e.type === 'guest.upsert') {
      guests.add(e.guest.id);
      if (!nodes.has(e.guest.nodeId)) needNodes.push([e.guest.nodeId, `guest ${e.guest.id} (event ${e.id})`]);
    }
    if (e.type === 'service.upsert' && e.service.guestId && !guests.has(e.service.guestId))
      needGuests.push([e.service.guestId, `service ${e.service.id} (event ${e.id})`]);
  }
  const haveNodes = await repo.existing(
    trx,
    'ralf.node',
    needNodes.map(([id]) => id),
  );
  const haveGuests = await repo.existing(
    trx,
    'ralf.guest',
    needGuests.map(([id]) => id),
  );
  const missing = [
    ...needNodes
      .filter(([id]) => !haveNodes.has(id))
      .map(([id, who]) => `${who} is on ${id}, which is not in the inventory`),
    ...needGuests
      .filter(([id]) => !haveGuests.has(id))
      .map(([id, who]) => `${who} runs in ${id}, which is not in the inventory`),
  ];
  if (missing.length) throw unknownReference(missing, 'report it first (node.upsert, guest.upsert)');
}

const unknownReference = (missing: string[], fix: string) =>
  new AppError('CONFLICT', {
    message: `${missing.slice(0, 5).join('; ')}${missing.length > 5 ? `; and ${missing.length - 5} more` : ''}: ${fix}`,
  });

/**
 * Every write to the inventory's tables (node, guest, service, discovered host), whoever makes it:
 * agents through ingest, a deployment that made a guest, a plan that moved one. Each runs in the
 * caller's transaction and returns the changes it made, for the caller's change-log entry.
 */
export const inventoryWrites = Object.freeze({
  /** A full snapshot from a source: what it no longer lists is removed. */
  async applySnapshot(trx: Db, s: InventorySnapshot, precedence: Precedence = {}): Promise<NewChange[]> {
    // A snapshot is the whole truth: what it refers to, it lists.
    const nodes = new Set(s.nodes.map((n) => n.id));
    const guests = new Set(s.guests.map((g) => g.id));
    const missing = [
      ...s.guests
        .filter((g) => !nodes.has(g.nodeId))
        .map((g) => `guest ${g.id} is on ${g.nodeId}, which the snapshot does not list`),
      ...s.services
        .filter((x) => x.guestId && !guests.has(x.guestId))
        .map((x) => `service ${x.id} runs in ${x.guestId}, which the snapshot does not list`),
    ];
    if (missing.length) throw unknownReference(missing, 'list it in the same snapshot');
    await repo.upsertNodes(trx, s.nodes, precedence);
    await repo.upsertGuests(trx, s.guests, precedence);
    await repo.upsertServices(trx, s.services);
    await repo.upsertDiscoveredHosts(trx, s.discoveredHosts);
    await repo.deleteMissing(
      trx,
      { nodes: s.nodes.map((n) => n.id), guests: s.guests.map((g) => g.id), services: s.services.map((x) => x.id) },
      precedence,
    );
    return [{ topic: 'inventory', kind: 'inventory.snapshot', subject: null }];
  },

  /** What a reading of a Proxmox cluster changed (cluster-diff.ts): guests go before the nodes they were on. */
  async applyClusterDiff(trx: Db, d: ClusterDiff): Promise<NewChange[]> {
    await repo.upsertNodes(trx, d.nodes);
    await repo.upsertGuests(trx, d.guests);
    for (const id of d.deleteGuests) await repo.deleteOne(trx, 'ralf.guest', id);
    for (const id of d.deleteNodes) await repo.deleteOne(trx, 'ralf.node', id);
    const ids = [...d.nodes.map((n) => n.id), ...d.guests.map((g) => g.id), ...d.deleteGuests, ...d.deleteNodes];
    return ids.length > 100
      ? [{ topic: 'inventory', kind: 'inventory.sync', subject: null }]
      : ids.map((id) => ({ topic: 'inventory', kind: 'inventory.sync', subject: id }));
  },

  /** Single events, in order; a node that still has guests is not deleted (CONFLICT). */
  async applyEvents(trx: Db, events: readonly InventoryEvent[], precedence: Precedence = {}): Promise<NewChange[]> {
    await checkReferences(trx, events);
    for (const e of events) await applyEvent(trx, e, precedence);
    return events.map(changeOf);
  },

  /** A guest (and the service it runs) that ralf-ui made itself: under the VMID Proxmox gave it, else the next free one. */
  async recordGuest(
    trx: Db,
    guest: Omit<GuestInput, 'id' | 'vmid'>,
    service: Omit<ServiceInput, 'guestId'>,
    given?: number,
  ): Promise<{ id: string; changes: NewChange[] }> {
    const vmid = given ?? (await repo.nextVmid(trx));
    const id = `${guest.type}/${vmid}`;
    await repo.upsertGuests(trx, [{ ...guest, id, vmid }]);
    await repo.upsertServices(trx, [{ ...service, guestId: id }]);
    return { id, changes: [{ topic: 'inventory', kind: 'guest.upsert', subject: id }] };
  },

  /** Changes guests as an applied plan left them (`change` edits a copy); unknown guests are skipped. */
  async updateGuests(trx: Db, ids: readonly string[], change: (g: Guest) => void): Promise<NewChange[]> {
    const changed: Guest[] = [];
    for (const id of new Set(ids)) {
      const g = await repo.findGuest(trx, id);
      if (!g) continue;
      change(g);
      changed.push(g);
    }
    if (changed.length) await repo.upsertGuests(trx, changed);
    return changed.slice(0, 100).map((g) => ({ topic: 'inventory', kind: 'guest.upsert', subject: g.id }));
  },

  /**
   * Points services at the address their HTTP check asks (the demo lab's own health endpoints, once
   * the server listens); an address an agent reported is kept, one the lab set before is renewed.
   */
  async setServiceCheckUrls(db: Db, urls: ReadonlyMap<string, string>): Promise<void> {
    for (const [id, url] of urls)
      await db
        .updateTable('ralf.service')
        .set({ http_check_url: url })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('http_check_url', 'is', null), eb('http_check_url', 'like', '%/demo-lab/http/%')]))
        .execute();
  },

  /** An operator's decision on a discovered host; agents' later reports keep it. The host before, or null. */
  async decideDiscoveredHost(
    trx: Db,
    id: string,
    state: 'accepted' | 'ignored',
    planId?: string,
  ): Promise<{ before: DiscoveredHost; after: DiscoveredHost } | null> {
    const row = await trx
      .selectFrom('ralf.discovered_host')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    const updated = await trx
      .updateTable('ralf.discovered_host')
      .set(planId ? { state, plan_id: planId } : { state })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: toDiscoveredHost(row), after: toDiscoveredHost(updated) };
  },

  /**
   * A discovered host that an applied plan joined to a cluster (issue 21): the node as the next
   * reading of the cluster will show it, sized from Foreman's facts until that reading says more.
   */
  async joinDiscoveredHost(trx: Db, a: { hostId: string; node: string; cluster: string }): Promise<NewChange[]> {
    const host = await trx.selectFrom('ralf.discovered_host').selectAll().where('id', '=', a.hostId).executeTakeFirst();
    const facts = host?.facts ?? {};
    const count = (k: string) => (typeof facts[k] === 'number' && facts[k] >= 0 ? Math.floor(facts[k]) : 0);
    const node = {
      id: a.node,
      name: a.node.slice('node/'.length),
      cluster: a.cluster,
      status: 'online' as const,
      cpuCores: count('cores'),
      memoryBytes: count('memoryGiB') * 1024 ** 3,
      diskBytes: count('diskGiB') * 1024 ** 3,
      tags: host?.suggested_role ? [host.suggested_role] : [],
    };
    await repo.upsertNodes(trx, [node]);
    return [{ topic: 'inventory', kind: 'node.upsert', subject: node.id }];
  },

  /** The inventory as one transaction sees it (plans check their actions against it). */
  async read(db: Db): Promise<{ nodes: Node[]; guests: Guest[]; services: Service[] }> {
    const [nodes, guests, services] = await Promise.all([
      repo.listNodes(db),
      repo.listGuests(db),
      repo.listServices(db),
    ]);
    return { nodes, guests, services };
  },

  /** A cheap fingerprint that changes with every write to the nodes and guests. */
  fingerprint: (db: Db): Promise<string> => repo.findInventoryVersion(db),
});
