import type {
  BackupFlags,
  BackupState,
  FleetList,
  FleetRow,
  FleetSortKey,
  NodeHeadroom,
  PveCluster,
} from '@ralf/shared';
import { BackupBadge } from '../../backups/BackupBadge';
import { ToneBadge } from '../../../components/ToneBadge';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { Sparkline } from '../../../components/Sparkline';
import { StatusBadge } from '../../../components/StatusBadge';
import { UsageBar } from '../../../components/UsageBar';
import { useT, type MessageKey } from '../../../i18n/i18n';
import { bytes, pct } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';
import { guestPath } from '../../../lib/links';
import { useSparklines } from '../hooks/useSparklines';

type Item =
  | { kind: 'cluster'; cluster: string; nodes: number; state: PveCluster | undefined }
  | { kind: 'node'; node: NodeHeadroom; count: number }
  | { kind: 'guest'; row: FleetRow; index: number };

const COLUMNS: Array<{ key: FleetSortKey; label: MessageKey; numeric?: boolean }> = [
  { key: 'name', label: 'fleet.col.name' },
  { key: 'vmid', label: 'fleet.col.vmid', numeric: true },
  { key: 'status', label: 'fleet.col.status' },
  { key: 'node', label: 'fleet.col.node' },
  { key: 'type', label: 'fleet.col.type' },
  { key: 'cores', label: 'fleet.col.cores', numeric: true },
  { key: 'memory', label: 'fleet.col.memory', numeric: true },
  { key: 'disk', label: 'fleet.col.disk', numeric: true },
  { key: 'tags', label: 'fleet.col.tags' },
  { key: 'cpuUse', label: 'fleet.col.cpuUse', numeric: true },
  { key: 'memUse', label: 'fleet.col.memUse', numeric: true },
  { key: 'diskUse', label: 'fleet.col.diskUse', numeric: true },
];

const ROW_HEIGHT = 40;

/**
 * Nodes and their guests in one table. Only the rows on screen are in the DOM (virtualized),
 * so 5,000 guests scroll as smoothly as 30 (issue 2).
 */
export function FleetTable({
  data,
  grouped,
  sort,
  dir,
  onSort,
  backups,
  selection,
}: {
  /** Rows picked for a bulk action, when the reader may act. */
  selection?: { selected: string[]; toggle: (id: string) => void };
  data: FleetList;
  /** Guests whose backups need attention: their rows say so. */
  backups?: BackupFlags | undefined;
  grouped: boolean;
  sort: FleetSortKey;
  dir: 'asc' | 'desc';
  onSort: (k: FleetSortKey) => void;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const items = useMemo<Item[]>(() => {
    const guests = data.rows.map((row, index): Item => ({ kind: 'guest', row, index }));
    if (!grouped) return guests;
    const byNode = new Map<string, Item[]>();
    for (const g of guests) {
      if (g.kind !== 'guest') continue;
      const list = byNode.get(g.row.nodeId);
      if (list) list.push(g);
      else byNode.set(g.row.nodeId, [g]);
    }
    // Unfiltered, every node has its row, one without guests too; filtered, only nodes with a match.
    const unfiltered = data.rows.length === data.total;
    const clusters = [...new Set(data.nodes.map((n) => n.cluster))];
    const states = new Map(data.sources.clusters.map((c) => [c.name, c]));
    return clusters.flatMap((cluster): Item[] => {
      const nodes = data.nodes
        .filter((n) => n.cluster === cluster)
        .flatMap((n): Item[] => {
          const list = byNode.get(n.id) ?? [];
          return list.length || unfiltered ? [{ kind: 'node', node: n, count: list.length }, ...list] : [];
        });
      if (!nodes.length) return [];
      const count = nodes.filter((i) => i.kind === 'node').length;
      return [{ kind: 'cluster', cluster, nodes: count, state: states.get(cluster) }, ...nodes];
    });
  }, [data, grouped]);

  const backupState = useMemo(() => {
    const m = new Map<string, BackupState>();
    for (const id of backups?.stale ?? []) m.set(id, 'stale');
    for (const id of backups?.none ?? []) m.set(id, 'none');
    return m;
  }, [backups]);

  const scroller = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns functions the React Compiler cannot memoize: it leaves this component
  // uncompiled, as the rule reports, and this component passes none of them on.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virt = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualItems = virt.getVirtualItems();
  const guestIdx = virtualItems
    .map((v) => items[v.index])
    .filter((i): i is Extract<Item, { kind: 'guest' }> => i?.kind === 'guest')
    .map((i) => i.index);
  const ids = useMemo(() => data.rows.map((r) => r.id), [data.rows]);
  const lines = useSparklines(ids, {
    first: guestIdx.length ? Math.min(...guestIdx) : 0,
    last: guestIdx.length ? Math.max(...guestIdx) : 0,
  });

  return (
    <div className="fleet-table" role="table" aria-label={t('fleet.title')} aria-rowcount={items.length + 1}>
      <div className="ft-row ft-head" role="row">
        {COLUMNS.map((c) => {
          const active = c.key === sort;
          return (
            <div
              key={c.key}
              role="columnheader"
              className={c.numeric ? 'num' : undefined}
              aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort" onClick={() => onSort(c.key)}>
                {t(c.label)}
                <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          );
        })}
      </div>
      <div ref={scroller} className="ft-body" data-testid="fleet-scroller">
        {items.length === 0 && <p className="muted empty">{t('fleet.empty')}</p>}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const item = items[v.index]!;
            const style = { transform: `translateY(${v.start}px)`, height: ROW_HEIGHT };
            if (item.kind === 'cluster') {
              const c = item.state;
              return (
                <div
                  key={`cluster:${item.cluster}`}
                  role="row"
                  className="ft-row ft-cluster"
                  style={style}
                  aria-rowindex={v.index + 2}
                  data-testid="fleet-cluster"
                >
                  <div role="cell" className="ft-node-cell">
                    <strong>{item.cluster}</strong>
                    <span className="muted">{t('fleet.clusterRow', { n: item.nodes })}</span>
                    {!!c?.templates.length && (
                      <span
                        className="muted"
                        data-testid="cluster-templates"
                        title={c.templates.map((x) => `${x.name} (${x.id}, ${x.node})`).join('\n')}
                      >
                        ·{' '}
                        {t('fleet.templates', {
                          n: c.templates.length,
                          names: c.templates.map((x) => x.name).join(', '),
                        })}
                      </span>
                    )}
                    {c?.state === 'unavailable' && <ToneBadge tone="bad">{t('fleet.clusterUnavailable')}</ToneBadge>}
                    {c && c.conflicts.length > 0 && (
                      <ToneBadge tone="warn" title={t('fleet.clusterConflictsTitle')} data-testid="cluster-conflicts">
                        {t('fleet.clusterConflicts', { vmids: c.conflicts.join(', ') })}
                      </ToneBadge>
                    )}
                    {c?.state === 'ok' && c.quorate === false && (
                      <ToneBadge tone="bad">{t('fleet.clusterNoQuorum')}</ToneBadge>
                    )}
                  </div>
                </div>
              );
            }
            if (item.kind === 'node') {
              const n = item.node;
              return (
                <div key={n.id} role="row" className="ft-row ft-node" style={style} aria-rowindex={v.index + 2}>
                  <div role="cell" className="ft-node-cell">
                    <Link to={`/fleet/node/${n.name}`}>{n.name}</Link>
                    <StatusBadge status={n.status} />
                    <span className="muted">
                      {t('fleet.nodeRow', { n: item.count, cpu: pct(locale, n.cpu), mem: pct(locale, n.mem) })}
                    </span>
                  </div>
                </div>
              );
            }
            const r = item.row;
            return (
              <div
                key={r.id}
                role="row"
                className="ft-row"
                style={style}
                aria-rowindex={v.index + 2}
                data-testid="fleet-row"
              >
                <div role="cell" className="name">
                  {selection && (
                    <input
                      type="checkbox"
                      aria-label={t('bulk.pick', { name: r.name })}
                      checked={selection.selected.includes(r.id)}
                      onChange={() => selection.toggle(r.id)}
                    />
                  )}
                  <Link to={guestPath(r.id)}>{r.name}</Link>
                  {backupState.has(r.id) && <BackupBadge state={backupState.get(r.id)!} />}
                  {r.disagreement && (
                    <ToneBadge tone="warn" data-testid="row-disagreement" title={t('fleet.disagreeTitle')}>
                      {t(`fleet.disagree.${r.disagreement}`)}
                    </ToneBadge>
                  )}
                  {r.lock && (
                    <span className="tag" title={t('pve.locked', { lock: r.lock })} data-testid="row-lock">
                      🔒 {r.lock}
                    </span>
                  )}
                  {/* Last: the badges say more, and the address gives way first on a narrow screen. */}
                  {r.ips[0] && <span className="muted ip">{r.ips[0]}</span>}
                </div>
                <div role="cell" className="num">
                  {r.vmid}
                </div>
                <div role="cell">
                  <StatusBadge status={r.status} />
                </div>
                <div role="cell">{r.nodeId.slice(5)}</div>
                <div role="cell">{t(`type.${r.type}`)}</div>
                <div role="cell" className="num">
                  {r.cores}
                </div>
                <div role="cell" className="num">
                  {bytes(locale, r.memoryBytes)}
                </div>
                <div role="cell" className="num">
                  {bytes(locale, r.diskBytes)}
                </div>
                <div role="cell" className="tags">
                  {r.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </div>
                <div role="cell" className="num cpu">
                  <Sparkline values={lines.get(r.id) ?? []} label={t('fleet.sparkline')} />
                  <span className="usage-num">{pct(locale, r.cpuUse)}</span>
                </div>
                <div role="cell" className="num">
                  <UsageBar value={r.memUse} />
                </div>
                <div role="cell" className="num">
                  <UsageBar value={r.diskUse} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
