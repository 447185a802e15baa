import type { NotifyFailing } from '@ralf/shared';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';

/**
 * A notification channel whose deliveries have all failed for an hour or more (issue 23). The
 * overview asks for the list itself, in its first request (which index.html preloads).
 */
export function FailingChannels({ failing, admin }: { failing: NotifyFailing[] | undefined; admin: boolean }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  if (!failing?.length) return null;
  return (
    <div className="banner" role="status" data-testid="channel-failing-banner">
      {failing.map((c) => (
        <p key={c.channel}>
          {t('overview.channelFailing', { channel: c.channel, since: dateTime(locale, c.since), error: c.lastError })}{' '}
          {admin && <Link to="/admin/notifications">{t('nav.admin')}</Link>}
        </p>
      ))}
    </div>
  );
}
