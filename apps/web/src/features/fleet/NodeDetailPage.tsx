import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { POLL_MS, trpc } from '../../lib/trpc';
import { StatusBadge } from '../../components/StatusBadge';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { bytes, clockTime, uptime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { ChartsPanel } from './components/ChartsPanel';
import { WhyPanel } from '../../components/WhyPanel';
import { DetailFrame } from './components/DetailFrame';
import { guestPath } from '../../lib/links';
import { InventoryCard } from './components/InventoryCard';
import { UsageCard } from './components/UsageCard';
import { ClusterTag } from './components/ClusterTag';

export function NodeDetailPage() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { name = '' } = useParams();
  const id = `node/${name}`;
  const now = useNow(30_000);
  const q = useQuery(trpc.fleet.node.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const cluster = q.data?.sources.clusters.find((c) => c.name === q.data.node.cluster);
  return (
    <DetailFrame
      query={q}
      title={name}
      badges={
        q.data && (
          <>
            <StatusBadge status={q.data.node.status} />
            {cluster && <ClusterTag cluster={cluster} />}
          </>
        )
      }
    >
      {(d) => (
        <>
          <div className="grid-2">
            <InventoryCard
              freshness={d.sources.inventory}
              items={[
                [t('detail.id'), d.node.id],
                [t('detail.cluster'), d.node.cluster],
                [t('detail.cores'), d.node.cpuCores],
                [t('detail.memory'), bytes(locale, d.node.memoryBytes)],
                [t('detail.disk'), bytes(locale, d.node.diskBytes)],
                [t('detail.tags'), d.node.tags.join(', ') || t('common.none')],
                ...(d.node.pve
                  ? ([
                      [t('pve.version'), d.node.pve.version ?? t('common.none')],
                      [t('pve.kernel'), d.node.pve.kernel ?? t('common.none')],
                      [t('pve.uptime'), d.node.pve.bootedAt ? uptime(t, d.node.pve.bootedAt, now) : t('common.none')],
                      [t('pve.ip'), d.node.pve.ip ?? t('common.none')],
                    ] as Array<[string, string]>)
                  : []),
                [t('detail.updated'), clockTime(locale, d.node.updatedAt)],
              ]}
            />
            <UsageCard usage={d.usage} freshness={d.sources.metrics} cores={d.node.cpuCores} />
          </div>
          <ChartsPanel id={id} />
          <article className="card">
            <header className="card-head">
              <h2>{t('detail.guests')}</h2>
            </header>
            <ul className="guest-list">
              {d.guests.map((g) => (
                <li key={g.id}>
                  <Link to={guestPath(g.id)}>{g.name}</Link> <span className="muted">{g.id}</span>{' '}
                  <StatusBadge status={g.status} />
                  <UsageBar value={g.cpuUse} label={t('chart.cpu')} />
                </li>
              ))}
            </ul>
          </article>
          <WhyPanel subject={id} />
        </>
      )}
    </DetailFrame>
  );
}
