import type { Setting } from '@ralf/shared';

/** One setting of a template as the form field its type calls for: a checkbox, a choice, a number or text (a secret hidden). */
export function SettingField({
  name,
  s,
  value,
  onChange,
}: {
  name: string;
  s: Setting;
  value: string | number | boolean | undefined;
  onChange: (v: string | number | boolean | undefined) => void;
}) {
  if (s.type === 'boolean')
    return (
      <label className="check">
        <input type="checkbox" name={name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {s.title}
      </label>
    );
  if (s.enum)
    return (
      <label>
        {s.title}
        <select className="select" name={name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          {s.enum.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  const numeric = s.type !== 'string';
  return (
    <label title={s.description}>
      {s.title}
      <input
        className="input"
        name={name}
        type={s.secret ? 'password' : numeric ? 'number' : 'text'}
        autoComplete={s.secret ? 'new-password' : 'off'}
        min={s.minimum}
        max={s.maximum}
        maxLength={s.maxLength}
        value={value === undefined ? '' : String(value)}
        onChange={(e) =>
          onChange(e.target.value === '' ? undefined : numeric ? Number(e.target.value) : e.target.value)
        }
      />
    </label>
  );
}
