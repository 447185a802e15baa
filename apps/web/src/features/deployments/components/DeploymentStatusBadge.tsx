import type { DeploymentStatus } from '@ralf/shared';
import { useT } from '../../../i18n/i18n';

const TONE: Record<DeploymentStatus, string> = {
  checking: 'info', queued: 'info', provisioning: 'info', configuring: 'info', verifying: 'info',
  dispatch_unknown: 'warn', needs_attention: 'warn', succeeded: 'ok', failed: 'bad', cancelled: 'muted',
};

export function DeploymentStatusBadge({ status }: { status: DeploymentStatus }) {
  const t = useT();
  return (
    <span className={`badge tone-${TONE[status]}`} data-testid="deployment-status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {t(`deployment.status.${status}`)}
    </span>
  );
}
