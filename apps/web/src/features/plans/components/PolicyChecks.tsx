import type { Plan } from '@ralf/shared';
import { useT } from '../../../i18n/i18n';

const TONE = { passed: 'ok', warned: 'warn', failed: 'bad' } as const;

/** A_SEC's checks (or ralf-ui's, for a hand-made plan), and an admin's override if there is one. */
export function PolicyChecks({ plan }: { plan: Plan }) {
  const t = useT();
  return (
    <article className="card" aria-labelledby="checks-h">
      <h2 id="checks-h">{t('plan.checks')}</h2>
      {plan.policyChecks.length === 0 && <p className="muted">{t('plan.noChecks')}</p>}
      <ul className="checks" data-testid="plan-checks">
        {plan.policyChecks.map((c) => (
          <li key={c.policy}>
            <span className={`badge tone-${TONE[c.result]}`}>{t(`plan.check.${c.result}`)}</span>{' '}
            <strong>{c.policy}</strong>
            {c.blocking && <span className="muted"> · {t('plan.blocking')}</span>}
            {(c.said ?? c.message) && <div className="muted small">{c.said ? t.msg(c.said) : c.message}</div>}
          </li>
        ))}
      </ul>
      {plan.policyOverride && (
        <p className="notice" data-testid="plan-override">
          {t('plan.overridden', { by: plan.policyOverride.by, reason: plan.policyOverride.reason })}
        </p>
      )}
    </article>
  );
}
