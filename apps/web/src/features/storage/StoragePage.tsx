import {
  STORAGE_BAD,
  STORAGE_WARN,
  WEAR_BAD,
  WEAR_WARN,
  type PveDisk,
  type PveStorage,
  type StoragePage as Page,
  type ZfsPool,
} from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { ClusterTag } from '../fleet/components/ClusterTag';
import { RecordTable } from '../../components/RecordTable';
import { ToneBadge } from '../../components/ToneBadge';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { bytes } from '../../lib/format';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';

type Tone = 'ok' | 'warn' | 'bad';
const storageTone = (s: PveStorage): Tone => {
  const r = s.totalBytes ? (s.usedBytes ?? 0) / s.totalBytes : 0;
  return !s.active || r >= STORAGE_BAD ? 'bad' : r >= STORAGE_WARN ? 'warn' : 'ok';
};
const poolTone = (p: ZfsPool): Tone => (p.health === 'ONLINE' ? 'ok' : p.health === 'DEGRADED' ? 'warn' : 'bad');
const diskTone = (d: PveDisk): Tone =>
  d.health === 'FAILED' || (d.wearout !== null && d.wearout <= WEAR_BAD)
    ? 'bad'
    : d.wearout !== null && d.wearout <= WEAR_WARN
      ? 'warn'
      : 'ok';

/**
 * Storage (issue 19): every storage of every node with its use, each ZFS pool's health, each
 * disk's SMART health and wear, per cluster. Rows past a threshold turn amber or red: a storage
 * 75 % / 90 % full or not active, a degraded or faulted pool, a failed disk, an SSD with 20 % /
 * 10 % of its life left.
 */
export function StoragePage() {
  const t = useT();
  const q = useQuery(trpc.fleet.storage.queryOptions(undefined, { refetchInterval: POLL_MS }));
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.storage')}</h1>
      </header>
      {q.isError && !q.data && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending && <p className="muted">{t('common.loading')}</p>}
      {q.data && q.data.clusters.length === 0 && <p className="callout">{t('storage.noCluster')}</p>}
      {q.data?.clusters.map((c) => (
        <Cluster key={c.cluster.name} c={c} />
      ))}
    </section>
  );
}

function Cluster({ c }: { c: Page['clusters'][number] }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <>
      <header className="page-head">
        <h2>{c.cluster.name}</h2>
        <span className="spacer" />
        <ClusterTag cluster={c.cluster} />
      </header>
      <RecordTable
        caption={<caption className="table-caption">{t('storage.storages')}</caption>}
        columns={[
          { label: t('storage.col.node') },
          { label: t('storage.col.name') },
          { label: t('storage.col.type') },
          { label: t('storage.col.content') },
          { label: t('storage.col.use') },
          { label: t('storage.col.state') },
        ]}
      >
        {c.storages.map((s) => (
          <tr key={s.id} className={`row-${storageTone(s)}`} data-testid="storage-row" data-tone={storageTone(s)}>
            <td>{s.node}</td>
            <td>
              {s.name}
              {s.shared && <span className="muted"> · {t('backups.shared')}</span>}
            </td>
            <td>{s.type}</td>
            <td>{s.content.join(', ')}</td>
            <td>
              <UsageBar value={s.totalBytes ? (s.usedBytes ?? 0) / s.totalBytes : null} />{' '}
              <span className="muted">
                {t('backups.usedOf', { used: bytes(locale, s.usedBytes), total: bytes(locale, s.totalBytes) })}
              </span>
            </td>
            <td>
              <ToneBadge tone={s.active ? 'ok' : 'bad'}>
                {t(s.active ? 'storage.active' : 'storage.inactive')}
              </ToneBadge>
            </td>
          </tr>
        ))}
      </RecordTable>
      <div className="grid-2">
        <RecordTable
          caption={<caption className="table-caption">{t('storage.pools')}</caption>}
          columns={[
            { label: t('storage.col.node') },
            { label: t('storage.col.name') },
            { label: t('storage.col.health') },
            { label: t('storage.col.use') },
          ]}
        >
          {c.pools.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {t('storage.noPools')}
              </td>
            </tr>
          )}
          {c.pools.map((p) => (
            <tr key={`${p.node}/${p.name}`} className={`row-${poolTone(p)}`} data-testid="pool-row">
              <td>{p.node}</td>
              <td>{p.name}</td>
              <td>
                <ToneBadge tone={poolTone(p)}>{p.health}</ToneBadge>
              </td>
              <td>
                <UsageBar value={p.sizeBytes ? (p.allocBytes ?? 0) / p.sizeBytes : null} />{' '}
                <span className="muted">
                  {t('backups.usedOf', { used: bytes(locale, p.allocBytes), total: bytes(locale, p.sizeBytes) })}
                  {p.fragPercent !== null && ` · ${t('storage.frag', { n: p.fragPercent })}`}
                </span>
              </td>
            </tr>
          ))}
        </RecordTable>
        <RecordTable
          caption={<caption className="table-caption">{t('storage.disks')}</caption>}
          columns={[
            { label: t('storage.col.node') },
            { label: t('storage.col.disk') },
            { label: t('storage.col.health') },
            { label: t('storage.col.wear') },
          ]}
        >
          {c.disks.map((d) => (
            <tr
              key={`${d.node}${d.devpath}`}
              className={`row-${diskTone(d)}`}
              data-testid="disk-row"
              data-tone={diskTone(d)}
            >
              <td>{d.node}</td>
              <td>
                {d.devpath}
                <span className="muted">
                  {' '}
                  · {[d.model, d.type.toUpperCase(), bytes(locale, d.sizeBytes), d.used].filter(Boolean).join(' · ')}
                </span>
              </td>
              <td>
                <ToneBadge tone={d.health === 'FAILED' ? 'bad' : d.health === 'UNKNOWN' ? 'muted' : 'ok'}>
                  {d.health}
                </ToneBadge>
              </td>
              <td>{d.wearout === null ? '—' : t('storage.lifeLeft', { n: d.wearout })}</td>
            </tr>
          ))}
        </RecordTable>
      </div>
    </>
  );
}
