import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { POLL_MS, trpc } from '../../app/trpc';
import { DegradedBanner } from '../../components/DegradedBanner';
import { ErrorState } from '../../components/ErrorState';
import { FreshnessTag } from '../../components/FreshnessTag';
import { StatusBadge } from '../../components/StatusBadge';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { bytes, clockTime } from '../../lib/format';
import { useOfflineSince } from '../../lib/useOfflineSince';
import { useLocale } from '../../stores/locale';
import { ChartsPanel } from './components/ChartsPanel';
import { Facts } from './components/Facts';
import { UsageCard } from './components/UsageCard';
import { guestPath } from './components/FleetTable';

export function NodeDetailPage() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { name = '' } = useParams();
  const id = `node/${name}`;
  const q = useQuery(trpc.fleet.node.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const offlineSince = useOfflineSince(q);
  const d = q.data;
  const u = d?.usage;
  return (
    <section className="page">
      <header className="page-head">
        <Link to="/fleet" className="back">← {t('detail.back')}</Link>
        <h1>{name}</h1>
        {d && <StatusBadge status={d.node.status} />}
      </header>
      {d && <DegradedBanner sources={d.sources} offlineSince={offlineSince} />}
      {q.isError && !d && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {d && u && (
        <>
          <div className="grid-2">
            <article className="card">
              <header className="card-head"><h2>{t('detail.facts')}</h2><FreshnessTag f={d.sources.inventory} /></header>
              <Facts items={[
                [t('detail.id'), d.node.id],
                [t('detail.cluster'), d.node.cluster],
                [t('detail.cores'), d.node.cpuCores],
                [t('detail.memory'), bytes(locale, d.node.memoryBytes)],
                [t('detail.disk'), bytes(locale, d.node.diskBytes)],
                [t('detail.tags'), d.node.tags.join(', ') || t('common.none')],
                [t('detail.updated'), clockTime(locale, d.node.updatedAt)],
              ]} />
            </article>
            <UsageCard usage={u} freshness={d.sources.metrics} />
          </div>
          <ChartsPanel id={id} />
          <article className="card">
            <header className="card-head"><h2>{t('detail.guests')}</h2></header>
            <ul className="guest-list">
              {d.guests.map((g) => (
                <li key={g.id}>
                  <Link to={guestPath(g.id)}>{g.name}</Link> <span className="muted">{g.id}</span> <StatusBadge status={g.status} />
                  <UsageBar value={g.cpuUse} label={t('chart.cpu')} />
                </li>
              ))}
            </ul>
          </article>
        </>
      )}
    </section>
  );
}
