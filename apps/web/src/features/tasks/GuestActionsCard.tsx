import type { GuestControl, GuestDetail, Task } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../lib/session';
import { queryClient, trpc } from '../../lib/trpc';
import { ConfirmPanel } from './ConfirmPanel';
import { TaskLog } from './TaskLog';
import { useGuestAction } from './useGuestAction';

type Guest = GuestDetail['guest'];

/**
 * The guest's power and backup actions (issue 20), each a Proxmox task whose log runs below the
 * buttons. A stop asks first, naming the guest; a core service's stop becomes a plan to approve;
 * a shutdown that timed out offers the stop.
 */
export function GuestActionsCard({ guest, control }: { guest: Guest; control: GuestControl | undefined }) {
  const t = useT();
  const navigate = useNavigate();
  const canAct = useCan('deploy');
  const [taskId, setTaskId] = useState<string | null>(null);
  const [last, setLast] = useState<Task | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [storage, setStorage] = useState('');
  // Why, in the operator's words: it stands in the audit log and the action's trail.
  const [reason, setReason] = useState('');
  const action = useGuestAction((task) => {
    setTaskId(task.id);
    setLast(null);
    setConfirming(false);
    setReason('');
  });
  const propose = useMutation(
    trpc.plans.propose.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries(trpc.plans.pathFilter());
        void navigate(`/plans/${r.planId}`);
      },
    }),
  );
  const ended = (task: Task) => {
    setLast(task);
    void queryClient.invalidateQueries(trpc.fleet.guest.queryFilter({ id: guest.id }));
    void queryClient.invalidateQueries(trpc.tasks.pathFilter());
  };
  if (!control) return null;
  const vm = guest.type === 'qemu';
  const s = guest.status;
  const busy = action.pending;
  const base = { guestId: guest.id, ...(reason.trim() && { reason: reason.trim() }) };
  const target = storage || control.backupStorages[0]?.name || '';
  const shutdownTimedOut = last?.action === 'shutdown' && last.status === 'failed';
  const stopButton = control.core ? (
    <button
      type="button"
      className="btn"
      data-testid="propose-stop"
      disabled={propose.isPending}
      onClick={() => propose.mutate({ actions: [{ type: 'stop', guestId: guest.id }] })}
    >
      {t('actions.proposeStop')}
    </button>
  ) : (
    <button type="button" className="btn danger" disabled={busy} onClick={() => setConfirming(true)}>
      {t('actions.stop')}
    </button>
  );
  return (
    <article className="card" aria-labelledby="actions-h" data-testid="guest-actions">
      <div className="card-head">
        <h2 id="actions-h">{t('actions.title')}</h2>
        {control.consoleUrl && (
          <a className="btn" href={control.consoleUrl} target="_blank" rel="noreferrer noopener">
            {t('actions.console')}
          </a>
        )}
      </div>
      {!control.available && <p className="muted">{t('actions.unavailable', { why: control.reason ?? '' })}</p>}
      {control.available && !canAct && <p className="muted">{t('actions.readOnly')}</p>}
      {control.available && canAct && (
        <>
          {control.core && <p className="muted small">{t('actions.coreHint', { name: guest.name })}</p>}
          <input
            className="input reason-input"
            maxLength={500}
            aria-label={t('actions.reason')}
            placeholder={t('actions.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            {s === 'stopped' && (
              <button
                type="button"
                className="btn primary"
                disabled={busy}
                onClick={() => action.run({ ...base, action: 'start' })}
              >
                {t('actions.start')}
              </button>
            )}
            {s === 'running' && (
              <>
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => action.run({ ...base, action: 'shutdown', timeoutSeconds: 60 })}
                >
                  {t('actions.shutdown')}
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => action.run({ ...base, action: 'reboot' })}
                >
                  {t('actions.reboot')}
                </button>
                {vm && (
                  <button
                    type="button"
                    className="btn"
                    disabled={busy}
                    onClick={() => action.run({ ...base, action: 'suspend' })}
                  >
                    {t('actions.suspend')}
                  </button>
                )}
              </>
            )}
            {s === 'paused' && (
              <button
                type="button"
                className="btn primary"
                disabled={busy}
                onClick={() => action.run({ ...base, action: 'resume' })}
              >
                {t('actions.resume')}
              </button>
            )}
            {s !== 'stopped' && stopButton}
          </div>
          {confirming && (
            <ConfirmPanel
              message={t('actions.confirmStop', { name: guest.name })}
              confirmLabel={t('actions.stopNamed', { name: guest.name })}
              busy={busy}
              onConfirm={() => action.run({ ...base, action: 'stop', confirm: guest.name })}
              onCancel={() => setConfirming(false)}
            />
          )}
          {shutdownTimedOut && !control.core && !confirming && (
            <p className="banner" data-testid="shutdown-timed-out">
              {t('actions.shutdownTimedOut', { name: guest.name })}{' '}
              <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
                {t('actions.stopInstead')}
              </button>
            </p>
          )}
          {control.backupStorages.length > 0 && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                action.run({ ...base, action: 'backup', storage: target, mode: 'snapshot' });
              }}
            >
              <select
                className="select"
                aria-label={t('actions.backupTo')}
                value={target}
                onChange={(e) => setStorage(e.target.value)}
              >
                {control.backupStorages.map((b) => (
                  <option key={b.name} value={b.name}>
                    {b.name} ({b.type})
                  </option>
                ))}
              </select>
              <button type="submit" className="btn" disabled={busy}>
                {t('actions.backupNow')}
              </button>
            </form>
          )}
          <FormError error={action.error ?? propose.error} />
        </>
      )}
      {taskId && <TaskLog key={taskId} id={taskId} onEnded={ended} />}
    </article>
  );
}
