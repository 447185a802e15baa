import { OIDC_ERROR_CODES, safeReturnPath, type SignInOptions } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { queryClient, trpc } from '../../lib/trpc';
import { useT } from '../../i18n/i18n';
import { AuthFrame } from './AuthFrame';
import { FormError } from '../../components/FormError';

export function SignInPage() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const options = useQuery(trpc.auth.options.queryOptions());
  // Asked afresh on this page: a session cached from before a sign-out must not send the browser
  // home (where the server says otherwise, and back here, and home again).
  const session = useQuery({ ...trpc.auth.session.queryOptions(), refetchOnMount: 'always', staleTime: 0 });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = safeReturnPath(params.get('next'));
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (s) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), s);
        void navigate(next, { replace: true });
      },
    }),
  );
  if (session.data && !session.isFetching) return <Navigate to={next} replace />;
  if (options.data?.setupRequired) return <Navigate to="/setup" replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ username, password });
  };
  // Only a known code is shown, translated: the address is anyone's to write (issue 15).
  const oidcError = OIDC_ERROR_CODES.find((c) => c === params.get('error')) ?? (params.get('error') ? 'failed' : null);
  return (
    <AuthFrame title={t('auth.signInTitle')}>
      <form className="auth-form" onSubmit={submit}>
        <label>
          {t('auth.username')}
          <input
            className="input"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            maxLength={256}
            autoFocus
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            maxLength={256}
          />
        </label>
        <FormError error={signIn.error} />
        {oidcError && !signIn.isError && (
          <p className="form-error" role="alert">
            {t(`auth.oidcError.${oidcError}`)}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={signIn.isPending}>
          {t('auth.signIn')}
        </button>
      </form>
      {options.data?.oidc && (
        <a className="btn wide" href={`/auth/oidc/start?next=${encodeURIComponent(next)}`} data-testid="oidc-sign-in">
          {t('auth.signInWith', { label: options.data.oidc.label })}
        </a>
      )}
      {options.data && options.data.demoAccounts.length > 0 && (
        <DemoAccounts accounts={options.data.demoAccounts} onPick={(u, p) => (setUsername(u), setPassword(p))} />
      )}
    </AuthFrame>
  );
}

function DemoAccounts({
  accounts,
  onPick,
}: {
  accounts: SignInOptions['demoAccounts'];
  onPick: (username: string, password: string) => void;
}) {
  const t = useT();
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts">
      <h2 id="demo-accounts">{t('auth.demoAccounts')}</h2>
      <p className="muted">{t('auth.demoAccountsHint')}</p>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('auth.role')}</th>
            <th>{t('auth.username')}</th>
            <th>{t('auth.password')}</th>
            <th>
              <span className="sr-only">{t('auth.use')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.username}>
              <td>{t(`role.${a.role}`)}</td>
              <td>
                <code>{a.username}</code>
              </td>
              <td>
                <code>{a.password}</code>
              </td>
              <td>
                <button type="button" className="btn small" onClick={() => onPick(a.username, a.password)}>
                  {t('auth.use')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
