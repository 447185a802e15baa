import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { POLL_MS, trpc } from '../../lib/trpc';
import { StatusBadge } from '../../components/StatusBadge';
import { useT } from '../../i18n/i18n';
import { bytes, clockTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { ChartsPanel } from './components/ChartsPanel';
import { DetailFrame } from './components/DetailFrame';
import { InventoryCard } from './components/InventoryCard';
import { ProposeCard } from './components/ProposeCard';
import { PveGuestCard } from './components/PveGuestCard';
import { GuestBackupCard } from '../backups/GuestBackupCard';
import { WhyPanel } from '../../components/WhyPanel';
import { UsageCard } from './components/UsageCard';
import { GuestActionsCard } from '../tasks/GuestActionsCard';
import { GuestTasksCard } from '../tasks/GuestTasksCard';
import { SnapshotsCard } from '../tasks/SnapshotsCard';

export function GuestDetailPage() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { type = '', vmid = '' } = useParams();
  const id = `${type}/${vmid}`;
  const q = useQuery(trpc.fleet.guest.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const g = q.data?.guest;
  const control = useQuery({ ...trpc.tasks.control.queryOptions({ id: id }), retry: false });
  return (
    <DetailFrame
      query={q}
      title={g?.name ?? id}
      badges={
        g && (
          <>
            <StatusBadge status={g.status} />
            <span className="muted">{g.id}</span>
          </>
        )
      }
    >
      {(d) => (
        <>
          <div className="grid-2">
            <GuestActionsCard guest={d.guest} control={control.data} />
            <SnapshotsCard guest={d.guest} control={control.data} />
          </div>
          <div className="grid-2">
            <InventoryCard
              freshness={d.sources.inventory}
              items={[
                [t('detail.id'), d.guest.id],
                [t('detail.type'), t(`type.${d.guest.type}`)],
                [
                  t('detail.node'),
                  <Link key="n" to={`/fleet/node/${d.guest.nodeId.slice(5)}`}>
                    {d.guest.nodeId.slice(5)}
                  </Link>,
                ],
                [t('detail.cores'), d.guest.cores],
                [t('detail.memory'), bytes(locale, d.guest.memoryBytes)],
                [t('detail.disk'), bytes(locale, d.guest.diskBytes)],
                [t('detail.role'), d.guest.role ?? t('common.none')],
                [t('detail.tags'), d.guest.tags.join(', ') || t('common.none')],
                [t('detail.updated'), clockTime(locale, d.guest.updatedAt)],
              ]}
            />
            <UsageCard usage={d.usage} freshness={d.sources.metrics} cores={d.guest.cores}>
              <h3>{t('detail.services')}</h3>
              {d.services.length === 0 ? (
                <p className="muted">{t('detail.noServices')}</p>
              ) : (
                <ul>
                  {d.services.map((s) => (
                    <li key={s.id}>
                      {s.name} <span className="muted">({s.kind})</span>
                    </li>
                  ))}
                </ul>
              )}
            </UsageCard>
          </div>
          <div className="grid-2">
            <PveGuestCard pve={d.guest.pve} cluster={d.sources.clusters.find((c) => c.name === d.node?.cluster)} />
            <ProposeCard guest={d.guest} />
          </div>
          <div className="grid-2">
            <GuestBackupCard id={id} />
            <GuestTasksCard id={id} />
          </div>
          <WhyPanel subject={id} />
          <ChartsPanel id={id} />
        </>
      )}
    </DetailFrame>
  );
}
