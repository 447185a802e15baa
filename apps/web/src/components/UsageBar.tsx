import { pct } from '../lib/format';
import { useLocale } from '../stores/locale';

/** A ratio as a bar and a number; amber from 75%, red from 90%. */
export function UsageBar({ value, label }: { value: number | null; label?: string }) {
  const locale = useLocale((s) => s.locale);
  const tone = value == null ? 'muted' : value >= 0.9 ? 'bad' : value >= 0.75 ? 'warn' : 'ok';
  return (
    <span className={`usage tone-${tone}`} title={label}>
      <span className="usage-track" aria-hidden="true">
        <span className="usage-fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, value ?? 0)) * 100)}%` }} />
      </span>
      <span className="usage-num">{pct(locale, value)}</span>
    </span>
  );
}
