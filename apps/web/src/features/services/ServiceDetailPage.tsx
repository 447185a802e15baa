import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { Facts } from '../../components/Facts';
import { WhyPanel } from '../../components/WhyPanel';
import { useT } from '../../i18n/i18n';
import { dateTime, pct } from '../../lib/format';
import { guestPath, serviceOpenUrl } from '../../lib/links';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { certSoon, ServiceBadge } from './ServiceBadge';

/**
 * One service (issue 21): its guest, its address to open, its health from the HTTP checks
 * (state and why, time to answer, certificate expiry, uptime over a day and a week, the recent
 * checks) and the trails that touched it.
 */
export function ServiceDetailPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const now = useNow(60_000);
  const id = useParams()['*'] ?? '';
  const q = useQuery(trpc.services.get.queryOptions({ id }, { refetchInterval: POLL_MS }));
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <p className="muted">{t('common.loading')}</p>;
  const { service: s, checks, uptime7d, intervalSeconds } = q.data;
  const url = s.httpCheckUrl;
  return (
    <section className="page">
      <header className="page-head">
        <h1>{s.name}</h1>
        <ServiceBadge state={s.state} />
        <span className="spacer" />
        {serviceOpenUrl(url) && (
          <a
            className="btn primary"
            href={serviceOpenUrl(url)!}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="open-service"
          >
            {t('services.openName', { name: s.name })}
          </a>
        )}
      </header>
      {s.latest?.reason && (
        <p className="notice warn" data-testid="service-reason">
          {t.msg(s.latest.reason)}
        </p>
      )}
      <div className="grid-2">
        <article className="card" aria-labelledby="service-facts">
          <h2 id="service-facts">{t('services.facts')}</h2>
          <Facts
            items={[
              [
                t('services.guest'),
                s.guestId ? <Link to={guestPath(s.guestId)}>{s.guestName ?? s.guestId}</Link> : '—',
              ],
              [t('services.kind'), s.kind],
              [t('services.url'), url ? <span className="mono">{url}</span> : t('services.noUrl')],
              [t('services.interval'), t('services.every', { n: intervalSeconds })],
              [t('services.lastCheck'), s.latest ? dateTime(locale, s.latest.at) : '—'],
              [t('services.latency'), s.latest?.latencyMs != null ? `${s.latest.latencyMs} ms` : '—'],
              [
                t('services.cert'),
                s.latest?.certExpiresAt ? (
                  <span className={certSoon(s.latest.certExpiresAt, now) ? 'tone-bad' : undefined}>
                    {dateTime(locale, s.latest.certExpiresAt)}
                  </span>
                ) : (
                  '—'
                ),
              ],
              [t('services.uptime24h'), <span data-testid="uptime-24h">{pct(locale, s.uptime24h, 1)}</span>],
              [t('services.uptime7d'), pct(locale, uptime7d, 1)],
            ]}
          />
        </article>
        <article className="card" aria-labelledby="service-checks">
          <h2 id="service-checks">{t('services.checks')}</h2>
          {checks.length === 0 && <p className="muted">{url ? t('services.notYet') : t('services.noUrl')}</p>}
          <ul className="log" data-testid="service-checks">
            {checks.map((c) => (
              <li key={c.at}>
                <span className="mono small">{dateTime(locale, c.at)}</span>{' '}
                <ServiceBadge state={c.ok ? 'up' : 'down'} />{' '}
                <span className="muted small">
                  {[
                    c.status && `HTTP ${c.status}`,
                    c.latencyMs != null && `${c.latencyMs} ms`,
                    c.reason && t.msg(c.reason),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </article>
      </div>
      <WhyPanel subject={s.id} />
    </section>
  );
}
