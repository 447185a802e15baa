import { isFinalTask, type Task } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n';
import { trpc } from '../../lib/trpc';
import { TaskBadge } from './TaskBadge';

/** How often a running task's log is read: new lines show within 1.5 s of Proxmox having them. */
export const TASK_POLL_MS = 1000;

/**
 * A task's status and its log as Proxmox writes it, read every second while it runs (issue 20).
 * `onEnded` hears the final task once (the page then reads the guest again).
 */
export function TaskLog({ id, onEnded }: { id: string; onEnded?: (t: Task) => void }) {
  const t = useT();
  const q = useQuery({
    ...trpc.tasks.log.queryOptions({ id, start: 0 }),
    refetchInterval: (query) => {
      const task = query.state.data?.task;
      if (task && isFinalTask(task.status)) return false;
      return TASK_POLL_MS;
    },
  });
  const task = q.data?.task;
  const ended = task && isFinalTask(task.status);
  const told = useRef(false);
  useEffect(() => {
    if (!ended || told.current) return;
    told.current = true;
    onEnded?.(task);
  }, [ended, task, onEnded]);
  return (
    <section className="task-log" aria-live="polite" data-testid="task-log" data-status={task?.status ?? 'loading'}>
      <div className="task-log-head">
        {task ? <TaskBadge task={task} /> : <span className="muted">{t('common.loading')}</span>}
        {task && (
          <strong>
            {task.type} · {task.guestName ?? task.guestId ?? task.node}
          </strong>
        )}
        {task?.exitStatus && task.status !== 'ok' && <span className="tone-bad">{task.exitStatus}</span>}
      </div>
      {q.data?.unavailable && <p className="muted small">{t('tasks.logUnavailable', { why: q.data.unavailable })}</p>}
      <pre className="task-lines" data-testid="task-lines">
        {(q.data?.lines ?? []).map((l) => l.t).join('\n') || (task && !ended ? t('tasks.waiting') : '')}
      </pre>
    </section>
  );
}
