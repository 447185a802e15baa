import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n';
import { LOCALES, useLocale } from '../stores/locale';
import { useTheme } from '../stores/theme';
import { trpc } from './trpc';

export function AppShell() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { theme, toggle } = useTheme();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });

  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dataset.theme = theme;
  }, [locale, theme]);

  const other = theme === 'dark' ? 'light' : 'dark';
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
        </nav>
        <div className="topbar-tools">
          {info.data?.demoLab && (
            <span className="badge tone-info" title={t('mode.demoHint')} data-testid="demo-label">
              {t('mode.demo')}
            </span>
          )}
          <label className="sr-only" htmlFor="lang">
            {t('settings.language')}
          </label>
          <select id="lang" className="select" value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === 'de' ? 'Deutsch' : 'English'}
              </option>
            ))}
          </select>
          <button type="button" className="btn icon" onClick={toggle} aria-label={t('settings.switchTheme', { theme: t(`settings.theme.${other}`) })} data-testid="theme-toggle">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
