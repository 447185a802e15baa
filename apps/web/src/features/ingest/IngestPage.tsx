import type { IngestTraffic } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { POLL_MS, trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { AdminPage } from '../../components/AdminPage';

/** What the agents sent in the last day, per token, and the newest requests (issue 4). */
export function IngestPage() {
  const t = useT();
  const openapi = (
    <a className="btn" href="/api/ingest/openapi.json" target="_blank" rel="noreferrer">
      {t('ingest.openapi')}
    </a>
  );
  return (
    <AdminPage tools={openapi}>
      <Traffic />
    </AdminPage>
  );
}

function Traffic() {
  const t = useT();
  const q = useQuery(trpc.ingest.traffic.queryOptions(undefined, { refetchInterval: POLL_MS }));
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <p className="muted">{t('common.loading')}</p>;
  return (
    <>
      <PerToken tokens={q.data.tokens} />
      <Recent recent={q.data.recent} />
    </>
  );
}

function PerToken({ tokens }: { tokens: IngestTraffic['tokens'] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  if (tokens.length === 0) return <p className="muted">{t('ingest.none')}</p>;
  return (
    <RecordTable
      columns={[
        { label: t('tokens.name') },
        { label: t('ingest.accepted'), num: true },
        { label: t('ingest.events'), num: true },
        { label: t('ingest.rejected'), num: true },
        { label: t('ingest.lastSeen') },
        { label: t('ingest.lastRejection') },
      ]}
      caption={<caption className="sr-only">{t('ingest.perToken')}</caption>}
    >
      {tokens.map((x) => (
        <tr key={x.tokenName ?? '-'} data-testid={`ingest-${x.tokenName ?? 'unknown'}`}>
          <td className="nowrap">
            {x.tokenName ? <strong>{x.tokenName}</strong> : <span className="muted">{t('ingest.unknownToken')}</span>}
          </td>
          <td className="num">{x.accepted}</td>
          <td className="num">{x.events}</td>
          <td className={`num ${x.rejected ? 'tone-bad' : ''}`}>{x.rejected}</td>
          <td className="muted">{dateTime(locale, x.lastSeenAt)}</td>
          <td>
            {x.lastRejection ? (
              <span title={dateTime(locale, x.lastRejection.at)}>
                {x.lastRejection.status}: {x.lastRejection.reason}
              </span>
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </RecordTable>
  );
}

function Recent({ recent }: { recent: IngestTraffic['recent'] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <RecordTable
      columns={[
        { label: t('audit.col.at') },
        { label: t('tokens.name') },
        { label: t('ingest.route') },
        { label: t('ingest.status'), num: true },
        { label: t('ingest.events'), num: true },
        { label: t('ingest.reason') },
      ]}
      className="audit-table"
      caption={<caption className="table-caption">{t('ingest.recent')}</caption>}
    >
      {recent.map((r, i) => (
        <tr key={i}>
          <td className="mono nowrap">{dateTime(locale, r.at)}</td>
          <td className="mono nowrap">{r.tokenName ?? '—'}</td>
          <td className="mono">{r.route}</td>
          <td className={`num ${r.status >= 300 ? 'tone-bad' : 'tone-ok'}`}>{r.status}</td>
          <td className="num">{r.events}</td>
          <td>{r.reason ?? ''}</td>
        </tr>
      ))}
    </RecordTable>
  );
}
