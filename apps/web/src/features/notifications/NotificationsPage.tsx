import type { NotifyOverview } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { AdminPage } from '../../components/AdminPage';
import { ErrorState } from '../../components/ErrorState';
import { FormError } from '../../components/FormError';
import { RecordTable } from '../../components/RecordTable';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { POLL_MS, queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { useNotices } from '../../stores/notices';

const STATUS_TONE = { queued: 'info', sent: 'ok', failed: 'bad' } as const;
const SEVERITY_TONE = { info: 'muted', warning: 'warn', critical: 'bad' } as const;

/**
 * Where notifications go and what became of them (issue 23): the channels with "send a test",
 * and the delivery log (sent, failed with the reason, retried), for admins.
 */
export function NotificationsPage() {
  const t = useT();
  const q = useQuery(trpc.notifications.overview.queryOptions(undefined, { refetchInterval: POLL_MS }));
  return (
    <AdminPage>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {!q.data && !q.isError && <p className="muted">{t('common.loading')}</p>}
      {q.data && (
        <>
          <Channels channels={q.data.channels} />
          <Deliveries deliveries={q.data.deliveries} />
        </>
      )}
    </AdminPage>
  );
}

function Channels({ channels }: { channels: NotifyOverview['channels'] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const say = useNotices((n) => n.say);
  const test = useMutation(
    trpc.notifications.test.mutationOptions({
      onSuccess: (_, input) => {
        say(t('notify.testQueued', { channel: input.channel }));
        void queryClient.invalidateQueries(trpc.notifications.pathFilter());
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="channels-h">
      <h2 id="channels-h">{t('notify.channels')}</h2>
      {channels.length === 0 ? (
        <p className="muted" data-testid="no-channels">
          {t('notify.noChannels')}
        </p>
      ) : (
        <RecordTable
          columns={[
            { label: t('notify.channel') },
            { label: t('notify.target') },
            { label: t('notify.takes') },
            { label: t('admin.actions') },
          ]}
        >
          {channels.map((c) => (
            <tr key={c.id} data-testid={`channel-${c.id}`}>
              <td>
                <strong>{c.id}</strong> <span className="badge tone-muted">{c.type}</span>
                <div className="muted small">{t(`notify.source.${c.source}`)}</div>
                {c.approvals && <div className="small">{t('notify.approvals')}</div>}
                {c.unresolved && <div className="small tone-bad">{t('notify.unresolved', { why: c.unresolved })}</div>}
                {c.failingSince && (
                  <div className="small tone-bad" data-testid="channel-failing">
                    {t('notify.failingSince', { at: dateTime(locale, c.failingSince) })}
                  </div>
                )}
              </td>
              <td className="mono small">{c.target}</td>
              <td className="small">
                {c.kinds ? c.kinds.join(', ') : t('notify.allKinds')} ·{' '}
                {t('notify.fromSeverity', { severity: t(`notify.severity.${c.minSeverity}`) })}
                {c.quietHours && (
                  <div className="muted">
                    {t('notify.quietHours', {
                      from: c.quietHours.from,
                      to: c.quietHours.to,
                      zone: c.quietHours.timezone,
                    })}
                  </div>
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="btn small"
                  disabled={test.isPending}
                  onClick={() => test.mutate({ channel: c.id })}
                >
                  {t('notify.sendTest')}
                </button>
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
      <FormError error={test.error} />
    </section>
  );
}

function Deliveries({ deliveries }: { deliveries: NotifyOverview['deliveries'] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <section className="card" aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">{t('notify.deliveries')}</h2>
      {deliveries.length === 0 ? (
        <p className="muted">{t('notify.noDeliveries')}</p>
      ) : (
        <RecordTable
          columns={[
            { label: t('notify.when') },
            { label: t('notify.channel') },
            { label: t('notify.message') },
            { label: t('notify.status') },
          ]}
        >
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="delivery" data-status={d.status} data-channel={d.channel}>
              <td className="nowrap small">{dateTime(locale, d.createdAt)}</td>
              <td>{d.channel}</td>
              <td>
                <ToneBadge tone={SEVERITY_TONE[d.severity]}>{t(`notify.severity.${d.severity}`)}</ToneBadge>{' '}
                {t.msg(d.title)}
              </td>
              <td>
                <ToneBadge tone={STATUS_TONE[d.status]}>{t(`notify.state.${d.status}`)}</ToneBadge>{' '}
                <span className="muted small">{t('notify.attempts', { n: d.attempts })}</span>
                {d.status === 'queued' && d.heldUntil && (
                  <div className="small muted">{t('notify.heldUntil', { at: dateTime(locale, d.heldUntil) })}</div>
                )}
                {d.lastError && <div className="small tone-bad">{d.lastError}</div>}
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
