import type { TrailEventKind, TrailOutcome, TrailTrigger } from '@ralf/shared';
import { ToneBadge } from '../../../components/ToneBadge';
import { useT } from '../../../i18n/i18n';

const OUTCOME_TONE: Record<TrailOutcome, string> = {
  running: 'info',
  succeeded: 'ok',
  failed: 'bad',
  cancelled: 'muted',
  rolled_back: 'warn',
};

export function OutcomeBadge({ outcome }: { outcome: TrailOutcome }) {
  const t = useT();
  return (
    <ToneBadge tone={OUTCOME_TONE[outcome]} data-testid="trail-outcome" data-outcome={outcome}>
      {t(`trail.outcome.${outcome}`)}
    </ToneBadge>
  );
}

export function TriggerBadge({ trigger }: { trigger: TrailTrigger | null }) {
  const t = useT();
  return (
    <span className="badge tone-muted">{trigger ? t(`trail.trigger.${trigger}`) : t('trail.trigger.unknown')}</span>
  );
}

export function KindBadge({ kind }: { kind: TrailEventKind }) {
  const t = useT();
  return <span className={`badge kind kind-${kind}`}>{t(`trail.kind.${kind}`)}</span>;
}
