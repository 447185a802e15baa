import { roundRatio, type Freshness, type Usage } from '@ralf/shared';
import type { ReactNode } from 'react';
import { FreshnessTag } from '../../../components/FreshnessTag';
import { UsageBar } from '../../../components/UsageBar';
import { useT } from '../../../i18n/i18n';
import { bytes, rate } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';
import { Facts } from '../../../components/Facts';

// Rounded as the fleet table's ratios are (roundRatio), so both pages show the same percent.
const share = (used: number | null, size: number | null) => (used != null && size ? roundRatio(used / size) : null);

/** "Current use" of a node or guest; one that is not up shows no CPU or memory use. */
export function UsageCard({
  usage: u,
  freshness,
  cores,
  children,
}: {
  usage: Usage;
  freshness: Freshness;
  /** Its vCPUs (a guest) or cores (a node): CPU use reads "of 4 vCPUs". */
  cores?: number;
  children?: ReactNode;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const up = u.up !== false;
  return (
    <article className="card">
      <header className="card-head">
        <h2>{t('detail.usage')}</h2>
        <FreshnessTag f={freshness} />
      </header>
      <Facts
        items={[
          [
            t('chart.cpu'),
            <span key="c">
              <UsageBar value={up ? roundRatio(u.cpu) : null} />
              {cores !== undefined && <span className="muted usage-of">{t('usage.ofCores', { n: cores })}</span>}
            </span>,
          ],
          [
            t('chart.mem'),
            <span key="m">
              <UsageBar value={up ? share(u.memUsed, u.memSize) : null} />
              <Of used={up ? u.memUsed : null} size={u.memSize} />
            </span>,
          ],
          [
            t('chart.disk'),
            <span key="d">
              <UsageBar value={share(u.diskUsed, u.diskSize)} />
              <Of used={u.diskUsed} size={u.diskSize} />
            </span>,
          ],
          [t('chart.netRx'), rate(locale, u.netRx)],
          [t('chart.netTx'), rate(locale, u.netTx)],
        ]}
      />
      {children}
    </article>
  );
}

/** "7.6 of 16 GiB" beside a bar; "unknown of 64 GiB" when the use is not reported. */
function Of({ used, size }: { used: number | null; size: number | null }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (size == null) return null;
  return (
    <span className="muted usage-of">
      {t('usage.of', { used: used == null ? t('usage.unknown') : bytes(locale, used), size: bytes(locale, size) })}
    </span>
  );
}
