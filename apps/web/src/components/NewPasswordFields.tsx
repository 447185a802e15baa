import { useT } from '../i18n/i18n';

/** True when the repeated password was typed and differs: the form must not be sent. */
export const passwordsDiffer = (password: string, repeat: string) => repeat !== '' && repeat !== password;

/** A new password and its repetition, with the rule (10 characters or more) and a mismatch said at the field. */
export function NewPasswordFields(props: {
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
}) {
  const t = useT();
  const mismatch = passwordsDiffer(props.password, props.repeat);
  return (
    <>
      <label>
        {t('auth.newPassword')}
        <input
          className="input"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          value={props.password}
          onChange={(e) => props.onPassword(e.target.value)}
        />
      </label>
      <label>
        {t('auth.repeatPassword')}
        <input
          className="input"
          name="repeat"
          type="password"
          autoComplete="new-password"
          required
          value={props.repeat}
          onChange={(e) => props.onRepeat(e.target.value)}
          aria-invalid={mismatch}
        />
      </label>
      {mismatch && <p className="form-error">{t('auth.passwordsDiffer')}</p>}
    </>
  );
}
