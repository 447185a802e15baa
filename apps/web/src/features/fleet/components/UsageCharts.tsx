import type { Range, Series } from '@ralf/shared';
import { Link } from 'react-router';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT, type MessageKey } from '../../../i18n/i18n';
import { pct, rate, shortTime } from '../../../lib/format';
import { trailPath } from '../../../lib/links';
import { useLocale } from '../../../stores/locale';

const RATIOS: Array<{ key: 'cpu' | 'mem' | 'disk'; label: MessageKey; color: string }> = [
  { key: 'cpu', label: 'chart.cpu', color: 'var(--c-cpu)' },
  { key: 'mem', label: 'chart.mem', color: 'var(--c-mem)' },
  { key: 'disk', label: 'chart.disk', color: 'var(--c-disk)' },
];

/** Something that happened to the node or guest (a trail): a numbered mark on every chart, listed below. */
export interface ChartMarker {
  ts: number;
  title: string;
  trailId: string;
}

/**
 * CPU, memory, disk and network of one node or guest over the chosen range (recharts), with a
 * legend, and numbered marks where a deployment, migration, plan or task touched it, like
 * Grafana's annotations.
 */
export default function UsageCharts({ series, markers = [] }: { series: Series; markers?: ChartMarker[] }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const long = (['24h', '7d'] as Range[]).includes(series.range);
  const rows = series.t.map((ts, i) => ({
    ts,
    cpu: series.values.cpu[i] ?? null,
    mem: series.values.mem[i] ?? null,
    disk: series.values.disk[i] ?? null,
    netRx: series.values.netRx[i] ?? null,
    netTx: series.values.netTx[i] ?? null,
  }));
  const known = rows.filter((r) => r.cpu != null || r.mem != null || r.disk != null || r.netRx != null).length;
  if (!known) return <p className="muted">{t('chart.noData')}</p>;
  // A line needs two samples: with fewer, say so rather than draw empty frames.
  if (known < 2) return <p className="muted">{t('chart.onePoint')}</p>;
  // Few samples (a new guest, a fresh install): each is drawn as a dot too, so none hides.
  const dot = known < 12;
  const xAxis = (
    <XAxis
      dataKey="ts"
      type="number"
      domain={['dataMin', 'dataMax']}
      tickFormatter={(v: number) => shortTime(locale, v, long && series.range === '7d')}
      stroke="var(--muted)"
      fontSize={11}
      minTickGap={40}
    />
  );
  const tooltipLabel = (v: unknown) => shortTime(locale, Number(v), true);
  const first = series.t[0] ?? 0;
  const last = series.t[series.t.length - 1] ?? 0;
  const shown = markers
    .filter((m) => m.ts >= first && m.ts <= last)
    .sort((a, b) => a.ts - b.ts)
    .map((m, i) => ({ ...m, n: i + 1 }));
  const marks = shown.map((m) => (
    <ReferenceLine
      key={m.trailId}
      x={m.ts}
      stroke="var(--info)"
      strokeDasharray="3 3"
      label={{ value: String(m.n), position: 'insideTopLeft', fill: 'var(--info)', fontSize: 10 }}
    />
  ));
  return (
    <div className="charts">
      {RATIOS.map((m) => (
        <figure key={m.key} className="chart" data-testid={`chart-${m.key}`}>
          <figcaption>{t(m.label)}</figcaption>
          <ResponsiveContainer width="100%" height={160}>
            <AreaChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--grid)" vertical={false} />
              {xAxis}
              <YAxis
                domain={[0, 1]}
                tickFormatter={(v: number) => pct(locale, v)}
                width={44}
                stroke="var(--muted)"
                fontSize={11}
              />
              <Tooltip
                labelFormatter={tooltipLabel}
                formatter={(v) => pct(locale, Number(v), 1)}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
              />
              {marks}
              <Area
                type="monotone"
                dataKey={m.key}
                name={t(m.label)}
                stroke={m.color}
                fill={m.color}
                fillOpacity={0.18}
                isAnimationActive={false}
                connectNulls={false}
                dot={dot}
              />
            </AreaChart>
          </ResponsiveContainer>
        </figure>
      ))}
      <figure className="chart" data-testid="chart-net">
        <figcaption>{t('chart.net')}</figcaption>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            {xAxis}
            <YAxis tickFormatter={(v: number) => rate(locale, v)} width={72} stroke="var(--muted)" fontSize={11} />
            <Tooltip
              labelFormatter={tooltipLabel}
              formatter={(v) => rate(locale, Number(v))}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            />
            {marks}
            <Legend verticalAlign="top" height={18} iconSize={8} wrapperStyle={{ fontSize: 11 }} />
            <Line
              type="monotone"
              dataKey="netRx"
              name={t('chart.netRx')}
              stroke="var(--c-rx)"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="netTx"
              name={t('chart.netTx')}
              stroke="var(--c-tx)"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      {shown.length > 0 && (
        <ol className="chart-markers small" aria-label={t('chart.markers')} data-testid="chart-markers">
          {shown.map((m) => (
            <li key={m.trailId}>
              <span className="mono">{shortTime(locale, m.ts, true)}</span>{' '}
              <Link to={trailPath(m.trailId)}>{m.title}</Link>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
