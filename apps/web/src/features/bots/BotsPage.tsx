import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { HealthBadge } from '../../components/HealthBadge';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';

const yes = (v: boolean | null) => (v === null ? '—' : v ? '✓' : '✗');

/** The Matrix bots, each with its room: homeserver, appservice, joined, last message, and state with its reason. */
export function BotsPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const q = useQuery(trpc.bots.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.bots')}</h1>
        {q.data && (
          <span className="muted">
            {q.data.source === 'matrix' ? q.data.homeserver : t(`bots.source.${q.data.source}`)}
          </span>
        )}
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <RecordTable
          columns={[
            { label: t('bots.bot') },
            { label: t('bots.room') },
            { label: t('bots.state') },
            { label: t('bots.homeserver') },
            { label: t('bots.appservice') },
            { label: t('bots.joined') },
            { label: t('bots.lastMessage') },
          ]}
        >
          {q.data.bots.map((b) => (
            <tr key={b.id} data-testid={`bot-${b.id}`} data-state={b.state}>
              <td>
                <strong>{b.id}</strong>
                <div className="muted small mono">{b.userId}</div>
              </td>
              <td className="mono">{b.room}</td>
              <td>
                <HealthBadge state={b.state} />
                <div className="small">{t.msg(b.reason)}</div>
              </td>
              <td>{yes(b.homeserver)}</td>
              <td>{yes(b.appservice)}</td>
              <td>{yes(b.joined)}</td>
              <td>
                {b.lastMessageAt ? dateTime(locale, b.lastMessageAt) : '—'}
                <div className="muted small">
                  {b.checkedAt ? t('bots.checked', { at: dateTime(locale, b.checkedAt) }) : ''}
                </div>
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
