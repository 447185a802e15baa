import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n';
import { ErrorState } from './ErrorState';

/**
 * The frame of a record's page (a deployment, a plan, a trail): the error or "loading", then
 * the back link, the title and what stands beside it, and the page's body.
 */
export function RecordPage<T>({
  query,
  back,
  title,
  titleTestId,
  head,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  back: { to: string; label: string };
  title: (data: T) => ReactNode;
  titleTestId?: string;
  head?: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <p className="muted">{t('common.loading')}</p>;
  const d = query.data;
  return (
    <section className="page">
      <header className="page-head">
        <Link className="back" to={back.to}>
          ← {back.label}
        </Link>
        <h1 data-testid={titleTestId}>{title(d)}</h1>
        {head?.(d)}
      </header>
      {children(d)}
    </section>
  );
}
