import type { ServiceState } from '@ralf/shared';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';

const TONE: Record<ServiceState, string> = { up: 'ok', down: 'bad', unknown: 'muted', none: 'muted' };

/** A service's state from its HTTP checks, as a dot and a word. */
export function ServiceBadge({ state }: { state: ServiceState }) {
  const t = useT();
  return (
    <ToneBadge tone={TONE[state]} data-state={state}>
      {t(`services.state.${state}`)}
    </ToneBadge>
  );
}

/** Whether a certificate that expires at `iso` needs attention (within 14 days, or past). */
export const certSoon = (iso: string | null, now: number) => iso !== null && Date.parse(iso) - now < 14 * 86_400_000;
