import type { PlanAction } from '@ralf/shared';
import { Link } from 'react-router';
import { useT } from '../../../i18n/i18n';
import { guestPath } from '../../../lib/links';

const short = (nodeId: string) => nodeId.replace(/^node\//, '');

/** One action as a diff line: what changes, from (−) and to (+). */
export function ActionLine({
  action: a,
  name,
  mark,
}: {
  action: PlanAction;
  name?: string | null;
  mark?: 'added' | 'removed';
}) {
  const t = useT();
  const subject =
    a.type === 'scale' ? (
      <span className="mono">{a.serviceId}</span>
    ) : a.type === 'add-node' ? (
      <Link className="mono" to="/discovered">
        {a.mac}
      </Link>
    ) : (
      <Link className="mono" to={guestPath(a.guestId)}>
        {a.guestId}
      </Link>
    );
  return (
    <li className={`action ${mark ?? ''}`} data-testid="plan-action" data-type={a.type}>
      {mark && (
        <span className="diff-mark" aria-label={t(`plan.diff.${mark}`)}>
          {mark === 'added' ? '+' : '−'}
        </span>
      )}
      <span className="action-verb">{t(`plan.action.${a.type}`)}</span> {name && <strong>{name}</strong>} {subject}
      {a.type === 'migrate' && (
        <span className="change">
          <del>{short(a.from)}</del> → <ins>{short(a.to)}</ins>
        </span>
      )}
      {a.type === 'add-node' && (
        <span className="change">
          → <ins className="mono">{short(a.node)}</ins> <span className="muted">({a.cluster})</span>
        </span>
      )}
      {a.type === 'rollback' && (
        <span className="change">
          → <ins className="mono">{a.snapshot}</ins>
        </span>
      )}
      {(a.type === 'resize' || a.type === 'scale') && (
        <span className="change">
          {a.type === 'resize' && <span className="muted">{t(`plan.resource.${a.resource}`)} </span>}
          <del>{a.from}</del> → <ins>{a.to}</ins>
        </span>
      )}
    </li>
  );
}
