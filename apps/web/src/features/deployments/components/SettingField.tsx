import type { Setting } from '@ralf/shared';

/** One setting of a template as the form field its type calls for: a checkbox, a choice, a number or text (a secret hidden). */
export function SettingField({
  name,
  s,
  value,
  onChange,
  problem = null,
}: {
  name: string;
  s: Setting;
  value: string | number | boolean | undefined;
  onChange: (v: string | number | boolean | undefined) => void;
  /** What is wrong with its value, said beside it (issue 18). */
  problem?: string | null;
}) {
  const said = problem && (
    <span className="field-error" id={`setting-${name}-problem`} data-testid={`setting-${name}-problem`}>
      {problem}
    </span>
  );
  const described = problem ? { 'aria-invalid': true, 'aria-describedby': `setting-${name}-problem` } : {};
  if (s.type === 'boolean')
    return (
      <label className="check">
        <input
          type="checkbox"
          name={name}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          {...described}
        />
        {s.title}
        {said}
      </label>
    );
  if (s.enum)
    return (
      <label>
        {s.title}
        <select
          className="select"
          name={name}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
          {...described}
        >
          {s.enum.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        {said}
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
        {...described}
      />
      {said}
    </label>
  );
}
