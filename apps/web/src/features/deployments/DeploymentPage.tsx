import { FINAL_STATUSES, PHASES, type Deployment } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmPanel } from '../tasks/ConfirmPanel';
import { useNotices } from '../../stores/notices';
import { useCan } from '../../lib/session';
import { queryClient, trpc } from '../../lib/trpc';
import { RecordPage } from '../../components/RecordPage';
import { Facts } from '../../components/Facts';
import { LogList } from '../../components/LogList';
import { useT } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { clockTime, dateTime } from '../../lib/format';
import { guestPath, servicePath } from '../../lib/links';
import { useLocale } from '../../stores/locale';
import { DeploymentStatusBadge } from './components/DeploymentStatusBadge';
import { WhyPanel } from '../../components/WhyPanel';

/** One deployment: its phases with timings, the live log, the parameters, and what can be done. */
export function DeploymentPage() {
  const t = useT();
  const { id = '' } = useParams();
  // Live updates refetch it as phases move (topic "deployments"); the poll is the fallback.
  const q = useQuery(
    trpc.deployments.byId.queryOptions(
      { id },
      {
        refetchInterval: (query) =>
          query.state.data && FINAL_STATUSES.includes(query.state.data.status) ? false : 3000,
      },
    ),
  );
  return (
    <RecordPage
      query={q}
      back={{ to: '/deployments', label: t('nav.deployments') }}
      title={(d) => `${d.templateName}: ${d.name}`}
      head={(d) => (
        <>
          <DeploymentStatusBadge status={d.status} />
          <span className="spacer" />
          <Actions d={d} />
        </>
      )}
    >
      {(d) => (
        <>
          {d.error && (
            <div className="error-state" role="alert" data-testid="deployment-error">
              <p>{d.error}</p>
            </div>
          )}
          {d.status === 'succeeded' && d.guestId && <Done d={d} guestId={d.guestId} />}
          <div className="grid-2">
            <Phases d={d} />
            <Params d={d} />
          </div>
          <LogList lines={d.log} testId="deployment-log" />
          <WhyPanel subject={`deployment/${d.id}`} />
        </>
      )}
    </RecordPage>
  );
}

/**
 * A finished deployment (issue 21): where it runs, "Open <service>" (its service page, with its
 * health and address) and its guest, and what the template says about the first sign-in.
 */
function Done({ d, guestId }: { d: Deployment; guestId: string }) {
  const t = useT();
  const catalog = useQuery({ ...trpc.deployments.catalog.queryOptions(), staleTime: 60_000 });
  const template = catalog.data?.templates.find((x) => x.id === d.templateId);
  return (
    <div className="notice ok" data-testid="deployment-done">
      <p>
        {t('deployment.done', { name: d.name, node: d.nodeId?.slice(5) ?? '—' })}{' '}
        {template && (
          <Link className="btn small primary" to={servicePath(`${d.name}/${template.service.kind}`)}>
            {t('services.openName', { name: template.name })}
          </Link>
        )}{' '}
        <Link to={guestPath(guestId)}>{t('deployment.openGuest', { name: d.name })}</Link>
      </p>
      {template?.firstSignIn && (
        <p className="small" data-testid="first-sign-in">
          <strong>{t('deployment.firstSignIn')}</strong> {template.firstSignIn}
        </p>
      )}
    </div>
  );
}

function Actions({ d }: { d: Deployment }) {
  const t = useT();
  const canDeploy = useCan('deploy');
  // A cancel asks first, naming the deployment (issue 21), and says when it is done.
  const [confirming, setConfirming] = useState(false);
  const say = useNotices((n) => n.say);
  const cancel = useMutation(
    trpc.deployments.cancel.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.deployments.pathFilter()),
    }),
  );
  if (!canDeploy) return null;
  const final = FINAL_STATUSES.includes(d.status);
  return (
    <span className="actions">
      {!final && !confirming && (
        <button type="button" className="btn danger" onClick={() => setConfirming(true)} disabled={cancel.isPending}>
          {t('deployment.cancel')}
        </button>
      )}
      {!final && confirming && (
        <ConfirmPanel
          message={t('deployment.cancelConfirm', { name: d.name })}
          confirmLabel={t('deployment.cancelYes', { name: d.name })}
          busy={cancel.isPending}
          onConfirm={() =>
            cancel.mutate(
              { id: d.id },
              {
                onSuccess: () => {
                  setConfirming(false);
                  say(t('deployment.cancelled', { name: d.name }));
                },
              },
            )
          }
          onCancel={() => setConfirming(false)}
        />
      )}
      {(d.status === 'failed' || d.status === 'cancelled') && (
        <Link className="btn primary" to={`/deploy/${d.templateId}?retryOf=${d.id}`}>
          {t('deployment.retry')}
        </Link>
      )}
      {d.status === 'succeeded' && (
        <Link className="btn" to={`/deploy/${d.templateId}?from=${d.id}`}>
          {t('deployment.again')}
        </Link>
      )}
      {cancel.isError && <span className="form-error">{errorMessage(t, cancel.error)}</span>}
    </span>
  );
}

function Phases({ d }: { d: Deployment }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const at = new Map(d.phases.map((p) => [p.status, p.at]));
  const walk: string[] = [
    ...PHASES.filter((p) => p !== 'succeeded'),
    ...(FINAL_STATUSES.includes(d.status) ? [d.status] : ['succeeded']),
  ];
  for (const extra of ['dispatch_unknown', 'needs_attention'] as const)
    if (at.has(extra)) walk.splice(walk.indexOf('provisioning'), 0, extra);
  // The phase it failed in is the last one it reached before "failed".
  const failedIn = d.status === 'failed' ? walk.filter((s) => s !== 'failed' && at.has(s as never)).at(-1) : undefined;
  return (
    <div className="card">
      <h2>{t('deployment.phases')}</h2>
      <ol className="phases" data-testid="phases">
        {walk.map((s, i) => {
          const when = at.get(s as never);
          const next = walk
            .slice(i + 1)
            .map((x) => at.get(x as never))
            .find(Boolean);
          const current = s === d.status;
          const secs = when && next ? ((new Date(next).getTime() - new Date(when).getTime()) / 1000).toFixed(1) : null;
          return (
            <li
              key={s}
              className={`${when ? 'reached' : ''} ${current ? 'current' : ''} ${s === failedIn ? 'failed-in' : ''}`}
              data-phase={s}
              data-reached={Boolean(when)}
              data-failed-in={s === failedIn || undefined}
            >
              <span className="phase-name">{t(`deployment.status.${s as Deployment['status']}`)}</span>
              <span className="muted">{when ? clockTime(locale, when) : ''}</span>
              <span className="muted">{secs ? `${secs} s` : ''}</span>
            </li>
          );
        })}
      </ol>
      <p className="muted small">
        {t('deployment.createdBy', { who: d.createdBy, at: dateTime(locale, d.createdAt) })}
        {d.retryOf && (
          <>
            {' · '}
            <Link to={`/deployments/${d.retryOf}`}>{t('deployment.retryOf')}</Link>
          </>
        )}
        {d.guestId && (
          <>
            {' · '}
            <Link to={guestPath(d.guestId)} data-testid="deployment-guest">
              {d.guestId}
            </Link>
          </>
        )}
      </p>
    </div>
  );
}

function Params({ d }: { d: Deployment }) {
  const t = useT();
  // Settings by the names their template gives them (`Hardware acceleration`, not `hwAccel`).
  const catalog = useQuery(trpc.deployments.catalog.queryOptions());
  const titles = catalog.data?.templates.find((x) => x.id === d.templateId)?.settings ?? {};
  const value = (v: string | number | boolean) =>
    v === true ? t('common.yes') : v === false ? t('common.no') : String(v);
  const rows: [string, string][] = [
    [t('deploy.name'), d.params.name],
    [t('deploy.node'), d.nodeId ?? '—'],
    [t('deploy.kind'), d.params.kind === 'lxc' ? 'LXC' : 'VM'],
    [t('deploy.cores'), String(d.params.cores)],
    [t('deploy.memoryMiB'), String(d.params.memoryMiB)],
    [t('deploy.diskGiB'), String(d.params.diskGiB)],
    [t('deploy.vlan'), d.params.vlan === null ? '—' : String(d.params.vlan)],
    ...Object.entries(d.params.settings).map(([k, v]): [string, string] => [titles[k]?.title ?? k, value(v)]),
    // More than one delivery to the executor is a repeat: it must have dropped it by its key.
    ...(d.deliveries > 1
      ? [[t('delivery.count'), t('delivery.repeats', { n: d.deliveries })] as [string, string]]
      : []),
  ];
  return (
    <div className="card">
      <h2>{t('deploy.parameters')}</h2>
      <Facts items={rows} />
    </div>
  );
}
