import type { BackupsOverview } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { FreshnessTag } from '../../components/FreshnessTag';
import { RecordTable } from '../../components/RecordTable';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { age, bytes, dateTime } from '../../lib/format';
import { guestPath } from '../../lib/links';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { BackupBadge } from './BackupBadge';

/**
 * Backups (issue 19): where they lie and how full that is, the jobs that make them, and every
 * guest by the age of its newest backup, the stale and never-backed-up first.
 */
export function BackupsPage() {
  const t = useT();
  const q = useQuery(trpc.backups.overview.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const [problemsOnly, setProblemsOnly] = useState(false);
  const o = q.data;
  return (
    <section className="page">
      <header className="page-head">
        <h1>{t('nav.backups')}</h1>
        {o && (
          <span className="muted" data-testid="backup-counts">
            {t('backups.counts', {
              ok: o.counts.ok,
              stale: o.counts.stale,
              none: o.counts.none,
              noJob: o.counts.noJob,
            })}
          </span>
        )}
        <span className="spacer" />
        {o?.sources.map((s) => (
          <FreshnessTag key={s.name} f={s.freshness} label={s.name} />
        ))}
      </header>
      {q.isError && !o && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending && <p className="muted">{t('common.loading')}</p>}
      {o && o.sources.length === 0 && <p className="callout">{t('backups.noSource')}</p>}
      {o && o.sources.length > 0 && (
        <>
          <div className="grid-2">
            <Datastores o={o} />
            <Jobs o={o} />
          </div>
          <label className="check">
            <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
            {t('backups.problemsOnly')}
          </label>
          <Guests o={o} problemsOnly={problemsOnly} />
        </>
      )}
    </section>
  );
}

function Datastores({ o }: { o: BackupsOverview }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <RecordTable
      caption={<caption className="table-caption">{t('backups.datastores')}</caption>}
      columns={[
        { label: t('backups.col.datastore') },
        { label: t('backups.col.use') },
        { label: t('backups.col.count'), num: true },
      ]}
    >
      {o.datastores.map((d) => (
        <tr key={`${d.name}@${d.node ?? ''}`} data-testid="datastore">
          <td>
            {d.name}
            <span className="muted">
              {' '}
              · {d.node ?? t('backups.shared')} · {d.source.toUpperCase()}
            </span>
          </td>
          <td>
            <UsageBar value={d.totalBytes ? (d.usedBytes ?? 0) / d.totalBytes : null} />{' '}
            <span className="muted">
              {t('backups.usedOf', { used: bytes(locale, d.usedBytes), total: bytes(locale, d.totalBytes) })}
            </span>
          </td>
          <td className="num">{d.backups}</td>
        </tr>
      ))}
    </RecordTable>
  );
}

function Jobs({ o }: { o: BackupsOverview }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <RecordTable
      caption={<caption className="table-caption">{t('backups.jobs')}</caption>}
      columns={[
        { label: t('backups.col.job') },
        { label: t('backups.col.covers') },
        { label: t('backups.col.nextRun') },
      ]}
    >
      {o.jobs.length === 0 && (
        <tr>
          <td colSpan={3} className="muted">
            {t('backups.noJobs')}
          </td>
        </tr>
      )}
      {o.jobs.map((j) => (
        <tr key={`${j.cluster}/${j.id}`}>
          <td>
            {j.id}
            <span className="muted">
              {' '}
              · {j.schedule} → {j.storage ?? '—'}
              {!j.enabled && ` · ${t('backups.disabled')}`}
            </span>
          </td>
          <td>
            {j.all
              ? j.exclude.length
                ? t('backups.coversAllBut', { vmids: j.exclude.join(', ') })
                : t('backups.coversAll')
              : j.vmids.join(', ')}
          </td>
          <td>{j.nextRunAt ? dateTime(locale, j.nextRunAt) : '—'}</td>
        </tr>
      ))}
    </RecordTable>
  );
}

function Guests({ o, problemsOnly }: { o: BackupsOverview; problemsOnly: boolean }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const now = useNow(30_000);
  const rows = problemsOnly ? o.guests.filter((g) => g.state !== 'ok' || !g.job) : o.guests;
  return (
    <RecordTable
      caption={<caption className="table-caption">{t('backups.guests')}</caption>}
      columns={[
        { label: t('fleet.col.name') },
        { label: t('backups.col.state') },
        { label: t('backups.col.last') },
        { label: t('backups.col.where') },
        { label: t('backups.col.job') },
        { label: t('backups.col.dueBy') },
      ]}
    >
      {rows.map((g) => (
        <tr key={g.guestId} data-testid="backup-row" data-guest={g.guestId}>
          <td>
            <Link to={guestPath(g.guestId)}>{g.name}</Link> <span className="muted">{g.guestId}</span>
          </td>
          <td>
            <BackupBadge state={g.state} />
          </td>
          <td>{g.last ? `${dateTime(locale, g.last.at)} (${age(t, g.last.at, now)})` : t('backups.never')}</td>
          <td>
            {g.last
              ? [
                  g.last.storage,
                  g.last.namespace || null,
                  g.last.sizeBytes === null ? null : bytes(locale, g.last.sizeBytes),
                ]
                  .filter(Boolean)
                  .join(' · ')
              : '—'}
            {g.last?.verified === 'failed' && <span className="tone-bad"> · {t('backups.verifyFailed')}</span>}
          </td>
          <td>{g.job ? g.job.id : <span className="tone-warn">{t('backups.noJob')}</span>}</td>
          <td>{g.dueBy ? dateTime(locale, g.dueBy) : '—'}</td>
        </tr>
      ))}
    </RecordTable>
  );
}
