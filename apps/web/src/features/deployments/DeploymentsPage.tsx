import { DEPLOYMENT_STATUSES, type DeploymentStatus } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { FilterSelect } from '../../components/FilterSelect';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { useAddressFilters } from '../../lib/useAddressFilters';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { DeploymentStatusBadge } from './components/DeploymentStatusBadge';

const seconds = (a: string, b: string | null) =>
  b ? `${Math.round((new Date(b).getTime() - new Date(a).getTime()) / 100) / 10} s` : '—';

/** Every deployment, newest first; filters live in the address. */
export function DeploymentsPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [params, setF] = useAddressFilters();
  const filter = {
    status: (params.get('status') as DeploymentStatus | null) ?? undefined,
    templateId: params.get('template') ?? undefined,
    nodeId: params.get('node') ?? undefined,
    createdBy: params.get('by') ?? undefined,
  };
  const q = useQuery(trpc.deployments.list.queryOptions(filter));
  const catalog = useQuery(trpc.deployments.catalog.queryOptions());
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.deployments')}</h1>
        <span className="spacer" />
        <Link className="btn primary" to="/catalog">
          {t('catalog.deployNew')}
        </Link>
      </header>
      <div className="filters">
        <FilterSelect
          label={t('fleet.filter.status')}
          value={filter.status}
          onChange={(v) => setF('status', v)}
          options={DEPLOYMENT_STATUSES.map((s) => [s, t(`deployment.status.${s}`)] as const)}
        />
        <FilterSelect
          label={t('deployment.service')}
          value={filter.templateId}
          onChange={(v) => setF('template', v)}
          options={(catalog.data?.templates ?? []).map((x) => [x.id, x.name] as const)}
        />
        <label>
          {t('deploy.node')}
          <input
            className="input narrow"
            value={filter.nodeId ?? ''}
            placeholder="node/pve1"
            onChange={(e) => setF('node', e.target.value)}
          />
        </label>
        <label>
          {t('deployment.by')}
          <input
            className="input narrow"
            value={filter.createdBy ?? ''}
            placeholder="user:operator"
            onChange={(e) => setF('by', e.target.value)}
          />
        </label>
      </div>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="muted">{t('deployment.none')}</p>}
      {q.data && q.data.length > 0 && (
        <RecordTable
          columns={[
            { label: t('deploy.name') },
            { label: t('deployment.service') },
            { label: t('fleet.filter.status') },
            { label: t('deploy.node') },
            { label: t('deployment.by') },
            { label: t('deployment.when') },
            { label: t('deployment.duration'), num: true },
          ]}
        >
          {q.data.map((d) => (
            <tr key={d.id} data-testid="deployment-row">
              <td>
                <Link to={`/deployments/${d.id}`}>{d.name}</Link>
              </td>
              <td>{d.templateName}</td>
              <td>
                <DeploymentStatusBadge status={d.status} />
              </td>
              <td className="mono">{d.nodeId ?? '—'}</td>
              <td className="mono">{d.createdBy}</td>
              <td className="muted nowrap">{dateTime(locale, d.createdAt)}</td>
              <td className="num">{seconds(d.createdAt, d.finishedAt)}</td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
