import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { guestPath } from '../../lib/links';
import { clockTime } from '../../lib/format';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { TaskBadge } from './TaskBadge';
import { TaskLog } from './TaskLog';
import { FINAL_STATUSES, type RecentWork, type Task } from '@ralf/shared';
import { DeploymentStatusBadge } from '../deployments/components/DeploymentStatusBadge';
import { PlanStatusBadge } from '../plans/components/PlanStatusBadge';

const STRIP_DELAY_MS = 2000;

/**
 * The recent-tasks strip at the bottom of every page, like Proxmox's task panel (issue 20): what
 * ralf-ui asked and what ran in the clusters otherwise (backup jobs, the Proxmox UI), and ralf-ui's
 * deployments and plan applies (issue 21), newest first.
 * Folded it shows the newest three; a task opens its log.
 */
export function TasksStrip() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [unfolded, setUnfolded] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  // Asked for after the page's own data (2 s on), so it never competes with the first paint.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setReady(true), STRIP_DELAY_MS);
    return () => clearTimeout(id);
  }, []);
  const q = useQuery({
    ...trpc.tasks.recent.queryOptions(),
    refetchInterval: POLL_MS,
    retry: false,
    enabled: ready,
  });
  const tasks = q.data?.tasks ?? [];
  const work = q.data?.work ?? [];
  if (!q.data || (tasks.length === 0 && work.length === 0 && q.data.unavailable.length === 0)) return null;
  const running =
    tasks.filter((x) => x.status === 'running' || x.status === 'starting').length +
    work.filter((w) => (w.kind === 'plan' ? w.status === 'applying' : !FINAL_STATUSES.includes(w.status))).length;
  // Proxmox's tasks and ralf-ui's deployments and plan applies, newest first.
  const rows: ({ at: string; task: Task } | { at: string; work: RecentWork })[] = [
    ...tasks.map((task) => ({ at: task.startedAt, task })),
    ...work.map((w) => ({ at: w.at, work: w })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <footer className="tasks-strip" aria-label={t('tasks.recent')} data-testid="tasks-strip">
      <div className="tasks-strip-head">
        <button type="button" className="linkish" aria-expanded={unfolded} onClick={() => setUnfolded(!unfolded)}>
          {unfolded ? '▾' : '▸'} {t('tasks.recent')}
        </button>
        {running > 0 && <span className="badge tone-info">{t('tasks.runningCount', { n: running })}</span>}
        {q.data.unavailable.map((u) => (
          <span key={u.cluster} className="muted small" title={u.reason}>
            {t('tasks.clusterAway', { cluster: u.cluster })}
          </span>
        ))}
      </div>
      <ul className="task-list">
        {rows.slice(0, unfolded ? 15 : 3).map((row) =>
          'work' in row ? (
            <WorkRow key={`${row.work.kind}:${row.work.id}`} work={row.work} />
          ) : (
            <li key={row.task.id} data-testid="strip-task">
              <button
                type="button"
                className="linkish"
                onClick={() => setOpen(open === row.task.id ? null : row.task.id)}
              >
                <span className="mono">{clockTime(locale, row.task.startedAt)}</span> {row.task.type}
              </button>{' '}
              {row.task.guestId ? (
                <Link to={guestPath(row.task.guestId)}>{row.task.guestName ?? row.task.guestId}</Link>
              ) : (
                <span className="muted">{row.task.node}</span>
              )}{' '}
              <TaskBadge task={row.task} /> <span className="muted small">{row.task.user}</span>
              {open === row.task.id && <TaskLog id={row.task.id} />}
            </li>
          ),
        )}
      </ul>
    </footer>
  );
}

/** A deployment or a plan's apply: its page, its state, who asked. */
function WorkRow({ work: w }: { work: RecentWork }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <li data-testid="strip-work" data-kind={w.kind}>
      <span className="mono">{clockTime(locale, w.at)}</span> {t(`tasks.work.${w.kind}`)}{' '}
      <Link to={w.kind === 'plan' ? `/plans/${w.id}` : `/deployments/${w.id}`}>{w.title}</Link>{' '}
      {w.kind === 'plan' ? (
        <PlanStatusBadge status={w.status} testId="strip-work-status" />
      ) : (
        <DeploymentStatusBadge status={w.status} testId="strip-work-status" />
      )}{' '}
      <span className="muted small">{w.by}</span>
    </li>
  );
}
