import { useNow } from '../../../lib/useNow';
import type { LoopRun } from '@ralf/shared';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../../i18n/i18n';
import { dateTime } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';

const COLOR = { succeeded: 'var(--ok)', failed: 'var(--bad)', running: 'var(--info)' } as const;

/** The last runs as a strip, oldest left: one bar per run, its height the duration, its colour the result. */
export default function RunStrip({ runs }: { runs: LoopRun[] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const now = useNow(10_000);
  const rows = [...runs].reverse().map((r) => ({
    id: r.id,
    status: r.status,
    at: dateTime(locale, r.startedAt),
    seconds: Math.max(1, ((r.finishedAt ? Date.parse(r.finishedAt) : now) - Date.parse(r.startedAt)) / 1000),
    failedPhase: r.failedPhase,
  }));
  return (
    <figure className="chart run-strip" data-testid="run-strip">
      <figcaption>{t('loops.history', { n: runs.length })}</figcaption>
      <ResponsiveContainer width="100%" height={70}>
        <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <XAxis dataKey="at" hide />
          <YAxis hide />
          <Tooltip
            formatter={(v, _n, p) => [
              `${Math.round(Number(v))} s · ${t(`loops.status.${(p.payload as { status: LoopRun['status'] }).status}`)}${(p.payload as { failedPhase: string | null }).failedPhase ? ` (${(p.payload as { failedPhase: string }).failedPhase})` : ''}`,
              '',
            ]}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            cursor={{ fill: 'var(--panel-2)' }}
          />
          <Bar dataKey="seconds" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.id} fill={COLOR[r.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
