import type { AuditEvent } from '@ralf/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { subjectPath } from '../../lib/links';
import { useLocale } from '../../stores/locale';

const FILTERS = ['actor', 'action', 'subject', 'who', 'from', 'to'] as const;
const WHO = ['people', 'agents', 'system', 'all'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The filters live in the address, so a filtered view can be shared and exported as shown. */
function useAuditFilters() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  return {
    filters,
    params,
    setFilters: (f: Filters) => setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v))),
  };
}

// <input type="datetime-local"> speaks local time without a zone; the API wants ISO with one.
const toIso = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

export function AuditPage() {
  const t = useT();
  const { filters, params, setFilters } = useAuditFilters();
  // People's actions by default: agents' and ralf-ui's own events are a switch away (issue 26).
  const who = WHO.find((w) => w === filters.who) ?? 'people';
  const input = {
    actor: filters.actor,
    action: filters.action,
    subject: filters.subject,
    who: who === 'all' ? undefined : who,
    from: toIso(filters.from),
    to: toIso(filters.to),
    limit: 100,
  };
  const pages = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor }),
  );
  const events = pages.data?.pages.flatMap((p) => p.events) ?? [];
  const exportQuery = new URLSearchParams(
    Object.entries({ ...input, limit: undefined }).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('audit.title')}</h1>
        <ChainBadge />
        <span className="spacer" />
        <a className="btn" href={`/api/audit/export?format=jsonl&${exportQuery}`} download>
          {t('audit.exportJsonl')}
        </a>
        <a className="btn" href={`/api/audit/export?format=csv&${exportQuery}`} download>
          {t('audit.exportCsv')}
        </a>
      </header>
      <FilterForm key={params.toString()} initial={filters} onApply={setFilters} />
      {pages.isError && <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />}
      {pages.isPending && <p className="muted">{t('common.loading')}</p>}
      {pages.data &&
        (events.length === 0 ? <p className="muted">{t('audit.empty')}</p> : <EventTable events={events} />)}
      {pages.hasNextPage && (
        <button
          type="button"
          className="btn"
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}

/** Whether the hash chain verifies, recomputed by the BFF (as `pnpm ralf audit verify` does). */
function ChainBadge() {
  const t = useT();
  const v = useQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 30_000 });
  if (!v.data) return <span className="badge tone-muted">{t('audit.verifying')}</span>;
  if (v.data.ok)
    return (
      <span className="badge tone-ok" data-testid="chain-badge">
        {t('audit.chainOk', { n: v.data.checked })}
      </span>
    );
  return (
    <span
      className="badge tone-bad"
      data-testid="chain-badge"
      title={v.data.broken.map((b) => `#${b.seq}: ${t.msg(b.reason)}`).join('\n')}
    >
      {t('audit.chainBroken', {
        n: v.data.brokenCount,
        seqs: `${v.data.broken.map((b) => `#${b.seq}`).join(', ')}${v.data.brokenCount > v.data.broken.length ? ', …' : ''}`,
      })}
    </span>
  );
}

function FilterForm({ initial, onApply }: { initial: Filters; onApply: (f: Filters) => void }) {
  const t = useT();
  const [f, setF] = useState<Filters>(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  const text = (k: 'actor' | 'action' | 'subject', placeholder: string) => (
    <label>
      {t(`audit.col.${k}`)}
      <input
        className="input"
        name={k}
        placeholder={placeholder}
        maxLength={200}
        value={f[k] ?? ''}
        onChange={(e) => setF({ ...f, [k]: e.target.value })}
      />
    </label>
  );
  return (
    <form className="filters audit-filters" onSubmit={submit}>
      {text('actor', 'user:admin')}
      {text('action', 'auth.')}
      {text('subject', 'user/…')}
      <label>
        {t('audit.who')}
        <select
          className="select"
          name="who"
          value={f.who ?? 'people'}
          onChange={(e) => setF({ ...f, who: e.target.value === 'people' ? undefined : e.target.value })}
        >
          {WHO.map((w) => (
            <option key={w} value={w}>
              {t(`audit.who.${w}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit.from')}
        <input
          className="input"
          type="datetime-local"
          name="from"
          value={f.from ?? ''}
          onChange={(e) => setF({ ...f, from: e.target.value })}
        />
      </label>
      <label>
        {t('audit.to')}
        <input
          className="input"
          type="datetime-local"
          name="to"
          value={f.to ?? ''}
          onChange={(e) => setF({ ...f, to: e.target.value })}
        />
      </label>
      <button type="submit" className="btn primary">
        {t('audit.apply')}
      </button>
      <button type="button" className="btn" onClick={() => onApply({})}>
        {t('fleet.filter.reset')}
      </button>
    </form>
  );
}

/** An event as it arrives: JSON drops the before/after/details that are null-valued unknowns. */
type AuditRow = Omit<AuditEvent, 'before' | 'after' | 'details'> & {
  before?: unknown;
  after?: unknown;
  details?: unknown;
};

const OUTCOME_TONE = { success: 'ok', failure: 'bad', denied: 'warn' } as const;

function EventTable({ events }: { events: AuditRow[] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <RecordTable
      columns={[
        { label: t('audit.col.at') },
        { label: t('audit.col.actor') },
        { label: t('audit.col.action') },
        { label: t('audit.col.subject') },
        { label: t('audit.col.outcome') },
        { label: t('audit.col.from') },
        { label: t('audit.col.change') },
      ]}
      className="audit-table"
    >
      {events.map((e) => (
        <tr key={e.id} data-testid="audit-row">
          <td className="mono nowrap" title={`#${e.seq}`}>
            {dateTime(locale, e.at)}
          </td>
          <td className="mono">{e.actor}</td>
          <td className="mono">{e.action}</td>
          <td className="mono">{e.subject ? <SubjectLink subject={e.subject} /> : '—'}</td>
          <td>
            <span className={`badge tone-${OUTCOME_TONE[e.outcome]}`}>{t(`audit.outcome.${e.outcome}`)}</span>
          </td>
          <td className="mono muted">{e.sourceIp ?? '—'}</td>
          <td>
            <Change e={e} />
          </td>
        </tr>
      ))}
    </RecordTable>
  );
}

/** A subject links to what it names, where that has a page. */
function SubjectLink({ subject }: { subject: string }) {
  const to = subjectPath(subject);
  return to ? <Link to={to}>{subject}</Link> : <>{subject}</>;
}

function Change({ e }: { e: AuditRow }) {
  const t = useT();
  if (e.before == null && e.after == null && e.details == null) return <span className="muted">—</span>;
  return (
    <details className="change">
      <summary>{t('audit.show')}</summary>
      {e.before != null && (
        <>
          <h3>{t('audit.before')}</h3>
          <pre>{JSON.stringify(e.before, null, 2)}</pre>
        </>
      )}
      {e.after != null && (
        <>
          <h3>{t('audit.after')}</h3>
          <pre>{JSON.stringify(e.after, null, 2)}</pre>
        </>
      )}
      {e.details != null && (
        <>
          <h3>{t('audit.details')}</h3>
          <pre>{JSON.stringify(e.details, null, 2)}</pre>
        </>
      )}
    </details>
  );
}
