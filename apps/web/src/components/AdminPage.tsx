import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { RequirePermission } from './RequirePermission';
import { useT } from '../i18n/i18n';

/**
 * The admin area's page: its title, the tabs (users, API tokens, ingest, plans, notifications) and `tools` beside
 * them; the content only for admins (the BFF refuses the rest anyway).
 */
export function AdminPage({ tools, children }: { tools?: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('admin.title')}</h1>
        <nav className="segmented tabs" aria-label={t('nav.admin')}>
          <NavLink to="/admin/users">{t('admin.users')}</NavLink>
          <NavLink to="/admin/tokens">{t('admin.tokens')}</NavLink>
          <NavLink to="/admin/ingest">{t('admin.ingest')}</NavLink>
          <NavLink to="/admin/plans">{t('admin.plans')}</NavLink>
          <NavLink to="/admin/notifications">{t('admin.notifications')}</NavLink>
        </nav>
        {tools && (
          <>
            <span className="spacer" />
            {tools}
          </>
        )}
      </header>
      <RequirePermission permission="admin">{children}</RequirePermission>
    </section>
  );
}
