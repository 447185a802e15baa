import type { GuestStatus, NodeStatus } from '@ralf/shared';
import { useT } from '../i18n/i18n';

const TONE: Record<GuestStatus | NodeStatus, string> = { running: 'ok', online: 'ok', stopped: 'muted', paused: 'warn', offline: 'bad', unknown: 'warn' };

export function StatusBadge({ status }: { status: GuestStatus | NodeStatus }) {
  const t = useT();
  return (
    <span className={`badge tone-${TONE[status]}`}>
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </span>
  );
}
