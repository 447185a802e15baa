import type { BackupState } from '@ralf/shared';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';

const TONE: Record<BackupState, string> = { ok: 'ok', stale: 'bad', none: 'bad' };

/** A guest's backup state in words and tone: backed up, stale, never. */
export function BackupBadge({ state }: { state: BackupState }) {
  const t = useT();
  return (
    <ToneBadge tone={TONE[state]} data-testid="backup-state" data-state={state}>
      {t(`backups.state.${state}`)}
    </ToneBadge>
  );
}
