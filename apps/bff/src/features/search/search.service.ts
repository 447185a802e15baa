import {
  fold,
  matchScore,
  queryWords,
  SearchInputSchema,
  SEARCH_KINDS,
  type SearchHit,
  type SearchInput,
  type SearchKind,
  type SearchResult,
} from '@ralf/shared';
import type { Clock } from '../../adapters/ports';
import type { DeploymentsService } from '../deployments/deployments.service';
import type { FleetService } from '../fleet/fleet.service';
import type { InventoryCache } from '../fleet/inventory-cache';
import type { FindingsService } from '../findings/findings.service';
import type { LoopsService } from '../loops/loops.service';
import type { PlansService } from '../plans/plans.service';
import type { TrailsService } from '../trails/trails.service';

/** A searchable record: what the palette shows, and its fields folded once (the name first). */
type Entry = Omit<SearchHit, 'score'> & { fields: string[] };

/** How long the lists beside the inventory (plans, deployments, templates, loops, findings) are reused. */
const LISTS_TTL_MS = 5000;
const KIND_ORDER = new Map<SearchKind, number>(SEARCH_KINDS.map((k, i) => [k, i]));

const entry = (
  e: Omit<Entry, 'fields' | 'guestId' | 'nodeId'> & { guestId?: string | null; nodeId?: string | null },
  fields: string[],
): Entry => ({
  guestId: null,
  nodeId: null,
  ...e,
  fields: [e.title, ...fields].map(fold),
});

/**
 * The command palette's search (issue 21): nodes, guests (name, vmid, address, tag), services,
 * templates, plans, deployments, loops, open findings and trails, fuzzy and accent-insensitive.
 * The inventory's entries are built once per inventory version (5,000 guests are scored in a few
 * milliseconds); the other lists are read at most every 5 s; trails by their full-text search.
 */
export function createSearchService(deps: {
  clock: Clock;
  inventory: InventoryCache;
  fleet: Pick<FleetService, 'services'>;
  deployments: Pick<DeploymentsService, 'list' | 'catalog'>;
  plans: Pick<PlansService, 'list'>;
  loops: Pick<LoopsService, 'list'>;
  findings: Pick<FindingsService, 'report'>;
  trails: Pick<TrailsService, 'list'>;
}) {
  let inventoryIndex: { version: number; entries: Entry[] } | null = null;
  let lists: { at: number; entries: Promise<Entry[]> } | null = null;

  async function inventoryEntries(): Promise<Entry[]> {
    const { inv } = await deps.inventory.get();
    if (inventoryIndex?.version === deps.inventory.version) return inventoryIndex.entries;
    const version = deps.inventory.version;
    const services = await deps.fleet.services();
    const nodeName = (id: string) => inv.nodeById.get(id)?.name ?? id.slice(5);
    const entries: Entry[] = [
      ...inv.nodes.map((n) =>
        entry({ kind: 'node', id: n.id, title: n.name, detail: n.cluster, status: n.status }, [n.cluster]),
      ),
      ...inv.guests.map((g) => {
        const ips = g.pve?.ips ?? [];
        return entry(
          {
            kind: 'guest',
            id: g.id,
            title: g.name,
            detail: [g.vmid, nodeName(g.nodeId), ips[0]].filter(Boolean).join(' · '),
            status: g.status,
            nodeId: g.nodeId,
          },
          [String(g.vmid), ...ips, ...g.tags, g.role ?? ''],
        );
      }),
      ...services.map((s) =>
        entry(
          {
            kind: 'service',
            id: s.id,
            title: s.name,
            detail: [s.kind, s.guestId && inv.guests.find((g) => g.id === s.guestId)?.name].filter(Boolean).join(' · '),
            status: null,
            guestId: s.guestId,
          },
          [s.id, s.kind],
        ),
      ),
    ];
    inventoryIndex = { version, entries };
    return entries;
  }

  async function readLists(): Promise<Entry[]> {
    const [catalog, plans, deployments, loops, findings] = await Promise.all([
      deps.deployments.catalog(),
      deps.plans.list({ limit: 200 }),
      deps.deployments.list({ limit: 200 }),
      deps.loops.list(),
      deps.findings.report({ status: 'open' }),
    ]);
    return [
      ...catalog.templates.map((t) =>
        entry({ kind: 'template', id: t.id, title: t.name, detail: t.version, status: null }, [t.id]),
      ),
      ...plans.map((p) =>
        entry({ kind: 'plan', id: p.id, title: p.summary, detail: p.key, status: p.status }, [p.id.slice(0, 8), p.key]),
      ),
      ...deployments.map((d) =>
        entry({ kind: 'deployment', id: d.id, title: d.name, detail: d.templateName, status: d.status }, [
          d.templateName,
          d.id.slice(0, 8),
        ]),
      ),
      ...loops.map((l) =>
        entry({ kind: 'loop', id: l.id, title: l.name, detail: l.id, status: l.paused ? 'paused' : l.health }, [l.id]),
      ),
      ...findings.findings.map((f) =>
        entry({ kind: 'finding', id: f.key, title: f.policy, detail: f.target, status: f.severity }, [
          f.target,
          f.details,
        ]),
      ),
    ];
  }

  async function listEntries(): Promise<Entry[]> {
    const now = deps.clock.now().getTime();
    if (!lists || now - lists.at >= LISTS_TTL_MS) {
      const read = readLists();
      const mine = { at: now, entries: read };
      lists = mine;
      // A failed read is not kept (unless a newer one replaced it): the next keystroke asks again.
      read.catch(() => {
        if (lists === mine) lists = null;
      });
    }
    return lists.entries;
  }

  async function trailEntries(q: string): Promise<Entry[]> {
    // The full-text search wants whole words; a fragment of two letters finds noise.
    if (q.trim().length < 3) return [];
    const page = await deps.trails.list({ q, limit: 5 });
    return page.items.map((t) => ({
      kind: 'trail' as const,
      id: t.id,
      title: t.title,
      detail: t.subjects.slice(0, 2).join(', '),
      status: t.outcome,
      guestId: null,
      nodeId: null,
      // Found by their own search: ranked after a record whose name matched.
      fields: [],
    }));
  }

  return {
    async find(raw: SearchInput): Promise<SearchResult> {
      const { q, limit } = SearchInputSchema.parse(raw);
      const words = queryWords(q);
      const [inv, other, trails] = await Promise.all([inventoryEntries(), listEntries(), trailEntries(q)]);
      const hits: SearchHit[] = [];
      for (const e of [...inv, ...other]) {
        const score = matchScore(words, e.fields);
        if (score !== null) hits.push({ ...strip(e), score });
      }
      hits.sort(
        (a, b) =>
          b.score - a.score || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || a.title.localeCompare(b.title),
      );
      const top = hits.slice(0, limit);
      // Trails fill what is left, at most five.
      for (const t of trails) if (top.length < limit) top.push({ ...strip(t), score: 40 });
      return { hits: top };
    },
  };
}

function strip({ fields: _fields, ...hit }: Entry): Omit<SearchHit, 'score'> {
  return hit;
}

export type SearchService = ReturnType<typeof createSearchService>;
