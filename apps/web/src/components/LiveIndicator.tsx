import type { LiveState } from '../app/useLiveUpdates';
import { useT } from '../i18n/i18n';

const TONE: Record<LiveState, string> = { live: 'ok', connecting: 'warn', off: 'muted' };

/** Whether this page updates by itself right now, in words and colour. */
export function LiveIndicator({ state }: { state: LiveState }) {
  const t = useT();
  return (
    <span className={`badge tone-${TONE[state]}`} data-testid="live-indicator" data-state={state} title={t(`live.hint.${state}`)} role="status">
      <span className="dot" aria-hidden="true" />
      {t(`live.${state}`)}
    </span>
  );
}
