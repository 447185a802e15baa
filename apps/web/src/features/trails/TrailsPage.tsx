import {
  TRAIL_OUTCOMES,
  TRAIL_TRIGGERS,
  type TrailListInput,
  type TrailOutcome,
  type TrailRow,
  type TrailTrigger,
} from '@ralf/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { FilterSelect } from '../../components/FilterSelect';
import { useT } from '../../i18n/i18n';
import { useAddressFilters } from '../../lib/useAddressFilters';
import { dateTime } from '../../lib/format';
import { trailPath } from '../../lib/links';
import { useLocale } from '../../stores/locale';
import { OutcomeBadge, TriggerBadge } from './components/TrailBadges';

const duration = (a: string, b: string | null) => {
  if (!b) return null;
  const s = Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000);
  return s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
};

/** Every trail, newest first, as a timeline to scan; filters and the search live in the address. */
export function TrailsPage() {
  const t = useT();
  const [params, setF] = useAddressFilters();
  const get = (k: string) => params.get(k) || undefined;
  const filter: TrailListInput = {
    q: get('q'),
    subject: get('subject'),
    agent: get('agent'),
    trigger: get('trigger') as TrailTrigger | undefined,
    outcome: get('outcome') as TrailOutcome | undefined,
    from: get('from') ? new Date(get('from')!).toISOString() : undefined,
    to: get('to') ? new Date(get('to')!).toISOString() : undefined,
    limit: 50,
  };
  // The search box follows the address (back, a link) until the reader types in it.
  const [typed, setQ] = useState<{ q: string; from: string } | null>(null);
  const fromAddress = params.get('q') ?? '';
  const q = typed && typed.from === fromAddress ? typed.q : fromAddress;
  const list = useInfiniteQuery(
    trpc.trails.list.infiniteQueryOptions(filter, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.trails')}</h1>
      </header>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setF('q', q.trim());
        }}
      >
        <label>
          {t('trail.search')}
          <input
            className="input"
            type="search"
            value={q}
            onChange={(e) => setQ({ q: e.target.value, from: fromAddress })}
            placeholder={t('trail.searchHint')}
          />
        </label>
        <label>
          {t('trail.subject')}
          <input
            className="input narrow"
            defaultValue={filter.subject ?? ''}
            key={filter.subject ?? ''}
            placeholder="qemu/204"
            onBlur={(e) => setF('subject', e.target.value.trim())}
          />
        </label>
        <label>
          {t('trail.agent')}
          <input
            className="input narrow"
            defaultValue={filter.agent ?? ''}
            key={filter.agent ?? ''}
            placeholder="A_PLAN"
            onBlur={(e) => setF('agent', e.target.value.trim())}
          />
        </label>
        <FilterSelect
          label={t('trail.triggerLabel')}
          value={filter.trigger}
          onChange={(v) => setF('trigger', v)}
          options={TRAIL_TRIGGERS.map((x) => [x, t(`trail.trigger.${x}`)] as const)}
        />
        <FilterSelect
          label={t('trail.outcomeLabel')}
          value={filter.outcome}
          onChange={(v) => setF('outcome', v)}
          options={TRAIL_OUTCOMES.map((x) => [x, t(`trail.outcome.${x}`)] as const)}
        />
        <label>
          {t('audit.from')}
          <input
            className="input"
            type="datetime-local"
            value={params.get('from') ?? ''}
            onChange={(e) => setF('from', e.target.value)}
          />
        </label>
        <label>
          {t('audit.to')}
          <input
            className="input"
            type="datetime-local"
            value={params.get('to') ?? ''}
            onChange={(e) => setF('to', e.target.value)}
          />
        </label>
        <button type="submit" className="btn">
          {t('trail.searchButton')}
        </button>
      </form>
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && <p className="muted">{t('trail.none')}</p>}
      <ol className="timeline" data-testid="trail-timeline">
        {rows.map((r) => (
          <TimelineItem key={r.id} r={r} />
        ))}
      </ol>
      {list.hasNextPage && (
        <p className="pager">
          <button
            type="button"
            className="btn"
            disabled={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('audit.more')}
          </button>
        </p>
      )}
    </section>
  );
}

function TimelineItem({ r }: { r: TrailRow }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const took = duration(r.startedAt, r.endedAt);
  return (
    <li className={`timeline-item outcome-${r.outcome}`} data-testid="trail-row">
      <span className="timeline-time muted small">{dateTime(locale, r.startedAt)}</span>
      <div className="card">
        <div className="timeline-head">
          <TriggerBadge trigger={r.trigger} />
          <Link to={trailPath(r.id)} className="timeline-title">
            {r.title}
          </Link>
          <span className="spacer" />
          <OutcomeBadge outcome={r.outcome} />
        </div>
        {r.decision && <p className="small">{t('trail.decided', { decision: r.decision })}</p>}
        <p className="muted small">
          {r.agents.join(', ')} · {t('trail.events', { n: r.events })}
          {took && <> · {t('trail.took', { d: took })}</>}
        </p>
      </div>
    </li>
  );
}
