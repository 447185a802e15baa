import type { FleetSources } from '@ralf/shared';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DegradedBanner } from '../../../components/DegradedBanner';
import { ErrorState } from '../../../components/ErrorState';
import { useT } from '../../../i18n/i18n';
import { useOfflineSince } from '../../../lib/useOfflineSince';

/** The frame of the node and guest pages: back link, title, what is degraded, or the error. */
export function DetailFrame<T extends { sources: FleetSources }>({
  query,
  title,
  badges,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  title: string;
  badges?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  const offlineSince = useOfflineSince(query);
  const d = query.data;
  return (
    <section className="page">
      <header className="page-head">
        <Link to="/fleet" className="back">
          ← {t('detail.back')}
        </Link>
        <h1>{title}</h1>
        {d && badges}
      </header>
      {d && <DegradedBanner sources={d.sources} offlineSince={offlineSince} />}
      {query.isError && !d && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {d && children(d)}
    </section>
  );
}
