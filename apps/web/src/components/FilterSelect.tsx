import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';

/**
 * One filter of a list page: a labelled select of `[value, label]` options, with "all" (the
 * empty value) first unless `all` is false.
 */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  all = true,
}: {
  label: ReactNode;
  value: string | undefined;
  options: readonly (readonly [string, ReactNode])[];
  onChange: (value: string) => void;
  all?: boolean;
}) {
  const t = useT();
  return (
    <label>
      {label}
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {all && <option value="">{t('fleet.filter.all')}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
