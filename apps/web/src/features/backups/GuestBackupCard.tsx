import { useQuery } from '@tanstack/react-query';
import { Facts } from '../../components/Facts';
import { useT } from '../../i18n/i18n';
import { age, bytes, dateTime } from '../../lib/format';
import { POLL_MS, trpc } from '../../lib/trpc';
import { useNow } from '../../lib/useNow';
import { useLocale } from '../../stores/locale';
import { BackupBadge } from './BackupBadge';

/** A guest's backups on its page: its state, its newest backup, the job that makes them, the last few. */
export function GuestBackupCard({ id }: { id: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const now = useNow(30_000);
  const q = useQuery(trpc.backups.guest.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const s = q.data?.status;
  return (
    <article className="card" data-testid="guest-backups">
      <header className="card-head">
        <h2>{t('nav.backups')}</h2>
        {s && <BackupBadge state={s.state} />}
      </header>
      {!q.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : !s ? (
        <p className="muted">{t('backups.notRead')}</p>
      ) : (
        <>
          <Facts
            items={[
              [
                t('backups.col.last'),
                s.last ? `${dateTime(locale, s.last.at)} (${age(t, s.last.at, now)})` : t('backups.never'),
              ],
              [
                t('backups.col.where'),
                s.last ? [s.last.storage, s.last.namespace || null].filter(Boolean).join(' · ') : '—',
              ],
              [t('backups.col.job'), s.job ? `${s.job.id} (${s.job.schedule})` : t('backups.noJob')],
              [t('backups.col.dueBy'), s.dueBy ? dateTime(locale, s.dueBy) : '—'],
              [t('backups.col.count'), s.count],
            ]}
          />
          <ul className="plain">
            {q.data.backups.slice(0, 5).map((b) => (
              <li key={`${b.storage}@${b.at}`} className="muted">
                {dateTime(locale, b.at)} · {b.storage}
                {b.sizeBytes !== null && ` · ${bytes(locale, b.sizeBytes)}`}
                {b.verified !== 'none' && ` · ${t(`backups.verified.${b.verified}`)}`}
                {b.protected && ` · ${t('backups.protected')}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
