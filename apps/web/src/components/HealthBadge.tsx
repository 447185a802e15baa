import type { HealthState } from '@ralf/shared';
import { useT } from '../i18n/i18n';

export const HEALTH_TONE: Record<HealthState, string> = { healthy: 'ok', degraded: 'warn', down: 'bad', unknown: 'muted' };

/** A health state as a coloured dot and its word (bots, the architecture): never colour alone. */
export function HealthBadge({ state }: { state: HealthState }) {
  const t = useT();
  return (
    <span className={`badge tone-${HEALTH_TONE[state]}`} data-state={state}>
      <span className="dot" aria-hidden="true" />
      {t(`bots.stateName.${state}`)}
    </span>
  );
}
