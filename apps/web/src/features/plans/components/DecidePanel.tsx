import type { Plan } from '@ralf/shared';
import { useState } from 'react';
import { useCan } from '../../../lib/session';
import { useT } from '../../../i18n/i18n';
import { errorMessage } from '../../../lib/errors';
import { dateTime } from '../../../lib/format';
import { useLocale } from '../../../stores/locale';
import { usePlanDecision } from '../hooks/usePlanDecision';
import { ConfirmPanel } from '../../tasks/ConfirmPanel';
import { useNotices } from '../../../stores/notices';

/**
 * Approve or reject the revision on the page (a comment is required to reject), with the reasons
 * this user cannot approve it now; an admin's override and "apply now" each need a reason.
 */
export function DecidePanel({ plan }: { plan: Plan }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const canDecide = useCan('decide');
  const isAdmin = useCan('admin');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  // The revision this user has in front of them: a newer one arriving live does not replace it
  // under their click; they confirm they have read it first (issue 6, the revision race).
  const [reviewed, setReviewed] = useState(plan.revision);
  const { decide, override, applyNow, retryDelivery, markFailed } = usePlanDecision();
  // The approval that makes the plan run asks first, saying what runs and when (issue 21).
  const [confirming, setConfirming] = useState(false);
  const say = useNotices((n) => n.say);
  const lastApproval = plan.approvals + 1 >= plan.approvalsNeeded;
  const approve = () =>
    decide.mutate(
      { id: plan.id, decision: 'approve', revision: reviewed, comment },
      {
        onSuccess: () => {
          setConfirming(false);
          say(t('plan.approved'));
        },
      },
    );
  const failedBlocking = plan.policyChecks.some((c) => c.result === 'failed' && c.blocking) && !plan.policyOverride;
  const showOverride = isAdmin && plan.status === 'proposed' && failedBlocking;
  const showApplyNow = isAdmin && plan.status === 'approved';
  const showAttention = isAdmin && (plan.status === 'dispatch_unknown' || plan.status === 'needs_attention');
  // Nothing left to decide (applied, failed, rejected, …): no card at all (issue 26).
  const decidable = plan.status === 'proposed' || plan.status === 'approved';
  if (!(canDecide && decidable) && !showOverride && !showApplyNow && !showAttention) return null;
  const open = plan.status === 'proposed';
  const error = decide.error ?? override.error ?? applyNow.error ?? retryDelivery.error ?? markFailed.error;
  return (
    <article className="card decide" aria-labelledby="decide-h" data-testid="decide-panel">
      <h2 id="decide-h">{t('plan.decide', { revision: plan.revision })}</h2>
      {reviewed !== plan.revision && (
        <p className="notice warn" role="status" data-testid="new-revision">
          {t('plan.newRevision', { revision: plan.revision, reviewed })}{' '}
          <button
            type="button"
            className="btn"
            onClick={() => {
              setReviewed(plan.revision);
              decide.reset();
            }}
          >
            {t('plan.reviewedNew', { revision: plan.revision })}
          </button>
        </p>
      )}
      {canDecide && open && (
        <>
          {plan.approveBlockers.length > 0 && (
            <ul className="blockers" data-testid="approve-blockers">
              {plan.approveBlockers.map((b) => (
                <li key={b.code}>{t.msg(b)}</li>
              ))}
            </ul>
          )}
          <label className="field">
            {t('plan.comment')}
            <textarea
              className="input"
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('plan.commentHint')}
            />
          </label>
          <p className="actions">
            <button
              type="button"
              className="btn primary"
              disabled={plan.approveBlockers.length > 0 || decide.isPending || confirming}
              onClick={() => (lastApproval ? setConfirming(true) : approve())}
            >
              {t('plan.approve')}
            </button>
            <button
              type="button"
              className="btn danger"
              disabled={!comment.trim() || decide.isPending}
              title={comment.trim() ? undefined : t('plan.rejectNeedsComment')}
              onClick={() => decide.mutate({ id: plan.id, decision: 'reject', revision: reviewed, comment })}
            >
              {t('plan.reject')}
            </button>
            <span className="muted small">
              {t('plan.approvalsOf', { n: plan.approvals, of: plan.approvalsNeeded })}
            </span>
          </p>
          {confirming && (
            <ConfirmPanel
              message={t('plan.applyConfirm', {
                n: plan.actionCount,
                when:
                  plan.window.allowedNow || !plan.window.nextAllowedAt
                    ? t('plan.applyWhenNow')
                    : t('plan.applyWhenAt', { at: dateTime(locale, plan.window.nextAllowedAt) }),
              })}
              confirmLabel={t('plan.approveApply')}
              busy={decide.isPending}
              onConfirm={approve}
              onCancel={() => setConfirming(false)}
            />
          )}
        </>
      )}
      {canDecide && plan.status === 'approved' && (
        <p className="actions">
          <button
            type="button"
            className="btn danger"
            disabled={!comment.trim() || decide.isPending}
            onClick={() => decide.mutate({ id: plan.id, decision: 'reject', revision: reviewed, comment })}
          >
            {t('plan.reject')}
          </button>
          <input
            className="input"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('plan.commentHint')}
            aria-label={t('plan.comment')}
          />
        </p>
      )}
      {plan.status === 'approved' && plan.scheduledFor && (
        <p className="notice" data-testid="plan-scheduled">
          {t('plan.waitsForWindow', { at: dateTime(locale, plan.scheduledFor) })}
        </p>
      )}
      {showAttention && (
        <p className="notice warn" data-testid="plan-attention">
          {t('plan.attentionHint')}
        </p>
      )}
      {(showOverride || showApplyNow || showAttention) && (
        <div className="admin-act">
          <label className="field">
            {t('plan.adminReason')}
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {showOverride && (
            <button
              type="button"
              className="btn"
              disabled={reason.trim().length < 3 || override.isPending}
              onClick={() => override.mutate({ id: plan.id, revision: plan.revision, reason })}
            >
              {t('plan.override')}
            </button>
          )}
          {showApplyNow && (
            <button
              type="button"
              className="btn"
              disabled={reason.trim().length < 3 || applyNow.isPending}
              onClick={() => applyNow.mutate({ id: plan.id, revision: plan.revision, reason })}
            >
              {t('plan.applyNow')}
            </button>
          )}
          {showAttention && (
            <>
              <button
                type="button"
                className="btn"
                disabled={reason.trim().length < 3 || retryDelivery.isPending}
                onClick={() => retryDelivery.mutate({ id: plan.id, revision: plan.revision, reason })}
              >
                {t('plan.retryDelivery')}
              </button>
              <button
                type="button"
                className="btn danger"
                disabled={reason.trim().length < 3 || markFailed.isPending}
                onClick={() => markFailed.mutate({ id: plan.id, revision: plan.revision, reason })}
              >
                {t('plan.markFailed')}
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="decide-error">
          {errorMessage(t, error)}
        </p>
      )}
    </article>
  );
}
