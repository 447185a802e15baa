import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/session';
import { useLocale } from '../../stores/locale';

/** A notification channel whose deliveries have all failed for an hour or more (issue 23). */
export function FailingChannels() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const admin = useCan('admin');
  const q = useQuery({
    ...trpc.notifications.failing.queryOptions(undefined, { refetchInterval: 60_000 }),
    retry: false,
  });
  if (!q.data?.length) return null;
  return (
    <div className="banner" role="status" data-testid="channel-failing-banner">
      {q.data.map((c) => (
        <p key={c.channel}>
          {t('overview.channelFailing', { channel: c.channel, since: dateTime(locale, c.since), error: c.lastError })}{' '}
          {admin && <Link to="/admin/notifications">{t('nav.admin')}</Link>}
        </p>
      ))}
    </div>
  );
}
