import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n/i18n';
import { TemplateIcon } from './components/TemplateIcon';

/** The services that can be deployed; a catalog file that could not be read is named here. */
export function CatalogPage() {
  const t = useT();
  const q = useQuery(trpc.deployments.catalog.queryOptions());
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('catalog.title')}</h1>
        <span className="spacer" />
        <Link className="btn" to="/deployments">
          {t('nav.deployments')}
        </Link>
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.errors.length > 0 && (
        <div className="banner tone-warn" role="alert" data-testid="catalog-errors">
          <strong>{t('catalog.errors')}</strong>
          <ul>
            {q.data.errors.map((e) => (
              <li key={e.file}>
                <code>{e.file}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="catalog-grid">
        {q.data?.templates.map((tpl) => (
          <Link key={tpl.id} to={`/deploy/${tpl.id}`} className="card catalog-card" data-testid={`template-${tpl.id}`}>
            <div className="catalog-card-head">
              <TemplateIcon id={tpl.id} name={tpl.name} />
              <span className="catalog-card-title">
                <strong>{tpl.name}</strong>
                <small className="muted">
                  {tpl.version} · {tpl.kind === 'lxc' ? 'LXC' : 'VM'}
                </small>
              </span>
            </div>
            <p>{tpl.description}</p>
            <p className="muted small">
              {t('catalog.defaults', {
                cores: tpl.defaults.cores,
                memory: tpl.defaults.memoryMiB,
                disk: tpl.defaults.diskGiB,
              })}
            </p>
          </Link>
        ))}
      </div>
    </section>
  );
}
