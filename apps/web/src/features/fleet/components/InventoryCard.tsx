import type { Freshness } from '@ralf/shared';
import type { ReactNode } from 'react';
import { FreshnessTag } from '../../../components/FreshnessTag';
import { useT } from '../../../i18n/i18n';
import { Facts } from '../../../components/Facts';

/** The inventory facts of a node or guest, with where they came from and how old they are. */
export function InventoryCard({ items, freshness }: { items: Array<[string, ReactNode]>; freshness: Freshness }) {
  const t = useT();
  return (
    <article className="card">
      <header className="card-head">
        <h2>{t('detail.facts')}</h2>
        <FreshnessTag f={freshness} />
      </header>
      <Facts items={items} />
    </article>
  );
}
