import type { PlanStatus, Risk } from '@ralf/shared';
import { ToneBadge } from '../../../components/ToneBadge';
import { useT } from '../../../i18n/i18n';

const TONE: Record<PlanStatus, string> = {
  proposed: 'warn',
  approved: 'info',
  applying: 'info',
  dispatch_unknown: 'warn',
  needs_attention: 'bad',
  applied: 'ok',
  failed: 'bad',
  rejected: 'muted',
  expired: 'muted',
  superseded: 'muted',
};
const RISK: Record<Risk, string> = { low: 'ok', medium: 'warn', high: 'bad' };

export function PlanStatusBadge({ status, testId = 'plan-status' }: { status: PlanStatus; testId?: string }) {
  const t = useT();
  return (
    <ToneBadge tone={TONE[status]} data-testid={testId} data-status={status}>
      {t(`plan.status.${status}`)}
    </ToneBadge>
  );
}

export function RiskBadge({ risk }: { risk: Risk }) {
  const t = useT();
  return <span className={`badge tone-${RISK[risk]}`}>{t('plan.risk', { risk: t(`plan.riskLevel.${risk}`) })}</span>;
}
