import { isPhase, type Loop, type LoopHealth, phaseLabel, phaseText } from '@ralf/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useCan } from '../../lib/session';
import { queryClient, trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { ToneBadge } from '../../components/ToneBadge';
import { useT } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { clockTime, dateTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';

const RunStrip = lazy(() => import('./components/RunStrip'));
const TONE: Record<LoopHealth, string> = { ok: 'ok', never: 'muted', overdue: 'warn', missed: 'bad', paused: 'info' };

/** The profile's loops: triggers in words, last and current run, next run, history, and control. */
export function LoopsPage() {
  const t = useT();
  const q = useQuery(trpc.loops.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.loops')}</h1>
      </header>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="muted">{t('loops.none')}</p>}
      <div className="loops">
        {q.data?.map((l) => (
          <LoopCard key={l.id} l={l} />
        ))}
      </div>
    </section>
  );
}

function LoopCard({ l }: { l: Loop }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const now = useNow(10_000);
  const minutes = l.nextRunAt ? Math.max(0, Math.round((Date.parse(l.nextRunAt) - now) / 60_000)) : null;
  // Overdue says when the run was due, not when the next slot comes: one card, one story (issue 26).
  const late =
    (l.health === 'overdue' || l.health === 'missed') && l.lastRun
      ? new Date(Date.parse(l.lastRun.startedAt) + l.periodSeconds * 1000).toISOString()
      : null;
  const lastSecs = l.lastRun?.finishedAt
    ? Math.round((Date.parse(l.lastRun.finishedAt) - Date.parse(l.lastRun.startedAt)) / 1000)
    : null;
  return (
    <article
      className={`card loop health-${l.health}`}
      aria-labelledby={`loop-${l.id}`}
      data-testid={`loop-${l.id}`}
      data-health={l.health}
    >
      <header className="card-head">
        <h2 id={`loop-${l.id}`}>{l.name}</h2>
        <span className="badge tone-muted">{l.runtime}</span>
        <span className="spacer" />
        <ToneBadge tone={TONE[l.health]} data-testid="loop-health">
          {t(`loops.health.${l.health}`)}
        </ToneBadge>
      </header>
      <p className="muted small">
        {l.health !== 'ok' && (
          <span className={`tone-${TONE[l.health]}`} data-testid="loop-reason">
            {t.msg(l.healthReason)} ·{' '}
          </span>
        )}
        <span className="mono">{l.template}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('loops.triggers')}</dt>
          <dd>{l.triggerText.map((x) => t.msg(x)).join('; ')}</dd>
        </div>
        <div>
          <dt>{t('loops.next')}</dt>
          <dd data-testid="loop-next">
            {late
              ? t('loops.dueSince', { at: clockTime(locale, late) })
              : l.nextRunAt
                ? `${clockTime(locale, l.nextRunAt)} (${t('loops.inMinutes', { n: minutes ?? 0 })})`
                : t('loops.noNext')}
          </dd>
        </div>
        <div>
          <dt>{t('loops.last')}</dt>
          <dd>
            {l.lastRun ? (
              <>
                <span className={l.lastRun.status === 'failed' ? 'tone-bad' : 'tone-ok'}>
                  {t(`loops.status.${l.lastRun.status}`)}
                </span>{' '}
                · {dateTime(locale, l.lastRun.startedAt)}
                {lastSecs !== null && ` · ${lastSecs} s`}
                {l.lastRun.failedPhase && (
                  <> · {t('loops.failedIn', { phase: phaseLabel(l.phases, l.lastRun.failedPhase, t.locale) })}</>
                )}
              </>
            ) : (
              t('loops.noRun')
            )}
          </dd>
        </div>
        {l.paused && (
          <div>
            <dt>{t('loops.pausedBy')}</dt>
            <dd>
              {l.paused.by}: {l.paused.reason}
            </dd>
          </div>
        )}
      </dl>
      <ol className="loop-phases" aria-label={t('loops.phases')}>
        {l.phases.map((p) => {
          const current = l.current?.phase ? isPhase(p, l.current.phase) : false;
          return (
            <li key={phaseText(p, 'de')} className={current ? 'current' : ''} data-current={current}>
              {phaseText(p, t.locale)}
            </li>
          );
        })}
      </ol>
      {l.current?.startedWhilePaused && <p className="small tone-warn">{t('loops.startedWhilePaused')}</p>}
      <p className="muted small">
        {t('loops.inputs')}: {l.inputs.join(', ') || '—'} · {t('loops.outputs')}: {l.outputs.join(', ') || '—'}
      </p>
      {l.runs.length > 0 && (
        <Suspense fallback={<p className="muted">{t('chart.loading')}</p>}>
          <RunStrip runs={l.runs} />
        </Suspense>
      )}
      <Controls l={l} />
    </article>
  );
}

function Controls({ l }: { l: Loop }) {
  const t = useT();
  const can = useCan('deploy');
  const [reason, setReason] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.loops.pathFilter());
    setReason('');
  };
  const runNow = useMutation(trpc.loops.runNow.mutationOptions({ onSuccess: refresh }));
  const pause = useMutation(trpc.loops.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.loops.resume.mutationOptions({ onSuccess: refresh }));
  if (!can) return null;
  const error = runNow.error ?? pause.error ?? resume.error;
  return (
    <div className="inline-form">
      <button
        type="button"
        className="btn"
        disabled={Boolean(l.paused) || runNow.isPending}
        onClick={() => runNow.mutate({ id: l.id })}
      >
        {t('loops.runNow')}
      </button>
      <input
        className="input"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('loops.reason')}
        aria-label={t('loops.reason')}
      />
      {l.paused ? (
        <button
          type="button"
          className="btn"
          disabled={reason.trim().length < 3}
          onClick={() => resume.mutate({ id: l.id, reason })}
        >
          {t('loops.resume')}
        </button>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={reason.trim().length < 3}
          onClick={() => pause.mutate({ id: l.id, reason })}
        >
          {t('loops.pause')}
        </button>
      )}
      {error && <span className="form-error">{errorMessage(t, error)}</span>}
    </div>
  );
}
