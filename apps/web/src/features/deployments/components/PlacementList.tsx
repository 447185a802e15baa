import type { Preflight } from '@ralf/shared';
import { useT } from '../../../i18n/i18n';
import { bytes, pct } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';

/** The nodes ranked by headroom after the new guest, with the reason in words. */
export function PlacementList({ pre, chosen }: { pre: Preflight; chosen: string | null }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const lowestCpu = Math.max(...pre.placement.filter((p) => p.eligible).map((p) => p.cpuFree ?? -1));
  return (
    <ol className="placement" data-testid="placement">
      {pre.placement.map((p, i) => {
        const reasons = [
          p.memFreeAfter === null
            ? t('placement.memUnknown')
            : p.memFreeAfter < 0 && p.memFreeBytes !== null
              ? // Short of it: how much the node has, never a negative percentage (issue 18).
                t('placement.memFreeNow', { free: bytes(locale, p.memFreeBytes) })
              : t('placement.memAfter', { pct: pct(locale, p.memFreeAfter) }),
          ...(p.eligible && p.cpuFree !== null && p.cpuFree === lowestCpu ? [t('placement.lowestCpu')] : []),
          t('placement.guests', { n: p.guests }),
        ];
        return (
          <li key={p.nodeId} className={`${p.nodeId === chosen ? 'chosen' : ''} ${p.eligible ? '' : 'muted'}`}>
            <strong>{p.name}</strong>
            {i === 0 && p.eligible && <span className="badge tone-ok">{t('placement.recommended')}</span>}
            {p.blocker !== 'none' && <span className="badge tone-bad">{t(`placement.blocker.${p.blocker}`)}</span>}
            <span>: {reasons.join(', ')}</span>
          </li>
        );
      })}
    </ol>
  );
}
