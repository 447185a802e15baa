import type { Plan } from '@ralf/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../../lib/trpc';
import { ErrorState } from '../../../components/ErrorState';
import { useT } from '../../../i18n/i18n';
import { ActionLine } from './ActionLine';

const PAGE = 100;

/** The plan's actions grouped by node (a migration counts at its source), a page at a time. */
export function ActionDiff({ plan }: { plan: Plan }) {
  const t = useT();
  const [nodeId, setNode] = useState(plan.actionsByNode[0]?.nodeId ?? '');
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    ...trpc.plans.actions.queryOptions({ id: plan.id, revision: plan.revision, nodeId, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  });
  const total = q.data?.total ?? 0;
  return (
    <article className="card" aria-labelledby="actions-h">
      <header className="card-head">
        <h2 id="actions-h">{t('plan.actions', { n: plan.actionCount })}</h2>
        <div className="segmented" role="group" aria-label={t('plan.byNode')}>
          {plan.actionsByNode.map((g) => (
            <button
              key={g.nodeId}
              type="button"
              aria-pressed={g.nodeId === nodeId}
              className={g.nodeId === nodeId ? 'on' : ''}
              onClick={() => {
                setNode(g.nodeId);
                setOffset(0);
              }}
            >
              {g.nodeId.replace(/^node\//, '')} <span className="count">{g.count}</span>
            </button>
          ))}
        </div>
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      <ul className="actions-list" data-testid="plan-actions">
        {q.data?.items.map((i) => (
          <ActionLine key={i.index} action={i.action} name={i.name} />
        ))}
      </ul>
      {total > PAGE && (
        <p className="pager">
          <button
            type="button"
            className="btn"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            ←
          </button>
          <span className="muted">
            {t('plan.pageOf', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}
          </span>
          <button
            type="button"
            className="btn"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            →
          </button>
        </p>
      )}
    </article>
  );
}
