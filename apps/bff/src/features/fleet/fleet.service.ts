import {
  type Alert,
  type Disagreement,
  type Disagreements,
  type FleetList,
  type FleetListInput,
  FleetListInputSchema,
  type FleetSummary,
  type GuestDetail,
  type InventoryEvent,
  type InventorySnapshot,
  msg,
  type NodeDetail,
  type NodeHeadroom,
  noUsage,
  RANGE_SECONDS,
  type Series,
  type SeriesInput,
  SeriesInputSchema,
  type Sparklines,
  type StoragePage,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { AuditLog } from '../audit/audit.service';
import type { Clock, MetricsSnapshot } from '../../adapters/ports';
import { createClusterSync } from './cluster-sync';
import { ClusterStates } from './cluster-states';
import { AppError } from '../../lib/app-error';
import { boundedRange, rangeEndingAt } from '../../lib/range';
import { changeLog } from '../../lib/change-log';
import { fleetRepository } from './fleet.repository';
import { inventoryWrites } from './inventory-writes';
import { disagreementOf, filterRows, shownUsage, sortRows, toHeadroom, toRow } from './fleet-view';
import type { Inventory, InventoryCache } from './inventory-cache';
import type { MetricsFeed } from './metrics-feed';

interface Deps {
  db: Db;
  audit: AuditLog;
  inventory: InventoryCache;
  metrics: MetricsFeed;
  clock: Clock;
  scrapeIntervalMs: number;
  /** Whether each Proxmox cluster answers (the inventory poller tells it); a fresh one when not given. */
  clusters?: ClusterStates;
  /** Real Proxmox clusters are read: what they tell wins over agents' reports (fleet.repository.ts). */
  proxmoxWins?: boolean;
}

const MAX_ALERTS = 50;
const SEVERITY: Record<string, number> = { critical: 0, high: 1, error: 1, warning: 2, medium: 2, low: 3, info: 4 };
const bySeverity = (a: Alert, b: Alert) =>
  (SEVERITY[a.severity] ?? 5) - (SEVERITY[b.severity] ?? 5) ||
  a.name.localeCompare(b.name) ||
  (a.subject ?? '').localeCompare(b.subject ?? '');

const SPARK_SECONDS = 3600;
const SPARK_POINTS = 30;

/** Fleet status for the overview, the fleet table and the node and guest pages (issue 2). */
export function createFleetService({
  db,
  audit,
  inventory,
  metrics,
  clock,
  scrapeIntervalMs,
  clusters = new ClusterStates(),
  proxmoxWins = false,
}: Deps) {
  const clusterSync = createClusterSync({ db, audit, inventory, clock, clusters });
  const memo = new Map<string, unknown>();
  const memoized = <T>(key: string, make: () => T): T => {
    const k = `${inventory.version}:${metrics.version}:${key}`;
    if (memo.has(k)) return memo.get(k) as T;
    if (memo.size > 64) memo.clear();
    const v = make();
    memo.set(k, v);
    return v;
  };

  async function state() {
    const [{ inv, freshness: invFresh }, { snap, freshness: metFresh }] = await Promise.all([
      inventory.get(),
      metrics.snapshot(),
    ]);
    return { inv, snap, sources: { inventory: invFresh, metrics: metFresh, clusters: clusters.list() } };
  }

  /** Every node's headroom, shared by the overview and the fleet table's node rows. */
  const headroom = (inv: Inventory, snap: MetricsSnapshot | null) =>
    memoized('headroom', () => {
      const count = new Map<string, number>();
      for (const g of inv.guests) count.set(g.nodeId, (count.get(g.nodeId) ?? 0) + 1);
      // By cluster, then name: the overview and the fleet group nodes by their cluster.
      return [...inv.nodes]
        .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name))
        .map((n) => toHeadroom(n, snap?.usage.get(n.id), count.get(n.id) ?? 0));
    });

  /** The most severe alerts, sorted and named (the guest's or node's name) once per answer of the source. */
  const topAlerts = new WeakMap<Alert[], Alert[]>();
  const mostSevere = (alerts: Alert[], inv: Inventory) => {
    let top = topAlerts.get(alerts);
    if (!top) {
      const wanted = new Set(alerts.map((a) => a.subject));
      const names = new Map(inv.guests.filter((g) => wanted.has(g.id)).map((g) => [g.id, g.name]));
      const guestName = (id: string) => names.get(id);
      top = [...alerts]
        .sort(bySeverity)
        .slice(0, MAX_ALERTS)
        .map((a) => ({
          ...a,
          subjectName: a.subject ? (inv.nodeById.get(a.subject)?.name ?? guestName(a.subject) ?? null) : null,
        }));
      topAlerts.set(alerts, top);
    }
    return top;
  };

  return {
    async summary(): Promise<FleetSummary> {
      const [{ inv, snap, sources }, { alerts, freshness: alertsState }] = await Promise.all([
        state(),
        metrics.alerts(),
      ]);
      const base = memoized('summary', () => {
        const running = inv.guests.filter((g) => g.status === 'running').length;
        const stopped = inv.guests.filter((g) => g.status === 'stopped').length;
        const online = inv.nodes.filter((n) => n.status === 'online').length;
        return {
          nodes: { total: inv.nodes.length, online, offline: inv.nodes.length - online },
          guests: { total: inv.guests.length, running, stopped, other: inv.guests.length - running - stopped },
          headroom: headroom(inv, snap),
        };
      });
      return {
        ...base,
        alerts: mostSevere(alerts, inv),
        alertsTotal: alerts.length,
        alertsState,
        lastSampleAt: snap?.sampledAt.toISOString() ?? null,
        sources,
      };
    },

    /** Every place the inventory and the metrics disagree, for the fleet page's list. */
    async disagreements(): Promise<Disagreements> {
      const { inv, snap, sources } = await state();
      const items: Disagreement[] = [];
      for (const g of inv.guests) {
        const kind = disagreementOf(g, snap?.usage.get(g.id), !!snap);
        if (kind) items.push({ id: g.id, name: g.name, kind });
      }
      const known = new Set([...inv.guests.map((g) => g.id), ...inv.nodes.map((n) => n.id)]);
      for (const id of snap?.usage.keys() ?? [])
        if (!known.has(id)) items.push({ id, name: null, kind: 'only-in-metrics' });
      return { items, metrics: sources.metrics };
    },

    /** Each Proxmox cluster's storages, ZFS pools and disks, as last read. */
    storage: (): StoragePage => clusters.storage(),

    /** The inventory as cached (names a deployment may take, where guests run). */
    inventory: async () => (await inventory.get()).inv,
    services: () => fleetRepository.listServices(db),
    discoveredHosts: () => fleetRepository.listDiscoveredHosts(db),

    /** The inventory and the latest metrics as they are now (plan simulations read them). */
    current: () => state(),

    /** One node's or guest's metrics between two times (a plan's predicted against measured). */
    async seriesBetween(id: string, from: Date, to: Date, points = 120) {
      const start = Math.floor(from.getTime() / 1000);
      const end = Math.max(start + 1, Math.floor(to.getTime() / 1000));
      const step = Math.max(scrapeIntervalMs / 1000, Math.ceil((end - start) / points));
      return metrics.series(id, boundedRange(start, end, step));
    },

    /** Every node's headroom now, without the alerts and counts of the summary (placement reads it). */
    async headroom(): Promise<NodeHeadroom[]> {
      const { inv, snap } = await state();
      return headroom(inv, snap);
    },

    async list(raw: FleetListInput): Promise<FleetList> {
      const input = FleetListInputSchema.parse(raw);
      const { inv, snap, sources } = await state();
      const all = memoized('rows', () => inv.guests.map((g) => toRow(g, snap?.usage.get(g.id), !!snap)));
      const nodes = headroom(inv, snap);
      const tags = memoized('tags', () => [...new Set(inv.guests.flatMap((g) => g.tags))].sort());
      const clusterOf = (nodeId: string) => inv.nodeById.get(nodeId)?.cluster;
      const rows = memoized(`list:${JSON.stringify(input)}`, () =>
        sortRows(filterRows(all, input, clusterOf), input.sort, input.dir),
      );
      const clusterNames = memoized('clusters', () => [...new Set(inv.nodes.map((n) => n.cluster))].sort());
      const shown = input.cluster ? nodes.filter((n) => n.cluster === input.cluster) : nodes;
      return { nodes: shown, rows, total: all.length, tags, clusters: clusterNames, sources };
    },

    async sparklines(ids: string[]): Promise<Sparklines> {
      const r = rangeEndingAt(clock.now().getTime() / 1000, SPARK_SECONDS, SPARK_POINTS, scrapeIntervalMs / 1000);
      const { value, freshness } = await metrics.fleetSeries('cpu', r);
      const lines: Record<string, (number | null)[]> = {};
      for (const id of ids) lines[id] = value?.get(id) ?? [];
      return { stepSeconds: r.step, lines, metrics: freshness };
    },

    async node(id: string): Promise<NodeDetail> {
      const { inv, snap, sources } = await state();
      const node = inv.nodeById.get(id);
      if (!node) throw new AppError('NOT_FOUND', { msg: msg('err.noNode', { id }) });
      const guests = inv.guests.filter((g) => g.nodeId === id);
      return {
        node,
        usage: snap?.usage.get(id) ?? noUsage(),
        guests: guests.map((g) => toRow(g, snap?.usage.get(g.id), !!snap)),
        sources,
      };
    },

    async guest(id: string): Promise<GuestDetail> {
      const { inv, snap, sources } = await state();
      const guest = inv.guests.find((g) => g.id === id);
      if (!guest) throw new AppError('NOT_FOUND', { msg: msg('err.noGuest', { id }) });
      const services = await fleetRepository.listServices(db, { guestId: id }).catch(() => []);
      return {
        guest,
        node: inv.nodeById.get(guest.nodeId) ?? null,
        usage: shownUsage(guest, snap?.usage.get(id) ?? noUsage()),
        services,
        sources,
      };
    },

    async series(raw: SeriesInput): Promise<Series> {
      const input = SeriesInputSchema.parse(raw);
      const { inv } = await inventory.get();
      if (!inv.nodeById.has(input.id) && !inv.guests.some((g) => g.id === input.id))
        throw new AppError('NOT_FOUND', { msg: msg('err.noSubject', { id: input.id }) });
      const r = rangeEndingAt(
        clock.now().getTime() / 1000,
        RANGE_SECONDS[input.range],
        input.points,
        scrapeIntervalMs / 1000,
      );
      const { value, freshness } = await metrics.series(input.id, r);
      const empty = { cpu: [], mem: [], disk: [], netRx: [], netTx: [] };
      return {
        id: input.id,
        range: input.range,
        stepSeconds: r.step,
        t: value?.t ?? [],
        values: value?.values ?? empty,
        metrics: freshness,
      };
    },

    /**
     * Replaces the inventory with a full snapshot from its source (the demo lab now, the
     * ingest API in issue 4), in one transaction with its audit event: what the snapshot no
     * longer lists is removed, and if the event cannot be written nothing changes.
     */
    async applyInventory(snapshot: InventorySnapshot, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await audit.record(trx, {
          actor,
          action: 'inventory.replace',
          details: {
            nodes: snapshot.nodes.length,
            guests: snapshot.guests.length,
            services: snapshot.services.length,
            discoveredHosts: snapshot.discoveredHosts.length,
          },
        });
        await changeLog.insertMany(trx, clock.now(), await inventoryWrites.applySnapshot(trx, snapshot));
      });
      inventory.invalidate();
    },

    // What Proxmox readings bring (cluster-sync.ts).
    ...clusterSync,

    /** Forgets the cached inventory after a write (every replica hears of it through the change log too). */
    invalidate: () => inventory.invalidate(),

    // Writes other features make to the inventory, in their own transactions (inventory-writes.ts);
    // agents' reports under the precedence of Proxmox readings.
    ...inventoryWrites,
    applyEvents: (trx: Db, events: readonly InventoryEvent[]) =>
      inventoryWrites.applyEvents(trx, events, { proxmoxWins }),
    applySnapshot: (trx: Db, s: InventorySnapshot) => inventoryWrites.applySnapshot(trx, s, { proxmoxWins }),
    pointServiceChecks: (urls: ReadonlyMap<string, string>) => inventoryWrites.setServiceCheckUrls(db, urls),
  };
}

export type FleetService = ReturnType<typeof createFleetService>;
