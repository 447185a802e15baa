import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { queryClient, trpc } from '../../lib/trpc';
import { useT } from '../../i18n/i18n';
import { AuthFrame } from './AuthFrame';
import { FormError } from '../../components/FormError';
import { NewPasswordFields, passwordsDiffer } from '../../components/NewPasswordFields';

/** The first visit of a fresh installation: the setup token from the log makes the first admin. */
export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const options = useQuery(trpc.auth.options.queryOptions());
  const [form, setForm] = useState({ setupToken: '', username: 'admin', password: '', repeat: '' });
  const setup = useMutation(
    trpc.auth.setup.mutationOptions({
      onSuccess: (s) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), s);
        void navigate('/admin/users', { replace: true });
      },
    }),
  );
  if (options.data && !options.data.setupRequired) return <Navigate to="/sign-in" replace />;
  const mismatch = passwordsDiffer(form.password, form.repeat);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch)
      setup.mutate({ setupToken: form.setupToken.trim(), username: form.username, password: form.password });
  };
  const field = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  return (
    <AuthFrame title={t('setup.title')}>
      <p className="muted">{t('setup.hint')}</p>
      <form className="auth-form" onSubmit={submit}>
        <label>
          {t('setup.token')}
          <input
            className="input mono"
            name="setupToken"
            autoComplete="off"
            required
            {...field('setupToken')}
            autoFocus
          />
        </label>
        <label>
          {t('auth.username')}
          <input
            className="input"
            name="username"
            autoComplete="username"
            required
            maxLength={64}
            {...field('username')}
          />
        </label>
        <NewPasswordFields
          password={form.password}
          repeat={form.repeat}
          onPassword={(password) => setForm({ ...form, password })}
          onRepeat={(repeat) => setForm({ ...form, repeat })}
        />
        <FormError error={setup.error} />
        <button type="submit" className="btn primary" disabled={setup.isPending || mismatch}>
          {t('setup.create')}
        </button>
      </form>
    </AuthFrame>
  );
}
