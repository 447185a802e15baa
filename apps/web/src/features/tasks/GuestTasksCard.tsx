import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { clockTime } from '../../lib/format';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { TaskBadge } from './TaskBadge';
import { TaskLog } from './TaskLog';

/** The guest's tasks, whoever started them (ralf-ui, the Proxmox UI, a backup job); one opens its log. */
export function GuestTasksCard({ id }: { id: string }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const q = useQuery({ ...trpc.tasks.forGuest.queryOptions({ id }), refetchInterval: POLL_MS });
  const [open, setOpen] = useState<string | null>(null);
  const tasks = q.data?.tasks ?? [];
  return (
    <article className="card" aria-labelledby="gt-h" data-testid="guest-tasks">
      <h2 id="gt-h">{t('tasks.guestTitle')}</h2>
      {q.data?.unavailable.map((u) => (
        <p key={u.cluster} className="muted small">
          {t('tasks.unavailable', { cluster: u.cluster, why: u.reason })}
        </p>
      ))}
      {tasks.length === 0 && <p className="muted">{t('tasks.none')}</p>}
      <ul className="task-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <button type="button" className="linkish" onClick={() => setOpen(open === task.id ? null : task.id)}>
              <span className="mono">{clockTime(locale, task.startedAt)}</span> {task.type}
              {task.target && <span className="muted"> ({task.target})</span>}
            </button>{' '}
            <TaskBadge task={task} /> <span className="muted small">{task.user}</span>
            {open === task.id && <TaskLog id={task.id} />}
          </li>
        ))}
      </ul>
    </article>
  );
}
