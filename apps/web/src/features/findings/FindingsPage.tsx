import { SEVERITIES, type FindingListInput, type Severity } from '@ralf/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { FilterSelect } from '../../components/FilterSelect';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { useAddressFilters } from '../../lib/useAddressFilters';
import { dateTime } from '../../lib/format';
import { subjectPath } from '../../lib/links';
import { useLocale } from '../../stores/locale';
import { Link } from 'react-router';

const TrendChart = lazy(() => import('./components/TrendChart'));
export const SEVERITY_TONE: Record<Severity, string> = {
  critical: 'bad',
  high: 'bad',
  medium: 'warn',
  low: 'info',
  info: 'muted',
};

/** Findings by severity and status, per policy and target; filter, search, sort; the trend; the report as JSON or CSV. */
export function FindingsPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [params, setF] = useAddressFilters();
  const input: FindingListInput = {
    status: (params.get('status') as 'open' | 'resolved' | 'all' | null) ?? 'open',
    severity: (params.get('severity') as Severity | null) ?? undefined,
    policy: params.get('policy') ?? undefined,
    q: params.get('q') ?? undefined,
    sort: (params.get('sort') as FindingListInput['sort'] | null) ?? 'severity',
  };
  const q = useQuery({
    ...trpc.findings.report.queryOptions(input, { refetchInterval: 30_000 }),
    placeholderData: keepPreviousData,
  });
  const exportUrl = (format: string) =>
    `/api/findings/export?${new URLSearchParams({ format, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) })}`;
  const r = q.data;
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.findings')}</h1>
        <span className="spacer" />
        <a className="btn" href={exportUrl('json')} download>
          {t('findings.exportJson')}
        </a>
        <a className="btn" href={exportUrl('csv')} download>
          {t('findings.exportCsv')}
        </a>
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {r && (
        <div className="grid-2">
          <article className="card">
            <h2>{t('findings.bySeverity')}</h2>
            <p className="severity-counts" data-testid="severity-counts">
              {SEVERITIES.map((s) => (
                <button
                  key={s}
                  type="button"
                  className={`badge tone-${SEVERITY_TONE[s]}`}
                  onClick={() => setF('severity', input.severity === s ? '' : s)}
                  aria-pressed={input.severity === s}
                >
                  {t(`severity.${s}`)}: {r.bySeverity[s]}
                </button>
              ))}
            </p>
            <p className="muted small">
              {r.folder.path
                ? t('findings.folder', {
                    path: r.folder.path,
                    files: r.folder.files,
                    at: r.folder.lastScan ? dateTime(locale, r.folder.lastScan) : '—',
                  })
                : t('findings.noFolder')}
            </p>
          </article>
          <article className="card">
            <Suspense fallback={<p className="muted">{t('chart.loading')}</p>}>
              <TrendChart trend={r.trend} />
            </Suspense>
          </article>
        </div>
      )}
      <div className="filters">
        <FilterSelect
          label={t('fleet.filter.status')}
          all={false}
          value={input.status}
          onChange={(v) => setF('status', v)}
          options={(['open', 'resolved', 'all'] as const).map((x) => [x, t(`findings.status.${x}`)] as const)}
        />
        <FilterSelect
          label={t('findings.policy')}
          value={input.policy}
          onChange={(v) => setF('policy', v)}
          options={(r?.byPolicy ?? []).map((p) => [p.policy, `${p.policy} (${p.open})`] as const)}
        />
        <label>
          {t('trail.search')}
          <input
            className="input"
            type="search"
            defaultValue={input.q ?? ''}
            onChange={(e) => setF('q', e.target.value)}
          />
        </label>
        <FilterSelect
          label={t('findings.sort')}
          all={false}
          value={input.sort}
          onChange={(v) => setF('sort', v)}
          options={(['severity', 'policy', 'target', 'lastSeen'] as const).map(
            (x) => [x, t(`findings.sortBy.${x}`)] as const,
          )}
        />
      </div>
      {r && r.findings.length === 0 && <p className="muted">{t('findings.none')}</p>}
      {r && r.findings.length > 0 && (
        <RecordTable
          columns={[
            { label: t('findings.severity') },
            { label: t('findings.policy') },
            { label: t('findings.target') },
            { label: t('findings.details') },
            { label: t('fleet.filter.status') },
          ]}
        >
          {r.findings.map((f) => {
            const to = subjectPath(f.target);
            return (
              <tr key={f.key} data-testid="finding-row" data-target={f.target}>
                <td>
                  <span className={`badge tone-${SEVERITY_TONE[f.severity]}`}>{t(`severity.${f.severity}`)}</span>
                </td>
                <td className="mono">{f.policy}</td>
                <td>{to ? <Link to={to}>{f.target}</Link> : <span className="mono">{f.target}</span>}</td>
                <td>{f.details || <span className="muted">—</span>}</td>
                <td>
                  {f.resolvedAt ? (
                    <span className="tone-ok">{t('findings.resolvedAt', { at: dateTime(locale, f.resolvedAt) })}</span>
                  ) : (
                    <span className={f.result === 'fail' ? 'tone-bad' : f.result === 'warn' ? 'tone-warn' : 'tone-ok'}>
                      {t(`findings.result.${f.result}`)}
                    </span>
                  )}
                  <div className="muted small">{t('findings.since', { at: dateTime(locale, f.firstSeen) })}</div>
                </td>
              </tr>
            );
          })}
        </RecordTable>
      )}
    </section>
  );
}
