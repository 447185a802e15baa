import type { DeploymentStatus } from '@ralf/shared';
import { ToneBadge } from '../../../components/ToneBadge';
import { useT } from '../../../i18n/i18n';

const TONE: Record<DeploymentStatus, string> = {
  checking: 'info',
  queued: 'info',
  provisioning: 'info',
  configuring: 'info',
  verifying: 'info',
  dispatch_unknown: 'warn',
  needs_attention: 'warn',
  succeeded: 'ok',
  failed: 'bad',
  cancelled: 'muted',
};

export function DeploymentStatusBadge({
  status,
  testId = 'deployment-status',
}: {
  status: DeploymentStatus;
  testId?: string;
}) {
  const t = useT();
  return (
    <ToneBadge tone={TONE[status]} data-testid={testId} data-status={status}>
      {t(`deployment.status.${status}`)}
    </ToneBadge>
  );
}
