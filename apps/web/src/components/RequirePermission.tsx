import type { Permission } from '@ralf/shared';
import type { ReactNode } from 'react';
import { useCan, useSession } from '../lib/session';
import { useT } from '../i18n/i18n';

/**
 * Shows a page's controls only to a role that may use them (the BFF refuses the rest anyway);
 * anyone else reads which permission the page needs.
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const t = useT();
  const session = useSession();
  const can = useCan(permission);
  if (!session.data) return null;
  if (!can)
    return (
      <div className="error-state" role="alert">
        <p>{t('error.FORBIDDEN_PAGE', { permission: t(`permission.${permission}`) })}</p>
      </div>
    );
  return children;
}
