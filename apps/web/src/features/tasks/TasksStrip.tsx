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

const STRIP_DELAY_MS = 2000;

/**
 * The recent-tasks strip at the bottom of every page, like Proxmox's task panel (issue 20): what
 * ralf-ui asked and what ran in the clusters otherwise (backup jobs, the Proxmox UI), newest first.
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
  if (!q.data || (tasks.length === 0 && q.data.unavailable.length === 0)) return null;
  const running = tasks.filter((x) => x.status === 'running' || x.status === 'starting').length;
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
        {tasks.slice(0, unfolded ? 15 : 3).map((task) => (
          <li key={task.id} data-testid="strip-task">
            <button type="button" className="linkish" onClick={() => setOpen(open === task.id ? null : task.id)}>
              <span className="mono">{clockTime(locale, task.startedAt)}</span> {task.type}
            </button>{' '}
            {task.guestId ? (
              <Link to={guestPath(task.guestId)}>{task.guestName ?? task.guestId}</Link>
            ) : (
              <span className="muted">{task.node}</span>
            )}{' '}
            <TaskBadge task={task} /> <span className="muted small">{task.user}</span>
            {open === task.id && <TaskLog id={task.id} />}
          </li>
        ))}
      </ul>
    </footer>
  );
}
