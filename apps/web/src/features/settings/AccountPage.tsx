import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../lib/session';
import { trpc } from '../../lib/trpc';
import { useT } from '../../i18n/i18n';
import { FormError } from '../../components/FormError';
import { NewPasswordFields, passwordsDiffer } from '../../components/NewPasswordFields';
import { MatrixLinkCard } from './MatrixLinkCard';

/** The signed-in user's own account: who they are, their roles, and a new password. */
export function AccountPage() {
  const t = useT();
  const user = useSession().data?.user;
  const empty = { current: '', password: '', repeat: '' };
  const [form, setForm] = useState(empty);
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: () => setForm(empty) }));
  if (!user) return null;
  const mismatch = passwordsDiffer(form.password, form.repeat);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) change.mutate({ current: form.current, password: form.password });
  };
  const field = (k: keyof typeof empty) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('account.title')}</h1>
      </header>
      <div className="card facts-card">
        <p>
          <strong>{user.displayName}</strong> <span className="muted mono">{user.username}</span>
        </p>
        <p className="muted">
          {t('auth.roles')}: {user.roles.map((r) => t(`role.${r}`)).join(', ')}
        </p>
      </div>
      {user.source === 'local' ? (
        <form className="card auth-form narrow" onSubmit={submit} aria-labelledby="change-password">
          <h2 id="change-password">{t('account.changePassword')}</h2>
          <label>
            {t('account.currentPassword')}
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              required
              maxLength={256}
              {...field('current')}
            />
          </label>
          <NewPasswordFields
            password={form.password}
            repeat={form.repeat}
            onPassword={(password) => setForm({ ...form, password })}
            onRepeat={(repeat) => setForm({ ...form, repeat })}
          />
          <FormError error={change.error} />
          {change.isSuccess && (
            <p className="tone-ok" role="status">
              {t('account.changed')}
            </p>
          )}
          <button type="submit" className="btn primary" disabled={change.isPending || mismatch}>
            {t('admin.save')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('account.sso')}</p>
      )}
      <MatrixLinkCard />
    </section>
  );
}
