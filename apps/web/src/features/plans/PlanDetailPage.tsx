import type { Plan } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { RecordPage } from '../../components/RecordPage';
import { Facts } from '../../components/Facts';
import { LogList } from '../../components/LogList';
import { useT } from '../../i18n/i18n';
import { clockTime, dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { ActionDiff } from './components/ActionDiff';
import { DecidePanel } from './components/DecidePanel';
import { ProxmoxChecks } from '../tasks/ProxmoxChecks';
import { OutcomePanel } from './components/OutcomePanel';
import { PlanStatusBadge, RiskBadge } from './components/PlanStatusBadge';
import { PolicyChecks } from './components/PolicyChecks';
import { Revisions } from './components/Revisions';
import { SimulationPanel } from './components/SimulationPanel';
import { WhyPanel } from '../../components/WhyPanel';
import { trailPath } from '../../lib/links';

const ACTIVE = new Set(['approved', 'applying', 'dispatch_unknown', 'needs_attention']);

/** One plan with its evidence: trigger, actions, simulation, checks, revisions; and the decision. */
export function PlanDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  // Live updates refetch it (topic "plans"); the poll is the fallback while it moves.
  const q = useQuery(
    trpc.plans.byId.queryOptions(
      { id },
      { refetchInterval: (query) => (query.state.data && ACTIVE.has(query.state.data.status) ? 3000 : false) },
    ),
  );
  return (
    <RecordPage
      query={q}
      back={{ to: '/plans', label: t('nav.plans') }}
      title={(p) => p.summary}
      titleTestId="plan-title"
      head={(p) => (
        <>
          <PlanStatusBadge status={p.status} />
          <RiskBadge risk={p.risk} />
          <span className="badge tone-muted" data-testid="plan-revision">
            {t('plan.revisionN', { n: p.revision })}
          </span>
        </>
      )}
    >
      {(p) => <PlanBody p={p} />}
    </RecordPage>
  );
}

function PlanBody({ p }: { p: Plan }) {
  const t = useT();
  return (
    <>
      {p.staleReason && p.status === 'proposed' && (
        <div className="error-state" role="alert" data-testid="plan-stale">
          <p>{t('plan.stale', { reason: t.msg(p.staleReason) })}</p>
        </div>
      )}
      {p.error && (
        <div className="error-state" role="alert">
          <p>{p.error}</p>
        </div>
      )}
      <div className="grid-2">
        <PlanFacts p={p} />
        <DecidePanel key={p.id} plan={p} />
      </div>
      <ActionDiff key={`${p.id}:${p.revision}`} plan={p} />
      <ProxmoxChecks plan={p} />
      <SimulationPanel simulation={p.simulation} />
      {p.status === 'applied' && <OutcomePanel id={p.id} />}
      <div className="grid-2">
        <PolicyChecks plan={p} />
        <Approvals p={p} />
      </div>
      <Revisions key={p.revision} plan={p} />
      <div className="grid-2">
        <LogList lines={p.log} testId="plan-log" />
        <WhyPanel subject={`plan/${p.id}`} />
      </div>
    </>
  );
}

function PlanFacts({ p }: { p: Plan }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const rows: [string, React.ReactNode][] = [
    [t('plan.trigger'), t(`plan.triggerKind.${p.trigger}`)],
    [t('plan.submitted'), `${p.submittedBy} · ${dateTime(locale, p.submittedAt)}`],
    [t('plan.expires'), dateTime(locale, p.expiresAt)],
    [t('plan.approvals'), t('plan.approvalsOf', { n: p.approvals, of: p.approvalsNeeded })],
    [
      t('plan.trail'),
      p.trailId ? (
        <Link className="mono" key="trail" to={trailPath(p.trailId)} data-testid="plan-trail">
          {p.trailId}
        </Link>
      ) : (
        t('common.none')
      ),
    ],
    [
      t('plan.window'),
      p.window.allowedNow
        ? t('plan.windowOpen')
        : p.window.nextAllowedAt
          ? t('plan.windowNext', { at: dateTime(locale, p.window.nextAllowedAt) })
          : t('plan.windowNever'),
    ],
    [
      t('plan.key'),
      <span className="mono" key="key">
        {p.key}
      </span>,
    ],
    ...(p.deliveries > 1
      ? [[t('delivery.count'), t('delivery.repeats', { n: p.deliveries })] as [string, React.ReactNode]]
      : []),
  ];
  return (
    <article className="card" aria-labelledby="facts-h">
      <h2 id="facts-h">{t('plan.why')}</h2>
      {p.details && <p className="pre-line">{p.details}</p>}
      <Facts items={rows} />
      {p.finishedAt && <p className="muted small">{t('plan.finished', { at: clockTime(locale, p.finishedAt) })}</p>}
    </article>
  );
}

function Approvals({ p }: { p: Plan }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <article className="card" aria-labelledby="appr-h">
      <h2 id="appr-h">{t('plan.approvalList')}</h2>
      {p.approvalList.length === 0 && <p className="muted">{t('plan.noApprovals')}</p>}
      <ul className="log" data-testid="plan-approvals">
        {p.approvalList.map((a, i) => (
          <li key={i} className={a.discarded ? 'discarded' : ''}>
            <strong>{a.approver}</strong>{' '}
            <span className="muted">
              {t('plan.revisionN', { n: a.revision })} · {dateTime(locale, a.at)}
            </span>
            {a.comment && <div>“{a.comment}”</div>}
            {a.discarded && <div className="tone-warn small">{t('plan.discarded', { reason: a.discarded })}</div>}
          </li>
        ))}
      </ul>
    </article>
  );
}
