import type { GuestDetail } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCan } from '../../../lib/session';
import { queryClient, trpc } from '../../../lib/trpc';
import { useT } from '../../../i18n/i18n';
import { FormError } from '../../../components/FormError';

/**
 * "Migrate this guest to …", "resize …" from the guest page (issue 6): it becomes a plan that
 * ralf-ui simulates from the metrics now, and someone else approves like any agent's plan.
 */
export function ProposeCard({ guest }: { guest: GuestDetail['guest'] }) {
  const t = useT();
  const navigate = useNavigate();
  const canPropose = useCan('deploy');
  const nodes = useQuery({ ...trpc.fleet.summary.queryOptions(), enabled: canPropose, select: (s) => s.headroom });
  const [kind, setKind] = useState<'migrate' | 'memoryMiB' | 'cores'>('migrate');
  const [to, setTo] = useState('');
  const [size, setSize] = useState('');
  const propose = useMutation(
    trpc.plans.propose.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries(trpc.plans.pathFilter());
        void navigate(`/plans/${r.planId}`);
      },
    }),
  );
  if (!canPropose) return null;
  const targets = (nodes.data ?? []).filter((n) => n.id !== guest.nodeId && n.status === 'online');
  const submit = () => {
    if (kind === 'migrate')
      propose.mutate({
        actions: [{ type: 'migrate', guestId: guest.id, to: (to || targets[0]?.id) as `node/${string}` }],
      });
    else propose.mutate({ actions: [{ type: 'resize', guestId: guest.id, resource: kind, to: Number(size) }] });
  };
  return (
    <article className="card" aria-labelledby="propose-h" data-testid="propose-card">
      <h2 id="propose-h">{t('propose.title')}</h2>
      <p className="muted small">{t('propose.hint')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <select
          className="select"
          aria-label={t('propose.what')}
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          <option value="migrate">{t('propose.migrate')}</option>
          <option value="memoryMiB">{t('propose.memory')}</option>
          <option value="cores">{t('propose.cores')}</option>
        </select>
        {kind === 'migrate' ? (
          <select
            className="select"
            aria-label={t('propose.target')}
            value={to || targets[0]?.id || ''}
            onChange={(e) => setTo(e.target.value)}
          >
            {targets.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        ) : (
          <input
            className="input narrow"
            type="number"
            min={1}
            required
            aria-label={t('propose.newSize')}
            placeholder={String(kind === 'cores' ? guest.cores : Math.round(guest.memoryBytes / 1048576))}
            value={size}
            onChange={(e) => setSize(e.target.value)}
          />
        )}
        <button
          type="submit"
          className="btn primary"
          disabled={propose.isPending || (kind === 'migrate' && targets.length === 0)}
        >
          {t('propose.submit')}
        </button>
      </form>
      <FormError error={propose.error} />
    </article>
  );
}
