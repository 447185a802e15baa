import type { HealthState } from '@ralf/shared';
import { useT } from '../i18n/i18n';
import { ToneBadge } from './ToneBadge';

const TONE: Record<HealthState, string> = { healthy: 'ok', degraded: 'warn', down: 'bad', unknown: 'muted' };

/** A health state (bots, the architecture's boxes and sources) as a dot and its word. */
export function HealthBadge({ state }: { state: HealthState }) {
  const t = useT();
  return (
    <ToneBadge tone={TONE[state]} data-state={state}>
      {t(`bots.stateName.${state}`)}
    </ToneBadge>
  );
}
