import type { BulkResult } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n/i18n';
import { queryClient, trpc } from '../../lib/trpc';
import { ConfirmPanel } from './ConfirmPanel';
import { TaskLog } from './TaskLog';

type BulkAction = 'start' | 'shutdown' | 'reboot' | 'stop';

/**
 * Several selected guests at once from the fleet table (issue 20): one request per guest, each
 * with its own task and log, a refusal shown beside its guest while the others go on. A stop of
 * several asks first, naming how many.
 */
export function BulkActionsBar({
  selected,
  names,
  onClear,
}: {
  selected: string[];
  names: Map<string, string>;
  onClear: () => void;
}) {
  const t = useT();
  const [results, setResults] = useState<BulkResult>([]);
  const [confirming, setConfirming] = useState(false);
  const bulk = useMutation(
    trpc.tasks.bulk.mutationOptions({
      onSuccess: (r) => {
        setResults(r);
        setConfirming(false);
        void queryClient.invalidateQueries(trpc.tasks.pathFilter());
      },
    }),
  );
  const run = (action: BulkAction) => {
    if (bulk.isPending) return;
    bulk.mutate({
      guestIds: selected,
      action,
      idempotencyKey: crypto.randomUUID(),
      ...(action === 'stop' && { confirm: String(selected.length) }),
    });
  };
  if (selected.length === 0 && results.length === 0) return null;
  const button = (action: BulkAction, cls = 'btn') => (
    <button
      type="button"
      className={cls}
      disabled={bulk.isPending || selected.length === 0}
      onClick={() => (action === 'stop' ? setConfirming(true) : run(action))}
    >
      {t(`actions.${action}`)}
    </button>
  );
  return (
    <section className="card bulk-bar" aria-label={t('bulk.title')} data-testid="bulk-bar">
      <div className="actions">
        <strong>{t('bulk.selected', { n: selected.length })}</strong>
        {button('start', 'btn primary')}
        {button('shutdown')}
        {button('reboot')}
        {button('stop', 'btn danger')}
        <button
          type="button"
          className="btn"
          onClick={() => {
            setResults([]);
            onClear();
          }}
        >
          {t('bulk.clear')}
        </button>
      </div>
      {confirming && (
        <ConfirmPanel
          message={t('bulk.confirmStop', { n: selected.length })}
          confirmLabel={t('bulk.stopN', { n: selected.length })}
          busy={bulk.isPending}
          onConfirm={() => run('stop')}
          onCancel={() => setConfirming(false)}
        />
      )}
      <FormError error={bulk.error} />
      {results.length > 0 && (
        <ul className="task-list" data-testid="bulk-results">
          {results.map((r) => (
            <li key={r.guestId} data-testid="bulk-result">
              <strong>{r.task?.guestName ?? names.get(r.guestId) ?? r.guestId}</strong>{' '}
              {r.task ? <TaskLog id={r.task.id} /> : <span className="tone-bad">{r.error?.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
