import type { Freshness } from '@ralf/shared';
import { useT } from '../i18n/i18n';
import { age, clockTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { useLocale } from '../stores/locale';

/**
 * Says where a panel's data comes from and how old it is; turns amber or red when it is not
 * fresh. `label` names a source the kinds do not (a Proxmox cluster, a backup server).
 */
export function FreshnessTag({ f, label }: { f: Freshness; label?: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const now = useNow();
  const source = label ?? t(`source.${f.source}`);
  let text: string;
  if (f.state === 'unavailable')
    text = f.since
      ? t('fresh.unavailable', { source, time: clockTime(locale, f.since) })
      : t('fresh.unavailableNoTime', { source });
  else if (f.state === 'stale') text = t('fresh.stale', { source, time: clockTime(locale, f.since ?? f.asOf) });
  else text = f.asOf ? t('fresh.ok', { source, age: age(t, f.asOf, now) }) : t('fresh.never', { source });
  return (
    <span className={`freshness fresh-${f.state}`} data-state={f.state} title={f.message ?? undefined}>
      {text}
    </span>
  );
}
