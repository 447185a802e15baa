import { RANGES, type Range } from '@ralf/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { trpc } from '../../../lib/trpc';
import { ErrorState } from '../../../components/ErrorState';
import { FreshnessTag } from '../../../components/FreshnessTag';
import { useT } from '../../../i18n/i18n';

const UsageCharts = lazy(() => import('./UsageCharts'));

/** The detail pages' charts with the range picker (1h, 6h, 24h, 7d); the range is in the address. */
export function ChartsPanel({ id }: { id: string }) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const asked = params.get('range') as Range | null;
  const range: Range = asked && RANGES.includes(asked) ? asked : '1h';
  const q = useQuery({
    ...trpc.fleet.series.queryOptions({ id, range, points: 240 }, { refetchInterval: 30_000 }),
    placeholderData: keepPreviousData,
  });
  // What happened to it (a deployment, a migration, a plan applied, a task): marks on the charts (issue 21).
  const trails = useQuery({ ...trpc.trails.list.queryOptions({ subject: id, limit: 50 }), retry: false });
  const markers = (trails.data?.items ?? []).map((tr) => ({
    ts: Math.floor(Date.parse(tr.startedAt) / 1000),
    title: tr.title,
    trailId: tr.id,
  }));
  return (
    <article className="card" aria-labelledby="charts-h">
      <header className="card-head">
        <h2 id="charts-h">{t('detail.charts')}</h2>
        <div className="segmented" role="group" aria-label={t('detail.range')}>
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={r === range}
              className={r === range ? 'on' : ''}
              onClick={() =>
                setParams(
                  (p) => {
                    const n = new URLSearchParams(p);
                    n.set('range', r);
                    return n;
                  },
                  { replace: true },
                )
              }
            >
              {r}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {q.data && <FreshnessTag f={q.data.metrics} />}
      </header>
      {q.isError && !q.data && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <Suspense fallback={<p className="muted">{t('chart.loading')}</p>}>
          <UsageCharts series={q.data} markers={markers} />
        </Suspense>
      )}
      {q.isPending && <p className="muted">{t('chart.loading')}</p>}
    </article>
  );
}
