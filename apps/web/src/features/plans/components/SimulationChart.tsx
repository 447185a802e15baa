import type { Simulation } from '@ralf/shared';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT } from '../../../i18n/i18n';
import { pct } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';

/** Per node, CPU or memory before and after (recharts), with the threshold drawn across. */
export default function SimulationChart({ simulation, metric }: { simulation: Simulation; metric: 'cpu' | 'mem' }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const rows = simulation.nodes.map((n) => ({
    node: n.nodeId.replace(/^node\//, ''),
    before: metric === 'cpu' ? n.cpuBefore : n.memBefore,
    after: metric === 'cpu' ? n.cpuAfter : n.memAfter,
  }));
  const threshold = simulation.thresholds[metric];
  const top = Math.max(1, ...rows.map((r) => Math.max(r.before, r.after)));
  const color = metric === 'cpu' ? 'var(--c-cpu)' : 'var(--c-mem)';
  return (
    <figure className="chart" data-testid={`sim-chart-${metric}`}>
      <figcaption>
        {t(metric === 'cpu' ? 'chart.cpu' : 'chart.mem')}{' '}
        <span className="tone-bad small">(--- {t('plan.threshold', { v: pct(locale, threshold) })})</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="node" stroke="var(--muted)" fontSize={11} />
          <YAxis
            domain={[0, top]}
            tickFormatter={(v: number) => pct(locale, v)}
            width={44}
            stroke="var(--muted)"
            fontSize={11}
          />
          <Tooltip
            formatter={(v) => pct(locale, Number(v), 1)}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            cursor={{ fill: 'var(--panel-2)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={threshold} stroke="var(--bad)" strokeDasharray="4 3" />
          <Bar
            dataKey="before"
            name={t('plan.before')}
            fill="var(--muted)"
            fillOpacity={0.55}
            isAnimationActive={false}
          />
          <Bar dataKey="after" name={t('plan.after')} fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
