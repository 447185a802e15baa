import { PLAN_STATUSES, PLAN_TRIGGERS, type PlanStatus, type PlanTrigger } from '@ralf/shared';
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
import { PlanStatusBadge, RiskBadge } from './components/PlanStatusBadge';

/** Every plan, newest first; the filters live in the address. */
export function PlansPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [params, setF] = useAddressFilters();
  const filter = {
    status: (params.get('status') as PlanStatus | null) ?? undefined,
    trigger: (params.get('trigger') as PlanTrigger | null) ?? undefined,
  };
  const q = useQuery(trpc.plans.list.queryOptions(filter));
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.plans')}</h1>
      </header>
      <div className="filters">
        <FilterSelect
          label={t('fleet.filter.status')}
          value={filter.status}
          onChange={(v) => setF('status', v)}
          options={PLAN_STATUSES.map((s) => [s, t(`plan.status.${s}`)] as const)}
        />
        <FilterSelect
          label={t('plan.trigger')}
          value={filter.trigger}
          onChange={(v) => setF('trigger', v)}
          options={PLAN_TRIGGERS.map((s) => [s, t(`plan.triggerKind.${s}`)] as const)}
        />
      </div>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="muted">{t('plan.none')}</p>}
      {q.data && q.data.length > 0 && (
        <RecordTable
          columns={[
            { label: t('plan.summary') },
            { label: t('fleet.filter.status') },
            { label: t('plan.trigger') },
            { label: t('plan.riskCol') },
            { label: t('plan.approvals'), num: true },
            { label: t('plan.submitted') },
            { label: t('plan.expires') },
          ]}
        >
          {q.data.map((p) => (
            <tr key={p.id} data-testid="plan-row" data-status={p.status}>
              <td>
                <Link to={`/plans/${p.id}`}>{p.summary}</Link>
                <div className="muted small">
                  {t('plan.actionCount', { n: p.actionCount })} · {t('plan.revisionN', { n: p.revision })}
                </div>
              </td>
              <td>
                <PlanStatusBadge status={p.status} />
              </td>
              <td>{t(`plan.triggerKind.${p.trigger}`)}</td>
              <td>
                <RiskBadge risk={p.risk} />
              </td>
              <td className="num">
                {p.approvals}/{p.approvalsNeeded}
              </td>
              <td>
                {p.submittedBy}
                <div className="muted small">{dateTime(locale, p.submittedAt)}</div>
              </td>
              <td>{dateTime(locale, p.expiresAt)}</td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
