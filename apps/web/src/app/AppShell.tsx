import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLES, type Role } from '@ralf/shared';
import { useT } from '../i18n/i18n';
import { LOCALES, useLocale } from '../stores/locale';
import { useTheme } from '../stores/theme';
import { LiveIndicator } from '../components/LiveIndicator';
import { useSession } from '../lib/session';
import { useLiveUpdates } from '../lib/useLiveUpdates';
import { queryClient, trpc } from '../lib/trpc';
import { usePalette } from '../stores/palette';
import { useNotices } from '../stores/notices';
import { MainNav } from './MainNav';

// The palette's code (and its search) loads when it is first opened, or when the pointer nears its button.
const loadPalette = () => import('../features/palette/CommandPalette');
const CommandPalette = lazy(loadPalette);
const preloadPalette = () => void loadPalette();
// The recent-tasks strip asks for its data 2 s after the page's own: its code can come then too.
const TasksStrip = lazy(() => import('../features/tasks/TasksStrip').then((m) => ({ default: m.TasksStrip })));

/** Ctrl+K and ⌘K open the palette anywhere; "/" too, unless the user is typing in a field. */
function usePaletteKeys() {
  const setOpen = usePalette((p) => p.setOpen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLElement &&
        (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if ((e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [setOpen]);
}

/** The palette's field while its code loads: what is typed here is where the palette starts. */
function PaletteLoading() {
  const t = useT();
  const { draft, setDraft } = usePalette();
  return (
    <div className="palette-backdrop">
      <div className="palette">
        <input
          className="input palette-input"
          aria-label={t('palette.open')}
          autoFocus
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </div>
    </div>
  );
}

/** The short notices that confirm a change, read out politely. */
function Notices() {
  const notices = useNotices((n) => n.notices);
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <p key={n.id} className={`notice ${n.tone}`}>
          {n.text}
        </p>
      ))}
    </div>
  );
}

export function AppShell() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { theme, toggle } = useTheme();
  // Asked for together with the page's first query, so one request carries both (index.html's preload).
  const session = useSession();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  const live = useLiveUpdates(Boolean(session.data));
  // Part of the first request, which index.html preloads (the plans badge is on every page).
  const plans = useQuery({ ...trpc.plans.summary.queryOptions(), retry: false });
  const location = useLocation();
  const palette = usePalette((p) => p.open);
  const setPalette = usePalette((p) => p.setOpen);
  // The phone's menu: open on the page it was opened on, so a page change closes it.
  const [menuOn, setMenuOn] = useState<string | null>(null);
  const menu = menuOn === location.pathname;
  const setMenu = (open: boolean) => setMenuOn(open ? location.pathname : null);
  usePaletteKeys();

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
      <header className={`topbar${menu ? ' menu-open' : ''}`}>
        <a className="brand" href="/" title={info.data && `ralf-ui ${info.data.version}`}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>
            <strong>{t('app.title')}</strong>
            <small>{t('app.subtitle')}</small>
          </span>
        </a>
        <button
          type="button"
          className="btn search-button"
          onClick={() => setPalette(true)}
          onFocus={preloadPalette}
          onMouseEnter={preloadPalette}
          aria-keyshortcuts="Control+K Meta+K /"
          data-testid="open-palette"
        >
          <span aria-hidden="true">⌕</span>
          <span className="search-label">{t('palette.open')}</span>
          <kbd>{t('palette.key')}</kbd>
        </button>
        <button
          type="button"
          className="btn icon menu-toggle"
          aria-expanded={menu}
          aria-controls="main-nav"
          aria-label={t('nav.menu')}
          onClick={() => setMenu(!menu)}
        >
          {menu ? '✕' : '☰'}
        </button>
        <MainNav plansPending={plans.data?.pending ?? 0} permissions={session.data?.user.permissions ?? []} />
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
          {session.data && <UserMenu name={session.data.user.displayName} roles={session.data.user.roles} />}
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
      {session.data && (
        <Suspense fallback={null}>
          <TasksStrip />
        </Suspense>
      )}
      {palette && (
        <Suspense fallback={<PaletteLoading />}>
          <CommandPalette />
        </Suspense>
      )}
      <Notices />
    </div>
  );
}

/** The signed-in person: their name and strongest role (all roles in its tooltip, so four never widen the header). */
function UserMenu({ name, roles }: { name: string; roles: readonly Role[] }) {
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
  const strongest = [...ROLES].reverse().find((r) => roles.includes(r));
  return (
    <span className="user-menu">
      <Link to="/account" className="user-name" data-testid="signed-in-as" title={t('account.title')}>
        {name}{' '}
        {strongest && (
          <span
            className="badge tone-muted role-badge"
            data-testid="role-badge"
            title={roles.map((r) => t(`role.${r}`)).join(', ')}
          >
            {t(`role.${strongest}`)}
            {roles.length > 1 && ` +${roles.length - 1}`}
          </span>
        )}
      </Link>
      <button type="button" className="btn" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t('auth.signOut')}
      </button>
    </span>
  );
}
