import type { NotifyChannelConfig, NotifyOverview } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
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
import { ChannelForm } from './ChannelForm';

const STATUS_TONE = { queued: 'info', sent: 'ok', failed: 'bad' } as const;
const SEVERITY_TONE = { info: 'muted', warning: 'warn', critical: 'bad' } as const;

/**
 * Where notifications go and what became of them (issue 23): the channels with "send a test",
 * and the delivery log (sent, failed with the reason, retried), for admins.
 */
export function NotificationsPage() {
  const t = useT();
  const q = useQuery(trpc.notifications.overview.queryOptions(undefined, { refetchInterval: POLL_MS }));
  // The form: closed (null), a new channel ('new'), or a saved channel's settings.
  const [editing, setEditing] = useState<NotifyChannelConfig | 'new' | null>(null);
  return (
    <AdminPage>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {!q.data && !q.isError && <p className="muted">{t('common.loading')}</p>}
      {q.data && (
        <>
          <Channels channels={q.data.channels} onEdit={setEditing} />
          {editing ? (
            <ChannelForm
              key={editing === 'new' ? 'new' : editing.id}
              editing={editing === 'new' ? null : editing}
              onDone={() => setEditing(null)}
            />
          ) : (
            <p>
              <button type="button" className="btn" onClick={() => setEditing('new')}>
                {t('notify.addChannel')}
              </button>
            </p>
          )}
          <Deliveries deliveries={q.data.deliveries} />
        </>
      )}
    </AdminPage>
  );
}

function Channels({
  channels,
  onEdit,
}: {
  channels: NotifyOverview['channels'];
  onEdit: (c: NotifyChannelConfig) => void;
}) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const say = useNotices((n) => n.say);
  const remove = useMutation(
    trpc.notifications.removeChannel.mutationOptions({
      onSuccess: (_, input) => {
        say(t('notify.removed', { channel: input.id }));
        void queryClient.invalidateQueries(trpc.notifications.pathFilter());
      },
    }),
  );
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
                {c.config && (
                  <>
                    {' '}
                    <button type="button" className="btn small" onClick={() => onEdit(c.config!)}>
                      {t('notify.edit')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn small danger"
                      disabled={remove.isPending}
                      onClick={() =>
                        window.confirm(t('notify.removeConfirm', { channel: c.id })) && remove.mutate({ id: c.id })
                      }
                    >
                      {t('notify.remove')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
      <FormError error={test.error ?? remove.error} />
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
