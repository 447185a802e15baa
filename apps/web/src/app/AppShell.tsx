import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useT } from '../i18n/i18n';
import { LOCALES, useLocale } from '../stores/locale';
import { useTheme } from '../stores/theme';
import { LiveIndicator } from '../components/LiveIndicator';
import { useCan, useSession } from '../lib/session';
import { useLiveUpdates } from '../lib/useLiveUpdates';
import { queryClient, trpc } from '../lib/trpc';
import { TasksStrip } from '../features/tasks/TasksStrip';

export function AppShell() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { theme, toggle } = useTheme();
  // Asked for together with the page's first query, so one request carries both (index.html's preload).
  const session = useSession();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  const isAdmin = useCan('admin');
  const live = useLiveUpdates(Boolean(session.data));
  // Part of the first request, which index.html preloads (the plans badge is on every page).
  const plans = useQuery({ ...trpc.plans.summary.queryOptions(), retry: false });
  const location = useLocation();

  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
  }, [locale, theme]);

  const other = theme === 'dark' ? 'light' : 'dark';
  if (session.data === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>
            <strong>{t('app.title')}</strong>
            <small>{t('app.subtitle')}</small>
          </span>
        </a>
        <nav aria-label={t('nav.main')} className="nav">
          <NavLink to="/" end>
            {t('nav.overview')}
          </NavLink>
          <NavLink to="/fleet">{t('nav.fleet')}</NavLink>
          <NavLink to="/storage">{t('nav.storage')}</NavLink>
          <NavLink to="/backups">{t('nav.backups')}</NavLink>
          <NavLink to="/catalog">{t('nav.catalog')}</NavLink>
          <NavLink to="/deployments">{t('nav.deployments')}</NavLink>
          <NavLink to="/plans">
            {t('nav.plans')}
            {plans.data && plans.data.pending > 0 && (
              <span
                className="count"
                data-testid="plans-pending"
                aria-label={t('nav.plansPending', { n: plans.data.pending })}
              >
                {plans.data.pending}
              </span>
            )}
          </NavLink>
          <NavLink to="/trails">{t('nav.trails')}</NavLink>
          <NavLink to="/loops">{t('nav.loops')}</NavLink>
          <NavLink to="/findings">{t('nav.findings')}</NavLink>
          <NavLink to="/bots">{t('nav.bots')}</NavLink>
          <NavLink to="/architecture">{t('nav.architecture')}</NavLink>
          <NavLink to="/audit">{t('nav.audit')}</NavLink>
          {isAdmin && <NavLink to="/admin/users">{t('nav.admin')}</NavLink>}
        </nav>
        <div className="topbar-tools">
          {session.data && <LiveIndicator state={live} />}
          {info.data?.demoLab && (
            <span className="badge tone-info" title={t('mode.demoHint')} data-testid="demo-label">
              {t('mode.demo')}
            </span>
          )}
          <label className="sr-only" htmlFor="lang">
            {t('settings.language')}
          </label>
          <select
            id="lang"
            className="select"
            value={locale}
            onChange={(e) => setLocale(e.target.value as typeof locale)}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === 'de' ? 'Deutsch' : 'English'}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn icon"
            onClick={toggle}
            aria-label={t('settings.switchTheme', { theme: t(`settings.theme.${other}`) })}
            data-testid="theme-toggle"
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          {session.data && (
            <UserMenu name={session.data.user.displayName} roles={session.data.user.roles.map((r) => t(`role.${r}`))} />
          )}
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
      {session.data && <TasksStrip />}
    </div>
  );
}

function UserMenu({ name, roles }: { name: string; roles: string[] }) {
  const t = useT();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async () => {
        // A refetch in flight (a live change invalidated it) would write the old session back
        // after the clear, and the sign-in page would send the browser home again: cancel first.
        await queryClient.cancelQueries();
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.session.queryKey(), null);
        void navigate('/sign-in', { replace: true });
      },
    }),
  );
  return (
    <span className="user-menu">
      <Link to="/account" className="user-name" data-testid="signed-in-as" title={t('account.title')}>
        {name}{' '}
        {roles.map((r) => (
          <span key={r} className="badge tone-muted role-badge" data-testid="role-badge">
            {r}
          </span>
        ))}
      </Link>
      <button type="button" className="btn" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t('auth.signOut')}
      </button>
    </span>
  );
}
