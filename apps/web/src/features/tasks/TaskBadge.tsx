import type { Task } from '@ralf/shared';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';

const TONE: Record<Task['status'], string> = {
  starting: 'info',
  running: 'info',
  ok: 'ok',
  failed: 'bad',
  unknown: 'warn',
};

/** A task's state in its tone and word: unknown is amber (ralf-ui lost sight of it), never red. */
export function TaskBadge({ task }: { task: Task }) {
  const t = useT();
  return (
    <ToneBadge
      tone={TONE[task.status]}
      data-testid="task-status"
      data-status={task.status}
      title={task.exitStatus ?? ''}
    >
      {t(`tasks.status.${task.status}`)}
    </ToneBadge>
  );
}
