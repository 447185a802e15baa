import type { Simulation } from '@ralf/shared';
import { lazy, Suspense } from 'react';
import { useT } from '../../../i18n/i18n';
import { pct } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';

const SimulationChart = lazy(() => import('./SimulationChart'));

/** The simulation: charts, and the same figures as a table; nodes past a threshold are marked in words. */
export function SimulationPanel({ simulation }: { simulation: Simulation }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const { cpu, mem } = simulation.thresholds;
  return (
    <article className="card" aria-labelledby="sim-h">
      <h2 id="sim-h">{t('plan.simulation')}</h2>
      <Suspense fallback={<p className="muted">{t('chart.loading')}</p>}>
        <div className="charts two">
          <SimulationChart simulation={simulation} metric="cpu" />
          <SimulationChart simulation={simulation} metric="mem" />
        </div>
      </Suspense>
      <div className="table-scroll">
        <table className="table compact" data-testid="sim-table">
          <thead>
            <tr>
              <th>{t('deploy.node')}</th>
              <th className="num">{t('plan.cpuBeforeAfter')}</th>
              <th className="num">{t('plan.memBeforeAfter')}</th>
              <th>{t('plan.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {simulation.nodes.map((n) => {
              const over = n.cpuAfter > cpu || n.memAfter > mem;
              return (
                <tr key={n.nodeId} data-node={n.nodeId} data-over={over}>
                  <td className="mono">{n.nodeId.replace(/^node\//, '')}</td>
                  <td className="num">
                    {pct(locale, n.cpuBefore)} →{' '}
                    <strong className={n.cpuAfter > cpu ? 'tone-bad' : ''}>{pct(locale, n.cpuAfter)}</strong>
                  </td>
                  <td className="num">
                    {pct(locale, n.memBefore)} →{' '}
                    <strong className={n.memAfter > mem ? 'tone-bad' : ''}>{pct(locale, n.memAfter)}</strong>
                  </td>
                  <td>
                    {over ? (
                      <span className="badge tone-bad">⚠ {t('plan.overThreshold')}</span>
                    ) : (
                      <span className="muted">{t('plan.withinThreshold')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}
