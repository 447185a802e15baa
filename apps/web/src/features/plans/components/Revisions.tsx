import type { Plan } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../../lib/trpc';
import { useT } from '../../../i18n/i18n';
import { dateTime } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';
import { ActionLine } from './ActionLine';

/** The revision history, and two revisions side by side: the fields that changed and the actions added or removed. */
export function Revisions({ plan }: { plan: Plan }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const [to, setTo] = useState(plan.revision);
  const [from, setFrom] = useState(Math.max(1, plan.revision - 1));
  const q = useQuery(
    trpc.plans.compare.queryOptions({ id: plan.id, from, to }, { enabled: plan.revisions.length > 1 && from !== to }),
  );
  const options = plan.revisions.map((r) => (
    <option key={r.revision} value={r.revision}>
      {t('plan.revisionN', { n: r.revision })}
    </option>
  ));
  return (
    <article className="card" aria-labelledby="rev-h">
      <h2 id="rev-h">{t('plan.revisions')}</h2>
      <ol className="log">
        {plan.revisions.map((r) => (
          <li key={r.revision}>
            <strong>{t('plan.revisionN', { n: r.revision })}</strong>{' '}
            <span className="muted">
              {dateTime(locale, r.submittedAt)} · {r.submittedBy} · {t('plan.actionCount', { n: r.actionCount })} ·{' '}
              <span className="mono">{r.hash.slice(0, 12)}</span>
            </span>
            <div>{r.summary}</div>
          </li>
        ))}
      </ol>
      {plan.revisions.length > 1 && (
        <>
          <div className="filters">
            <label>
              {t('plan.compareFrom')}
              <select className="select" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {options}
              </select>
            </label>
            <label>
              {t('plan.compareTo')}
              <select className="select" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {options}
              </select>
            </label>
          </div>
          {q.data && (
            <div className="side-by-side" data-testid="revision-compare">
              <table className="table compact">
                <thead>
                  <tr>
                    <th>
                      <span className="sr-only">{t('plan.field')}</span>
                    </th>
                    <th>{t('plan.revisionN', { n: from })}</th>
                    <th>{t('plan.revisionN', { n: to })}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.fields.map((f) => (
                    <tr key={f.field}>
                      <th scope="row">{f.field}</th>
                      <td>
                        <del>{f.from}</del>
                      </td>
                      <td>
                        <ins>{f.to}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ul className="actions-list">
                {q.data.removed.map((a, i) => (
                  <ActionLine key={`r${i}`} action={a} mark="removed" />
                ))}
                {q.data.added.map((a, i) => (
                  <ActionLine key={`a${i}`} action={a} mark="added" />
                ))}
              </ul>
              <p className="muted small">{t('plan.unchanged', { n: q.data.unchanged })}</p>
            </div>
          )}
        </>
      )}
    </article>
  );
}
