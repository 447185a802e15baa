import type { LiveState } from '../lib/useLiveUpdates';
import { useT } from '../i18n/i18n';
import { ToneBadge } from './ToneBadge';

const TONE: Record<LiveState, string> = { live: 'ok', connecting: 'warn', off: 'muted' };

/** Whether this page updates by itself right now, in words and colour. */
export function LiveIndicator({ state }: { state: LiveState }) {
  const t = useT();
  return (
    <ToneBadge
      tone={TONE[state]}
      data-testid="live-indicator"
      data-state={state}
      title={t(`live.hint.${state}`)}
      role="status"
    >
      {t(`live.${state}`)}
    </ToneBadge>
  );
}
