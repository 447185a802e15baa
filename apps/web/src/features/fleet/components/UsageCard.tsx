import type { Freshness, Usage } from '@ralf/shared';
import type { ReactNode } from 'react';
import { FreshnessTag } from '../../../components/FreshnessTag';
import { UsageBar } from '../../../components/UsageBar';
import { useT } from '../../../i18n/i18n';
import { rate } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';
import { Facts } from '../../../components/Facts';

const share = (used: number | null, size: number | null) => (used != null && size ? used / size : null);

/** "Current use" of a node or guest; one that is not up shows no CPU or memory use. */
export function UsageCard({
  usage: u,
  freshness,
  children,
}: {
  usage: Usage;
  freshness: Freshness;
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
          [t('chart.cpu'), <UsageBar key="c" value={up ? u.cpu : null} />],
          [t('chart.mem'), <UsageBar key="m" value={up ? share(u.memUsed, u.memSize) : null} />],
          [t('chart.disk'), <UsageBar key="d" value={share(u.diskUsed, u.diskSize)} />],
          [t('chart.netRx'), rate(locale, u.netRx)],
          [t('chart.netTx'), rate(locale, u.netTx)],
        ]}
      />
      {children}
    </article>
  );
}
