import type { DiscoveredHost } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { FormError } from '../../components/FormError';
import { RecordTable } from '../../components/RecordTable';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useCan } from '../../lib/session';
import { POLL_MS, queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { useNotices } from '../../stores/notices';

const TONE = { new: 'warn', accepted: 'ok', ignored: 'muted' } as const;
const fact = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/**
 * The hosts Foreman found on the network (issue 21): their facts and suggested role, and the
 * decision on each: accept it (which proposes the plan that joins it as a node), or ignore it
 * (audited; the new-host box follows).
 */
export function DiscoveredPage() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const canDecide = useCan('deploy');
  const say = useNotices((n) => n.say);
  const q = useQuery(trpc.discovered.list.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const decide = useMutation(
    trpc.discovered.decide.mutationOptions({
      onSuccess: (h) => {
        say(t(`discovered.done.${h.state}`, { host: h.hostname ?? h.mac }));
        void queryClient.invalidateQueries(trpc.discovered.pathFilter());
        void queryClient.invalidateQueries(trpc.architecture.status.pathFilter());
        void queryClient.invalidateQueries(trpc.plans.pathFilter());
      },
    }),
  );
  const waiting = q.data?.filter((h) => h.state === 'new').length ?? 0;
  const button = (h: DiscoveredHost, decision: 'accept' | 'ignore') => (
    <button
      type="button"
      className={`btn small${decision === 'accept' ? ' primary' : ''}`}
      disabled={decide.isPending}
      onClick={() => decide.mutate({ id: h.id, decision })}
    >
      {t(`discovered.${decision}`)}
    </button>
  );
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.discovered')}</h1>
        {q.data && (
          <span className={waiting ? 'tone-warn' : 'muted'} data-testid="discovered-count">
            {t('discovered.count', { n: q.data.length, waiting })}
          </span>
        )}
      </header>
      <p className="muted">{t('discovered.intro')}</p>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      <FormError error={decide.error} />
      {q.data && q.data.length === 0 && <p className="muted">{t('discovered.none')}</p>}
      {q.data && q.data.length > 0 && (
        <RecordTable
          columns={[
            { label: t('discovered.host') },
            { label: t('discovered.facts') },
            { label: t('discovered.role') },
            { label: t('discovered.state') },
            { label: t('discovered.seen') },
            { label: t('admin.actions') },
          ]}
        >
          {q.data.map((h) => (
            <tr key={h.id} data-testid={`host-${h.hostname ?? h.mac}`}>
              <td>
                <strong>{h.hostname ?? '—'}</strong>
                <div className="muted small mono">
                  {h.mac}
                  {h.ip && ` · ${h.ip}`}
                </div>
              </td>
              <td className="small">
                {Object.entries(h.facts).map(([k, v]) => (
                  <div key={k}>
                    <span className="muted">{k}:</span> {fact(v)}
                  </div>
                ))}
              </td>
              <td>{h.suggestedRole ?? '—'}</td>
              <td>
                <ToneBadge tone={TONE[h.state]} data-state={h.state}>
                  {t(`discovered.state.${h.state}`)}
                </ToneBadge>
                {h.planId && (
                  <div className="small">
                    <Link to={`/plans/${h.planId}`} data-testid="host-plan">
                      {t('discovered.plan')}
                    </Link>
                  </div>
                )}
              </td>
              <td className="small">
                {dateTime(locale, h.lastSeenAt)}
                <div className="muted">{t('discovered.firstSeen', { at: dateTime(locale, h.firstSeenAt) })}</div>
              </td>
              <td>
                {canDecide && (
                  <span className="actions">
                    {h.state !== 'accepted' && button(h, 'accept')}
                    {h.state !== 'ignored' && button(h, 'ignore')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </RecordTable>
      )}
    </section>
  );
}
