import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../../lib/trpc';
import { ErrorState } from '../../../components/ErrorState';
import { useT } from '../../../i18n/i18n';
import { pct } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';

const PERIODS = [1, 6, 24] as const;

/** Predicted beside measured, per node, over a period after the plan was applied: how far to trust the planner. */
export function OutcomePanel({ id }: { id: string }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [hours, setHours] = useState<(typeof PERIODS)[number]>(1);
  const q = useQuery(trpc.plans.outcome.queryOptions({ id, hours }, { refetchInterval: 60_000 }));
  const diff = (predicted: number, measured: number | null) =>
    measured === null ? '' : `${measured >= predicted ? '+' : '−'}${pct(locale, Math.abs(measured - predicted))}`;
  return (
    <article className="card" aria-labelledby="outcome-h" data-testid="plan-outcome">
      <header className="card-head">
        <h2 id="outcome-h">{t('plan.outcome')}</h2>
        <div className="segmented" role="group" aria-label={t('detail.range')}>
          {PERIODS.map((h) => (
            <button
              key={h}
              type="button"
              aria-pressed={h === hours}
              className={h === hours ? 'on' : ''}
              onClick={() => setHours(h)}
            >
              {h}h
            </button>
          ))}
        </div>
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data?.metrics === 'unavailable' && <p className="muted">{t('plan.outcomeUnavailable')}</p>}
      {q.data && (
        <div className="table-scroll">
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('deploy.node')}</th>
                <th className="num">{t('plan.cpuPredicted')}</th>
                <th className="num">{t('plan.cpuMeasured')}</th>
                <th className="num">{t('plan.memPredicted')}</th>
                <th className="num">{t('plan.memMeasured')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.nodes.map((n) => (
                <tr key={n.nodeId}>
                  <td className="mono">{n.nodeId.replace(/^node\//, '')}</td>
                  <td className="num">{pct(locale, n.cpuPredicted)}</td>
                  <td className="num">
                    {n.cpuMeasured === null ? '—' : pct(locale, n.cpuMeasured)}{' '}
                    <span className="muted small">{diff(n.cpuPredicted, n.cpuMeasured)}</span>
                  </td>
                  <td className="num">{pct(locale, n.memPredicted)}</td>
                  <td className="num">
                    {n.memMeasured === null ? '—' : pct(locale, n.memMeasured)}{' '}
                    <span className="muted small">{diff(n.memPredicted, n.memMeasured)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
