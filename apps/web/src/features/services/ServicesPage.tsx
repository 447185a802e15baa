import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime, pct } from '../../lib/format';
import { guestPath, serviceOpenUrl, servicePath } from '../../lib/links';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { certSoon, ServiceBadge } from './ServiceBadge';

/**
 * Every service of the lab (issue 21): its guest, its address to open, and its health from HTTP
 * checks of its `http_check_url` (state, time to answer, uptime over 24 hours, certificate expiry).
 */
export function ServicesPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const now = useNow(60_000);
  const q = useQuery(trpc.services.list.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const down = q.data?.filter((s) => s.state === 'down').length ?? 0;
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.services')}</h1>
        {q.data && (
          <span className={down ? 'tone-bad' : 'muted'} data-testid="services-count">
            {t('services.count', { n: q.data.length, down })}
          </span>
        )}
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <RecordTable
          columns={[
            { label: t('services.name') },
            { label: t('services.guest') },
            { label: t('services.health') },
            { label: t('services.latency'), num: true },
            { label: t('services.uptime24h'), num: true },
            { label: t('services.cert') },
          ]}
        >
          {q.data.map((s) => (
            <tr key={s.id} data-testid={`service-${s.id}`}>
              <td>
                <Link to={servicePath(s.id)}>
                  <strong>{s.name}</strong>
                </Link>
                <div className="muted small inline-links">
                  {s.kind}
                  {serviceOpenUrl(s.httpCheckUrl) && (
                    <>
                      {' · '}
                      <a href={serviceOpenUrl(s.httpCheckUrl)!} target="_blank" rel="noreferrer noopener">
                        {t('services.open')}
                      </a>
                    </>
                  )}
                </div>
              </td>
              <td>{s.guestId ? <Link to={guestPath(s.guestId)}>{s.guestName ?? s.guestId}</Link> : '—'}</td>
              <td>
                <ServiceBadge state={s.state} />
                {s.latest?.reason && <div className="small">{t.msg(s.latest.reason)}</div>}
              </td>
              <td className="num">{s.latest?.latencyMs != null ? `${s.latest.latencyMs} ms` : '—'}</td>
              <td className="num">{pct(locale, s.uptime24h, 1)}</td>
              <td className={certSoon(s.latest?.certExpiresAt ?? null, now) ? 'tone-bad' : undefined}>
                {s.latest?.certExpiresAt ? dateTime(locale, s.latest.certExpiresAt) : '—'}
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
