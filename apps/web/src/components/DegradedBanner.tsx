import type { FleetSources } from '@ralf/shared';
import { useT } from '../i18n/i18n';
import { clockTime } from '../lib/format';
import { useLocale } from '../stores/locale';

/**
 * Says plainly what is degraded: stale or unavailable metrics, an unreachable database or
 * Proxmox cluster (each by name, with why), or
 * the BFF itself not answering (`offlineSince`, from a failing refetch with data on screen).
 */
export function DegradedBanner({
  sources,
  offlineSince,
}: {
  sources?: FleetSources | undefined;
  offlineSince?: number | null;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const lines: string[] = [];
  if (offlineSince) lines.push(t('banner.offline', { time: clockTime(locale, new Date(offlineSince).toISOString()) }));
  const m = sources?.metrics;
  if (m && m.state !== 'ok') {
    const source = t(`source.${m.source}`);
    if (m.state === 'stale')
      lines.push(t('banner.metrics.stale', { source, time: clockTime(locale, m.since ?? m.asOf) }));
    else if (m.reason === 'prometheus.target-down' || m.reason === 'prometheus.no-pve-samples')
      lines.push(t('banner.metrics.targetDown', { message: m.message ?? '' }));
    else lines.push(t('banner.metrics.unavailable', { source, message: m.message ?? '' }));
  }
  const inv = sources?.inventory;
  if (inv && inv.state !== 'ok') lines.push(t('banner.inventory.unavailable', { time: clockTime(locale, inv.since) }));
  for (const c of sources?.clusters ?? [])
    if (c.state !== 'ok')
      lines.push(
        t('banner.cluster.unavailable', { name: c.name, time: clockTime(locale, c.since), message: c.message ?? '' }),
      );
  if (!lines.length) return null;
  return (
    <div className="banner" role="alert" data-testid="degraded-banner">
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}
