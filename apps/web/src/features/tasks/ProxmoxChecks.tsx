import type { Plan } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';
import { trpc } from '../../lib/trpc';

/**
 * Proxmox's own check of each migration in a plan, before anyone approves it (issue 20): what
 * binds a VM to its node, how each guest will move (live, by restart, stopped), and whether the
 * plan goes through Proxmox at all.
 */
export function ProxmoxChecks({ plan }: { plan: Plan }) {
  const t = useT();
  const q = useQuery({ ...trpc.tasks.planChecks.queryOptions({ id: plan.id }), retry: false });
  const checks = q.data?.checks ?? [];
  if (!q.data || (checks.length === 0 && !q.data.viaProxmox)) return null;
  return (
    <article className="card" aria-labelledby="pc-h" data-testid="proxmox-checks">
      <h2 id="pc-h">{t('planChecks.title')}</h2>
      <p className="muted small">{q.data.viaProxmox ? t('planChecks.viaProxmox') : t('planChecks.viaExecutor')}</p>
      <ul className="task-list">
        {checks.map((c) => (
          <li key={`${c.guestId}:${c.to}`} data-testid="proxmox-check" data-ok={String(c.ok)}>
            <strong>{c.guestName ?? c.guestId}</strong> → {c.to}{' '}
            <ToneBadge tone={c.ok === false ? 'bad' : c.ok ? 'ok' : 'muted'}>
              {c.ok === false ? t('planChecks.refused') : c.ok ? t('planChecks.ok') : t('planChecks.unchecked')}
            </ToneBadge>{' '}
            <span className="muted small">{t(`planChecks.mode.${c.mode}`)}</span>
            {c.reasons.length > 0 && (
              <ul className="small">
                {c.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}
