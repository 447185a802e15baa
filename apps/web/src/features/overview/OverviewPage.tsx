import type { FleetSummary } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useCan } from '../../lib/session';
import { POLL_MS, trpc } from '../../lib/trpc';
import { DegradedBanner } from '../../components/DegradedBanner';
import { ErrorState } from '../../components/ErrorState';
import { FreshnessTag } from '../../components/FreshnessTag';
import { StatusBadge } from '../../components/StatusBadge';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { clockTime, pct } from '../../lib/format';
import { useOfflineSince } from '../../lib/useOfflineSince';
import { useLocale } from '../../stores/locale';
import { AlertsCard } from './AlertsCard';
import { FailingChannels } from './FailingChannels';

export function OverviewPage() {
  const t = useT();
  const q = useQuery(trpc.fleet.summary.queryOptions(undefined, { refetchInterval: POLL_MS }));
  // Asked for in the same tick as the fleet summary, so they ride in the first request (index.html preloads it).
  const loops = useQuery({ ...trpc.loops.summary.queryOptions(undefined, { refetchInterval: POLL_MS }), retry: false });
  const findings = useQuery({
    ...trpc.findings.summary.queryOptions(undefined, { refetchInterval: POLL_MS }),
    retry: false,
  });
  const bots = useQuery({ ...trpc.bots.summary.queryOptions(undefined, { refetchInterval: POLL_MS }), retry: false });
  const backups = useQuery({
    ...trpc.backups.summary.queryOptions(undefined, { refetchInterval: POLL_MS }),
    retry: false,
  });
  const failing = useQuery({
    ...trpc.notifications.failing.queryOptions(undefined, { refetchInterval: 60_000 }),
    retry: false,
  });
  const admin = useCan('admin');
  const offlineSince = useOfflineSince(q);
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('overview.title')}</h1>
      </header>
      {q.data && <DegradedBanner sources={q.data.sources} offlineSince={offlineSince} />}
      <FailingChannels failing={failing.data} admin={admin} />
      {q.isPending && <p className="muted">{t('common.loading')}</p>}
      {q.isError && !q.data && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && <Summary s={q.data} />}
      {q.data && (
        <div className="tiles">
          <article className="card tile" aria-labelledby="tile-loops" data-testid="tile-loops">
            <h2 id="tile-loops">{t('nav.loops')}</h2>
            <p className={`big ${loops.data?.missed ? 'tone-bad' : loops.data?.overdue ? 'tone-warn' : ''}`}>
              <Link to="/loops">
                {loops.data ? t('overview.loopsOk', { ok: loops.data.ok, total: loops.data.total }) : '—'}
              </Link>
            </p>
            <p className="muted">
              {loops.data
                ? t('overview.loopsDetail', {
                    never: loops.data.never,
                    overdue: loops.data.overdue + loops.data.missed,
                    running: loops.data.running,
                    paused: loops.data.paused,
                  })
                : '\u00a0'}
            </p>
          </article>
          <article className="card tile" aria-labelledby="tile-findings" data-testid="tile-findings">
            <h2 id="tile-findings">{t('nav.findings')}</h2>
            <p
              className={`big ${findings.data?.bySeverity.critical || findings.data?.bySeverity.high ? 'tone-bad' : ''}`}
            >
              <Link to="/findings">{findings.data ? t('overview.findingsOpen', { n: findings.data.open }) : '—'}</Link>
            </p>
            <p className="muted">
              {findings.data
                ? t('overview.findingsDetail', {
                    critical: findings.data.bySeverity.critical,
                    high: findings.data.bySeverity.high,
                    medium: findings.data.bySeverity.medium,
                  })
                : '\u00a0'}
            </p>
          </article>
          {backups.data?.read && (
            <article className="card tile" aria-labelledby="tile-backups" data-testid="tile-backups">
              <h2 id="tile-backups">{t('nav.backups')}</h2>
              <p className={`big ${backups.data.counts.stale || backups.data.counts.none ? 'tone-bad' : ''}`}>
                <Link to="/backups">
                  {t('overview.backupsOk', { ok: backups.data.counts.ok, total: backups.data.total })}
                </Link>
              </p>
              <p className="muted">
                {t('overview.backupsDetail', {
                  stale: backups.data.counts.stale,
                  none: backups.data.counts.none,
                  noJob: backups.data.counts.noJob,
                })}
              </p>
            </article>
          )}
          <article className="card tile" aria-labelledby="tile-bots" data-testid="tile-bots">
            <h2 id="tile-bots">{t('nav.bots')}</h2>
            <p className={`big ${bots.data && bots.data.healthy < bots.data.total ? 'tone-warn' : ''}`}>
              <Link to="/bots">
                {bots.data ? t('overview.botsHealthy', { ok: bots.data.healthy, total: bots.data.total }) : '—'}
              </Link>
            </p>
            <p className="muted">
              {bots.data
                ? t('overview.botsDetail', {
                    degraded: bots.data.degraded,
                    down: bots.data.down,
                    unknown: bots.data.unknown,
                  })
                : '\u00a0'}
            </p>
          </article>
        </div>
      )}
    </section>
  );
}

function Summary({ s }: { s: FleetSummary }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const multi = new Set(s.headroom.map((n) => n.cluster)).size > 1;
  // An unreachable source is not "no alerts": say that they cannot be read.
  const alertsKnown = s.alertsState.state !== 'unavailable' || s.alertsTotal > 0;
  return (
    <>
      <div className="tiles">
        <article className="card tile" aria-labelledby="tile-nodes">
          <h2 id="tile-nodes">{t('overview.nodes')}</h2>
          {/* Every count opens what it counts (issue 21): the nodes are listed below, the guests in the fleet. */}
          <p className="big" data-testid="nodes-up">
            <a href="#headroom">{t('overview.nodesUp', { up: s.nodes.online, total: s.nodes.total })}</a>
          </p>
          <p className={s.nodes.offline ? 'tone-bad' : 'muted'}>
            <a href="#headroom">{t('overview.nodesDown', { n: s.nodes.offline })}</a>
          </p>
          <FreshnessTag f={s.sources.inventory} />
        </article>
        <article className="card tile" aria-labelledby="tile-guests">
          <h2 id="tile-guests">{t('overview.guests')}</h2>
          <p className="big" data-testid="guests-running">
            <Link to="/fleet?status=running">{t('overview.guestsRunning', { n: s.guests.running })}</Link>
          </p>
          <p className="muted" data-testid="guests-stopped">
            <Link to="/fleet?status=stopped">{t('overview.guestsStopped', { n: s.guests.stopped })}</Link>
          </p>
          <FreshnessTag f={s.sources.inventory} />
        </article>
        <article className="card tile" aria-labelledby="tile-alerts">
          <h2 id="tile-alerts">{t('overview.alerts')}</h2>
          <p className={`big ${s.alerts.length ? 'tone-warn' : ''}`} data-testid="alerts-count">
            {alertsKnown ? <a href="#alerts">{s.alertsTotal}</a> : '—'}
          </p>
          <p className="muted">&nbsp;</p>
          <FreshnessTag f={s.alertsState} />
        </article>
        <article className="card tile" aria-labelledby="tile-sample">
          <h2 id="tile-sample">{t('overview.lastSample')}</h2>
          <p className="big" data-testid="last-sample">
            {clockTime(locale, s.lastSampleAt)}
          </p>
          <p className="muted">&nbsp;</p>
          <FreshnessTag f={s.sources.metrics} />
        </article>
        <PlansTile />
      </div>
      <div className="grid-2">
        <article className="card" aria-labelledby="headroom">
          <header className="card-head">
            <h2 id="headroom">{t('overview.headroom')}</h2>
            <FreshnessTag f={s.sources.metrics} />
          </header>
          <ul className="headroom">
            {s.headroom.map((n, i) => (
              <li key={n.id}>
                {/* Several clusters: each starts with its name. */}
                {multi && n.cluster !== s.headroom[i - 1]?.cluster && (
                  <h3 className="headroom-cluster" data-testid="headroom-cluster">
                    <Link to={`/fleet?cluster=${encodeURIComponent(n.cluster)}`}>{n.cluster}</Link>
                  </h3>
                )}
                <div className="headroom-title">
                  <Link to={`/fleet/node/${n.name}`}>{n.name}</Link>
                  <StatusBadge status={n.status} />
                  <span className="muted">
                    {t('overview.guestCount', { n: n.guests })} · {t('overview.cores', { n: n.cpuCores })}
                  </span>
                </div>
                <div className="headroom-bars">
                  {/* One number per row: the bar's use; what is free is its tooltip (issue 26: "78% free" beside "22%" read as a contradiction). */}
                  <span>{n.cpu == null ? t('overview.noData') : t('overview.cpuUsed')}</span>
                  <UsageBar
                    value={n.cpu}
                    label={n.cpu == null ? undefined : t('overview.cpuFree', { pct: pct(locale, 1 - n.cpu) })}
                  />
                  <span>{n.mem == null ? t('overview.noData') : t('overview.memUsed')}</span>
                  <UsageBar
                    value={n.mem}
                    label={n.mem == null ? undefined : t('overview.memFree', { pct: pct(locale, 1 - n.mem) })}
                  />
                </div>
              </li>
            ))}
          </ul>
        </article>
        <AlertsCard s={s} />
      </div>
    </>
  );
}

/** Plans waiting for a decision (issue 6): the operator sees them here without opening the plans page. */
function PlansTile() {
  const t = useT();
  // The same query as the navigation badge: it came with the page's first request.
  const q = useQuery({ ...trpc.plans.summary.queryOptions(), retry: false });
  return (
    <article className="card tile" aria-labelledby="tile-plans">
      <h2 id="tile-plans">{t('overview.plans')}</h2>
      <p className={`big ${q.data?.pending ? 'tone-warn' : ''}`} data-testid="plans-pending-tile">
        <Link to="/plans?status=proposed">{q.data ? t('overview.plansPending', { n: q.data.pending }) : '—'}</Link>
      </p>
      <p className="muted">
        {q.data ? t('overview.plansMoving', { approved: q.data.approved, applying: q.data.applying }) : '\u00a0'}
      </p>
    </article>
  );
}
