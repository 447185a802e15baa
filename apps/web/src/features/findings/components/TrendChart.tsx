import type { FindingsReport } from '@ralf/shared';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../../i18n/i18n';

/** Open findings at the end of each of the last 14 days. */
export default function TrendChart({ trend }: { trend: FindingsReport['trend'] }) {
  const t = useT();
  return (
    <figure className="chart" data-testid="findings-trend">
      <figcaption>{t('findings.trend')}</figcaption>
      <ResponsiveContainer width="100%" height={140}>
        <BarChart data={trend} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="day" stroke="var(--muted)" fontSize={11} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis allowDecimals={false} width={32} stroke="var(--muted)" fontSize={11} />
          <Tooltip
            cursor={{ fill: 'var(--panel-2)' }}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
          />
          <Bar dataKey="open" name={t('findings.open')} fill="var(--warn)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
