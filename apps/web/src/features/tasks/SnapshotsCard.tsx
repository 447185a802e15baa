import type { GuestControl, GuestDetail, Snapshot } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useCan } from '../../lib/session';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { ConfirmPanel } from './ConfirmPanel';
import { TaskLog } from './TaskLog';
import { useGuestAction } from './useGuestAction';

/** Snapshots in their tree's order: each under the one it was taken from, depth for the indent. */
export function snapshotTree(list: readonly Snapshot[]): { s: Snapshot; depth: number }[] {
  const names = new Set(list.map((s) => s.name));
  const children = new Map<string | null, Snapshot[]>();
  for (const s of list) {
    const parent = s.parent && names.has(s.parent) ? s.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const out: { s: Snapshot; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const s of children.get(parent) ?? []) {
      out.push({ s, depth });
      walk(s.name, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * The guest's snapshots (issue 20): the tree with "you are here", a new one (with RAM for a running
 * VM), and per snapshot roll back or delete, each asking first and naming the guest.
 */
export function SnapshotsCard({ guest, control }: { guest: GuestDetail['guest']; control: GuestControl | undefined }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const canAct = useCan('deploy');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [withRam, setWithRam] = useState(false);
  const [asking, setAsking] = useState<{ action: 'rollback' | 'delete-snapshot'; name: string } | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const navigate = useNavigate();
  const propose = useMutation(
    trpc.plans.propose.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries(trpc.plans.pathFilter());
        void navigate(`/plans/${r.planId}`);
      },
    }),
  );
  const action = useGuestAction((task) => {
    setTaskId(task.id);
    setAsking(null);
    setName('');
    setDescription('');
  });
  if (!control?.available) return null;
  const tree = snapshotTree(control.snapshots);
  const ended = () => {
    void queryClient.invalidateQueries(trpc.tasks.control.queryFilter({ id: guest.id }));
    void queryClient.invalidateQueries(trpc.fleet.guest.queryFilter({ id: guest.id }));
  };
  return (
    <article className="card" aria-labelledby="snap-h" data-testid="snapshots">
      <h2 id="snap-h">{t('snapshots.title')}</h2>
      {control.core && canAct && <p className="muted small">{t('snapshots.coreHint', { name: guest.name })}</p>}
      {control.snapshotsUnavailable && <p className="muted">{control.snapshotsUnavailable}</p>}
      {tree.length === 0 && !control.snapshotsUnavailable && <p className="muted">{t('snapshots.none')}</p>}
      <ul className="snapshot-tree">
        {tree.map(({ s, depth }) => (
          <li key={s.name} style={{ paddingLeft: `${depth * 1.2}rem` }} data-testid="snapshot">
            <span className="snapshot-name">{s.name}</span>
            {s.withRam && <span className="tag">{t('snapshots.ram')}</span>}
            {control.currentParent === s.name && <span className="badge tone-info">{t('snapshots.here')}</span>}
            <span className="muted small">
              {dateTime(locale, s.takenAt)}
              {s.description && ` · ${s.description}`}
            </span>
            {canAct && (
              <span className="actions">
                {/* A core service rolls back only through a plan with approval. */}
                {control.core ? (
                  <button
                    type="button"
                    className="btn small"
                    data-testid="propose-rollback"
                    disabled={propose.isPending}
                    onClick={() =>
                      propose.mutate({ actions: [{ type: 'rollback', guestId: guest.id, snapshot: s.name }] })
                    }
                  >
                    {t('snapshots.proposeRollback')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setAsking({ action: 'rollback', name: s.name })}
                  >
                    {t('snapshots.rollback')}
                  </button>
                )}
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => setAsking({ action: 'delete-snapshot', name: s.name })}
                >
                  {t('snapshots.delete')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {asking && (
        <ConfirmPanel
          message={t(asking.action === 'rollback' ? 'snapshots.confirmRollback' : 'snapshots.confirmDelete', {
            name: guest.name,
            snapshot: asking.name,
          })}
          confirmLabel={t(asking.action === 'rollback' ? 'snapshots.rollbackNamed' : 'snapshots.deleteNamed', {
            name: guest.name,
          })}
          busy={action.pending}
          onConfirm={() =>
            action.run({ guestId: guest.id, action: asking.action, name: asking.name, confirm: guest.name })
          }
          onCancel={() => setAsking(null)}
        />
      )}
      {canAct && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            action.run({ guestId: guest.id, action: 'snapshot', name, description, withRam });
          }}
        >
          <input
            className="input snapshot-input"
            required
            pattern="[A-Za-z][A-Za-z0-9_\-]{1,39}"
            aria-label={t('snapshots.name')}
            placeholder={t('snapshots.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <input
            className="input"
            aria-label={t('snapshots.description')}
            placeholder={t('snapshots.description')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {guest.type === 'qemu' && guest.status === 'running' && (
            <label className="check">
              <input type="checkbox" checked={withRam} onChange={(e) => setWithRam(e.target.checked)} />
              {t('snapshots.withRam')}
            </label>
          )}
          <button type="submit" className="btn" disabled={action.pending}>
            {t('snapshots.take')}
          </button>
        </form>
      )}
      <FormError error={action.error ?? propose.error} />
      {taskId && <TaskLog key={taskId} id={taskId} onEnded={ended} />}
    </article>
  );
}
