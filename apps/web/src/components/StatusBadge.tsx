import type { GuestStatus, NodeStatus } from '@ralf/shared';
import { useT } from '../i18n/i18n';
import { ToneBadge } from './ToneBadge';

const TONE: Record<GuestStatus | NodeStatus, string> = {
  running: 'ok',
  online: 'ok',
  stopped: 'muted',
  paused: 'warn',
  offline: 'bad',
  unknown: 'warn',
};

export function StatusBadge({ status }: { status: GuestStatus | NodeStatus }) {
  const t = useT();
  return <ToneBadge tone={TONE[status]}>{t(`status.${status}`)}</ToneBadge>;
}
