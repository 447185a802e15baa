import type { FleetSummary, SilencedAlert } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FreshnessTag } from '../../components/FreshnessTag';
import { useT } from '../../i18n/i18n';
import { dateTime, uptime } from '../../lib/format';
import { subjectPath } from '../../lib/links';
import { useCan } from '../../lib/session';
import { POLL_MS, queryClient, trpc, trpcClient } from '../../lib/trpc';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { useNotices } from '../../stores/notices';

/** Severities rules commonly use get the reader's word; any other is shown as the rule says it. */
const SEVERITIES: readonly string[] = ['critical', 'warning', 'info'];
type Severity = 'critical' | 'warning' | 'info';

const SilenceForm = lazy(() => import('./SilenceForm'));
/** An alert's key: its name on its subject (the palette's "silence" action opens `/?silence=<key>`). */
export const alertKey = (a: { name: string; subject: string | null }) => `${a.name}:${a.subject ?? ''}`;

/**
 * The alerts firing (issue 21): each with its guest's or node's name linked, the rule's summary
 * and since when; with Alertmanager connected, which are silenced (until when, by whom, why),
 * and for operators a silence for a while with a comment, or its end.
 */
export function AlertsCard({ s }: { s: FleetSummary }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const now = useNow(30_000);
  const canSilence = useCan('deploy');
  const say = useNotices((n) => n.say);
  // The alert whose silence form is open: the one the palette asked for (?silence=), until one is chosen here.
  const [params] = useSearchParams();
  const [chosen, setSilencing] = useState<string | null | undefined>(undefined);
  const silencing = chosen === undefined ? params.get('silence') : chosen;
  // Asked after the page's own first request (it is not part of index.html's preload).
  const state = useQuery({
    ...trpc.alerts.state.queryOptions(undefined, { refetchInterval: POLL_MS }),
    enabled: s.alertsTotal > 0,
    retry: false,
  });
  const silenced = new Map<string, SilencedAlert>((state.data?.silenced ?? []).map((x) => [alertKey(x), x]));
  const alertsKnown = s.alertsState.state !== 'unavailable' || s.alertsTotal > 0;
  const unsilence = (x: SilencedAlert, name: string) =>
    trpcClient.alerts.unsilence.mutate({ silenceId: x.silenceId }).then(
      () => {
        say(t('alerts.unsilenced', { name }));
        void queryClient.invalidateQueries(trpc.alerts.state.queryFilter());
      },
      (err: unknown) => say((err as Error).message, 'warn'),
    );
  return (
    <article className="card" aria-labelledby="alerts">
      <header className="card-head">
        <h2 id="alerts">{t('overview.alerts')}</h2>
        <FreshnessTag f={s.alertsState} />
      </header>
      {!alertsKnown ? (
        <p className="tone-warn">{t('overview.alertsUnknown', { source: t(`source.${s.alertsState.source}`) })}</p>
      ) : s.alertsTotal === 0 ? (
        <p className="muted">{t('overview.noAlerts')}</p>
      ) : (
        <>
          {s.alertsTotal > s.alerts.length && (
            <p className="muted">{t('overview.alertsShown', { shown: s.alerts.length, total: s.alertsTotal })}</p>
          )}
          {state.data?.error && <p className="tone-warn small">{t.msg(state.data.error)}</p>}
          <ul className="alerts">
            {s.alerts.map((a) => {
              const key = alertKey(a);
              const quiet = silenced.get(key);
              const href = a.subject ? subjectPath(a.subject) : null;
              const who = a.subjectName ?? a.subject;
              return (
                <li key={key} className={`alert sev-${a.severity}${quiet ? ' silenced' : ''}`} data-testid="alert">
                  <strong>{a.name}</strong>{' '}
                  <span className={`badge tone-${a.severity === 'critical' ? 'bad' : 'warn'}`}>
                    {SEVERITIES.includes(a.severity) ? t(`alerts.severity.${a.severity as Severity}`) : a.severity}
                  </span>{' '}
                  {quiet && (
                    <span className="badge tone-muted" data-testid="alert-silenced">
                      {t('alerts.silencedUntil', { until: dateTime(locale, quiet.endsAt) })}
                    </span>
                  )}
                  <div>
                    {who && (href ? <Link to={href}>{who}</Link> : <span>{who}</span>)}
                    {a.summary && (
                      <span className="muted">
                        {who ? ' · ' : ''}
                        {a.summary}
                      </span>
                    )}
                    {a.activeSince && (
                      <span className="muted small">
                        {' '}
                        · {t('alerts.since', { age: uptime(t, a.activeSince, now) })}
                      </span>
                    )}
                  </div>
                  {quiet && (
                    <div className="muted small">
                      {t('alerts.silencedBy', { by: quiet.createdBy, comment: quiet.comment })}
                    </div>
                  )}
                  {canSilence && state.data?.alertmanager && (
                    <div className="alert-actions">
                      {quiet ? (
                        <button type="button" className="btn small" onClick={() => void unsilence(quiet, a.name)}>
                          {t('alerts.unsilence')}
                        </button>
                      ) : silencing === key ? (
                        <Suspense fallback={null}>
                          <SilenceForm alert={a} onDone={() => setSilencing(null)} />
                        </Suspense>
                      ) : (
                        <button type="button" className="btn small" onClick={() => setSilencing(key)}>
                          {t('alerts.silence')}
                        </button>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </article>
  );
}
