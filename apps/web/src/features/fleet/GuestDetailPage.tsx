import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { POLL_MS, trpc } from '../../app/trpc';
import { DegradedBanner } from '../../components/DegradedBanner';
import { ErrorState } from '../../components/ErrorState';
import { FreshnessTag } from '../../components/FreshnessTag';
import { StatusBadge } from '../../components/StatusBadge';
import { useT } from '../../i18n/i18n';
import { bytes, clockTime } from '../../lib/format';
import { useOfflineSince } from '../../lib/useOfflineSince';
import { useLocale } from '../../stores/locale';
import { ChartsPanel } from './components/ChartsPanel';
import { Facts } from './components/Facts';
import { UsageCard } from './components/UsageCard';

export function GuestDetailPage() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { type = '', vmid = '' } = useParams();
  const id = `${type}/${vmid}`;
  const q = useQuery(trpc.fleet.guest.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const offlineSince = useOfflineSince(q);
  const d = q.data;
  const u = d?.usage;
  return (
    <section className="page">
      <header className="page-head">
        <Link to="/fleet" className="back">← {t('detail.back')}</Link>
        <h1>{d?.guest.name ?? id}</h1>
        {d && <StatusBadge status={d.guest.status} />}
        {d && <span className="muted">{d.guest.id}</span>}
      </header>
      {d && <DegradedBanner sources={d.sources} offlineSince={offlineSince} />}
      {q.isError && !d && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {d && u && (
        <>
          <div className="grid-2">
            <article className="card">
              <header className="card-head"><h2>{t('detail.facts')}</h2><FreshnessTag f={d.sources.inventory} /></header>
              <Facts items={[
                [t('detail.id'), d.guest.id],
                [t('detail.type'), t(`type.${d.guest.type}`)],
                [t('detail.node'), <Link key="n" to={`/fleet/node/${d.guest.nodeId.slice(5)}`}>{d.guest.nodeId.slice(5)}</Link>],
                [t('detail.cores'), d.guest.cores],
                [t('detail.memory'), bytes(locale, d.guest.memoryBytes)],
                [t('detail.disk'), bytes(locale, d.guest.diskBytes)],
                [t('detail.role'), d.guest.role ?? t('common.none')],
                [t('detail.tags'), d.guest.tags.join(', ') || t('common.none')],
                [t('detail.updated'), clockTime(locale, d.guest.updatedAt)],
              ]} />
            </article>
            <UsageCard usage={u} freshness={d.sources.metrics}>
              <h3>{t('detail.services')}</h3>
              {d.services.length === 0 ? (
                <p className="muted">{t('detail.noServices')}</p>
              ) : (
                <ul>{d.services.map((s) => <li key={s.id}>{s.name} <span className="muted">({s.kind})</span></li>)}</ul>
              )}
            </UsageCard>
          </div>
          <ChartsPanel id={id} />
        </>
      )}
    </section>
  );
}
