import type { FleetSortKey } from '@ralf/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { POLL_MS, trpc } from '../../lib/trpc';
import { DegradedBanner } from '../../components/DegradedBanner';
import { ErrorState } from '../../components/ErrorState';
import { FreshnessTag } from '../../components/FreshnessTag';
import { useT } from '../../i18n/i18n';
import { useOfflineSince } from '../../lib/useOfflineSince';
import { FleetTable } from './components/FleetTable';
import { Link } from 'react-router';
import { guestPath } from '../../lib/links';
import { useFleetFilters } from './hooks/useFleetFilters';
import { BulkActionsBar } from '../tasks/BulkActionsBar';
import { useCan } from '../../lib/session';

export function FleetPage() {
  const t = useT();
  const filters = useFleetFilters();
  const { input, set: setFilters } = filters;
  const q = useQuery({
    ...trpc.fleet.list.queryOptions(input, { refetchInterval: POLL_MS }),
    placeholderData: keepPreviousData,
  });
  const offlineSince = useOfflineSince(q);
  const disagreements = useQuery({
    ...trpc.fleet.disagreements.queryOptions(undefined, { refetchInterval: POLL_MS }),
    retry: false,
  });
  const backups = useQuery({
    ...trpc.backups.flags.queryOptions(undefined, { refetchInterval: POLL_MS }),
    retry: false,
  });
  const [search, setSearch] = useState(input.q ?? '');
  // Rows picked for a bulk action (issue 20): only those who may act pick.
  const canAct = useCan('deploy');
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  // The search box writes to the address after a short pause, not on every key.
  useEffect(() => {
    const id = setTimeout(() => {
      if ((input.q ?? '') !== search) setFilters({ q: search || null });
    }, 200);
    return () => clearTimeout(id);
  }, [search, input.q, setFilters]);

  const onSort = (key: FleetSortKey) =>
    filters.set({ sort: key, dir: input.sort === key && input.dir === 'asc' ? 'desc' : 'asc' });
  const nodeNames = (input.nodes ?? []).map((n) => n.slice(5));
  const data = q.data;

  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('fleet.title')}</h1>
        {data && (
          <span className="muted" data-testid="fleet-count">
            {t('fleet.count', { shown: data.rows.length, total: data.total })}
          </span>
        )}
        <span className="spacer" />
        {data && <FreshnessTag f={data.sources.inventory} />}
        {data && <FreshnessTag f={data.sources.metrics} />}
      </header>
      {data && <DegradedBanner sources={data.sources} offlineSince={offlineSince} />}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="sr-only" htmlFor="fleet-q">
          {t('fleet.searchLabel')}
        </label>
        <input
          id="fleet-q"
          className="input"
          type="search"
          placeholder={t('fleet.search')}
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
        />
        <fieldset className="chips">
          <legend className="sr-only">{t('fleet.filter.node')}</legend>
          {data?.nodes.map((n) => {
            const on = nodeNames.includes(n.name);
            return (
              <button
                key={n.id}
                type="button"
                className={`chip ${on ? 'on' : ''}`}
                aria-pressed={on}
                onClick={() =>
                  filters.set({ nodes: on ? nodeNames.filter((x) => x !== n.name) : [...nodeNames, n.name] })
                }
              >
                {n.name}
              </button>
            );
          })}
        </fieldset>
        {data && data.clusters.length > 1 && (
          <label>
            <span>{t('fleet.filter.cluster')}</span>
            <select
              className="select"
              value={input.cluster ?? ''}
              onChange={(e) => filters.set({ cluster: e.target.value || null, nodes: [] })}
            >
              <option value="">{t('fleet.filter.all')}</option>
              {data.clusters.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('fleet.filter.type')}</span>
          <select
            className="select"
            value={input.type ?? ''}
            onChange={(e) => filters.set({ type: e.target.value || null })}
          >
            <option value="">{t('fleet.filter.all')}</option>
            <option value="qemu">{t('type.qemu')}</option>
            <option value="lxc">{t('type.lxc')}</option>
          </select>
        </label>
        <label>
          <span>{t('fleet.filter.status')}</span>
          <select
            className="select"
            value={input.statuses?.[0] ?? ''}
            onChange={(e) => filters.set({ status: e.target.value || null })}
          >
            <option value="">{t('fleet.filter.all')}</option>
            {(['running', 'stopped', 'paused', 'unknown'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('fleet.filter.tag')}</span>
          <select
            className="select"
            value={input.tag ?? ''}
            onChange={(e) => filters.set({ tag: e.target.value || null })}
          >
            <option value="">{t('fleet.filter.all')}</option>
            {data?.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setSearch('');
            filters.reset();
          }}
        >
          {t('fleet.filter.reset')}
        </button>
      </form>
      {!!disagreements.data?.items.length && (
        <details className="card disagreements" data-testid="disagreements">
          <summary>{t('fleet.disagreements', { n: disagreements.data.items.length })}</summary>
          <ul className="plain">
            {disagreements.data.items.map((d) => (
              <li key={`${d.kind}:${d.id}`}>
                {d.kind === 'only-in-metrics' ? (
                  d.id
                ) : (
                  <Link to={d.id.startsWith('node/') ? `/fleet/node/${d.id.slice(5)}` : guestPath(d.id)}>
                    {d.name ?? d.id}
                  </Link>
                )}{' '}
                <span className="muted">{d.id}</span> · {t(`fleet.disagree.${d.kind}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {q.isError && !data && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {!data && q.isPending && <p className="muted">{t('common.loading')}</p>}
      {data && canAct && (
        <BulkActionsBar
          selected={selected}
          names={new Map(data.rows.map((r) => [r.id, r.name]))}
          onClear={() => setSelected([])}
        />
      )}
      {data && (
        <FleetTable
          data={data}
          grouped={filters.grouped && (input.sort === 'name' || input.sort === 'node')}
          sort={input.sort ?? 'name'}
          dir={input.dir ?? 'asc'}
          onSort={onSort}
          backups={backups.data}
          {...(canAct && { selection: { selected, toggle } })}
        />
      )}
    </section>
  );
}
