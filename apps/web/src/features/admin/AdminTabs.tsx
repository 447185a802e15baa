import { NavLink } from 'react-router';
import { useT } from '../../i18n/i18n';

export function AdminTabs() {
  const t = useT();
  return (
    <nav className="segmented tabs" aria-label={t('nav.admin')}>
      <NavLink to="/admin/users">{t('admin.users')}</NavLink>
      <NavLink to="/admin/tokens">{t('admin.tokens')}</NavLink>
      <NavLink to="/admin/ingest">{t('admin.ingest')}</NavLink>
    </nav>
  );
}
